"""A recommendation linked to a paper of the council information system takes its political
answer from there: `flask processes sync-council`, run as cron runs it, against a local OParl
server made of fixture files (tests/processes/council/), no network."""

import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from office.processes.models import Recommendation
from tests.processes.factories import ProcessFactory

FIXTURES = Path(__file__).parent / "council"
ROUTES = {
    "/paper/7": "paper.json", "/agendaitem/71": "agendaitem-71.json",
    "/agendaitem/81": "agendaitem-81.json", "/meeting/82": "meeting-82.json",
    "/organization/83": "organization-83.json", "/paper/8": "not-a-paper.json",
    "/paper/9": "broken.json",
}  # fmt: skip


class CouncilSystem(BaseHTTPRequestHandler):
    """Serves the fixture files as a council's OParl system would; /slow never answers in time."""

    overrides: dict = {}

    def do_GET(self):  # noqa: N802 - the http.server interface
        if self.path == "/slow":
            time.sleep(2)
        name = self.overrides.get(self.path, ROUTES.get(self.path))
        if name is None:
            self.send_error(404)
            return
        body = (FIXTURES / name).read_text().replace("{base}", self.server.base).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def council():
    server = ThreadingHTTPServer(("127.0.0.1", 0), CouncilSystem)
    server.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.base
    server.shutdown()
    CouncilSystem.overrides = {}


def _linked(db, url: str, **fields) -> Recommendation:
    process = ProcessFactory()
    rec = Recommendation(process=process, number=1, title="Solardächer", text="Alle Dächer.",
                         stage="final", council_paper_url=url, **fields)  # fmt: skip
    db.session.add(rec)
    db.session.commit()
    return rec


def test_the_authoritative_decision_becomes_the_political_answer(db, cron, council):
    rec = _linked(db, f"{council}/paper/7")
    result = cron("processes", "sync-council")
    db.session.refresh(rec)
    assert (rec.answer, rec.answered_on) == ("partly", date(2026, 11, 19))
    assert rec.answer_committee == "Rat der Stadt"
    assert rec.answer_rationale.startswith("Der Rat beschließt Solaranlagen auf 40 Dächern")
    assert rec.council_changed_on is not None and rec.council_problem == ""
    assert "1 read, 1 taken over" in result.output
    # the next night finds nothing new and leaves the staff's flag as it is
    assert "0 taken over" in cron("processes", "sync-council").output


def test_staff_see_the_answer_and_saving_it_clears_the_flag(client, db, login_as, cron, council):
    rec = _linked(db, f"{council}/paper/7")
    cron("processes", "sync-council")
    login_as("office_staff")
    page = client.get(f"/processes/recommendations/{rec.id}").get_data(as_text=True)
    assert "answer was taken over on" in page and f"{council}/paper/7" in page
    saved = client.post(f"/processes/recommendations/{rec.id}", data={
        "form": "answer", "answer-answer": "partly", "answer-answer_committee": "Rat der Stadt",
        "answer-answered_on": "2026-11-19", "answer-answer_rationale": rec.answer_rationale,
    })  # fmt: skip
    assert saved.status_code == 302
    db.session.refresh(rec)
    assert rec.council_changed_on is None


def test_an_undecided_paper_leaves_the_answer_pending(db, cron, council):
    CouncilSystem.overrides = {"/agendaitem/81": "agendaitem-71.json"}
    rec = _linked(db, f"{council}/paper/7")
    assert "0 taken over" in cron("processes", "sync-council").output
    db.session.refresh(rec)
    assert rec.answer == "pending" and rec.council_problem == ""


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/paper/8", "not an OParl Paper"),
        ("/paper/9", "not JSON"),
        ("/paper/404", "not reachable"),
        ("/slow", "no answer within"),
    ],
)
def test_a_council_system_that_fails_changes_nothing_and_says_why(db, cron, council, path, reason):
    rec = _linked(db, f"{council}{path}", answer="accepted", answered_on=date(2026, 5, 1),
                  answer_committee="Ausschuss", answer_rationale="Angenommen.")  # fmt: skip
    result = cron("processes", "sync-council", "--timeout", "0.5")
    db.session.refresh(rec)
    assert (rec.answer, rec.answered_on, rec.answer_rationale) == (
        "accepted", date(2026, 5, 1), "Angenommen.")  # fmt: skip
    assert reason in rec.council_problem and reason in result.output


def test_a_paper_address_must_be_a_web_address(client, db, login_as):
    process = ProcessFactory()
    db.session.commit()
    login_as("office_staff")
    answer = client.post(f"/processes/{process.id}/recommendations/new", data={
        "title": "T", "text": "X", "council_paper_url": "javascript:alert(1)",
    })  # fmt: skip
    assert answer.status_code == 422 and "Please give a web address." in answer.get_data(
        as_text=True
    )
    assert db.session.query(Recommendation).count() == 0


def test_bad_options_exit_non_zero_with_one_line(cron):
    result = cron("processes", "sync-council", "--timeout", "0", exit_code=2)
    assert "timeout" in result.output.lower()


def test_a_recommendation_the_database_refuses_is_reported_the_others_answered(
    db, cron, council, db_refuses, job_status
):
    kept, answered = (_linked(db, f"{council}/paper/7") for _ in range(2))
    db_refuses("recommendations", "UPDATE", kept.id)
    result = cron("processes", "sync-council", exit_code=1)
    assert f"recommendation {kept.id}: " in result.output
    status = job_status("processes sync-council")
    assert "succeeded never" in status and "refused by the database" in status
    db.session.expire_all()
    assert (kept.answer, answered.answer) == ("pending", "partly")
