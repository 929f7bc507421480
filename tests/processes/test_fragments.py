"""The process page and its scorecard come from kept fragments: a warm load reads none of the
process's data again, yet every change shows at once, per language and per role."""

from datetime import date, timedelta

import sqlalchemy as sa

from office.core import cache
from office.processes.models import Pledge, Suggestion
from tests.factories import OrganisationFactory
from tests.processes.factories import (
    MinorityStatementFactory,
    PhaseFactory,
    ProcessFactory,
    RecommendationFactory,
)


def _statements(db, load) -> tuple[str, list[str]]:
    """The page `load()` returns and the SQL statements it sent."""
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    sa.event.listen(db.session.get_bind(), "before_cursor_execute", record)
    try:
        html = load()
    finally:
        sa.event.remove(db.session.get_bind(), "before_cursor_execute", record)
    return html, seen


def _reads(statements, table):
    return [s for s in statements if f"FROM {table}" in s or f"JOIN {table}" in s]


def _page(client, url, lang="en"):
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _seen_by_role(client, login_as, url, text) -> list[bool]:
    """Whether `text` shows to the public, then to staff, then to the public again."""
    seen = [text in _page(client, url)]
    login_as("office_staff")
    seen.append(text in _page(client, url))
    with client.session_transaction() as session:
        session.clear()  # logged out
    return [*seen, text in _page(client, url)]


def test_process_page_warm_load_reads_no_process_data_and_changes_show_at_once(client, db):
    cache.clear()
    process = ProcessFactory(title="Marktplatz", status="running")
    phase = PhaseFactory(process=process, title="Werkstatt am Markt")
    draft = RecommendationFactory(process=process, stage="open_for_comment", title="Bänke")
    url = f"/processes/{process.id}"
    assert "Werkstatt am Markt" in _page(client, url)

    html, statements = _statements(db, lambda: _page(client, url))
    assert "Werkstatt am Markt" in html and "Bänke" in html
    assert statements
    for table in ("process_phases", "recommendations", "process_suggestions", "methods"):
        assert not _reads(statements, table), table
    assert "Send suggestion" in html  # the suggestion form still renders per request

    process.title = "Neuer Marktplatz"
    db.session.commit()
    assert "<h1>Neuer Marktplatz</h1>" in _page(client, url)  # the <title> is not kept

    db.session.add(Suggestion(
        process=process, name="Ada", email="ada@example.org", text="Mehr Schatten",
        status="published",
    ))  # fmt: skip
    db.session.commit()
    assert "Mehr Schatten" in _page(client, url)

    # changes of one row of another table alone (not through the process's collections)
    phase.title = "Abschlussabend"
    db.session.commit()
    assert "Abschlussabend" in _page(client, url)
    draft.title = "Schattige Bänke"
    db.session.commit()
    assert "Schattige Bänke" in _page(client, url)


def test_process_page_fragment_per_language_and_role(client, db, login_as):
    cache.clear()
    process = ProcessFactory(title="Marktplatz")
    url = f"/processes/{process.id}"
    assert "Marktplatz" in _page(client, url, "da")
    process.translations = {"da": {"title": "Torvet"}}
    db.session.commit()
    assert "<h1>Torvet</h1>" in _page(client, url, "da")
    assert "Torvet" not in _page(client, url, "en")

    assert _seen_by_role(client, login_as, url, "Edit process") == [False, True, False]


def test_scorecard_warm_load_reads_no_recommendations_and_changes_show_at_once(client, db):
    cache.clear()
    process = ProcessFactory()
    solar = RecommendationFactory(process=process, title="Solar", answer="pending")
    statement = MinorityStatementFactory(recommendation=solar, text="Wir sehen das so.")
    pledge = Pledge(
        recommendation=solar, organisation=OrganisationFactory(name="Stadtwerke"),
        text="Dächer zählen", pledged_on=date(2026, 2, 1),
    )  # fmt: skip
    db.session.add(pledge)
    db.session.commit()
    url = f"/processes/{process.id}/scorecard"
    assert "Solar" in _page(client, url)

    html, statements = _statements(db, lambda: _page(client, url))
    assert "Solar" in html and statements
    for table in ("recommendations", "pledges", "implementation_updates", "minority_statements"):
        assert not _reads(statements, table), table

    solar.answer, solar.answered_on = "accepted", date(2026, 1, 5)
    solar.answer_committee = "Klimaausschuss"
    db.session.commit()
    assert "Klimaausschuss" in _page(client, url)

    # changes of one row of another table alone (not through the recommendation's collections)
    statement.text = "Wir sehen das anders."
    db.session.commit()
    assert "Wir sehen das anders." in _page(client, url)
    pledge.text = "Dächer prüfen"
    db.session.commit()
    assert "Dächer prüfen" in _page(client, url)
    process.title = "Klimarat"
    db.session.commit()
    assert "Recommendations of Klimarat" in _page(client, url)

    RecommendationFactory(
        process=process, title="Überfällig", answer_due_on=date.today() - timedelta(days=3)
    )
    db.session.commit()
    assert "<strong>1</strong> answers overdue" in _page(client, url)


def test_scorecard_fragment_per_role(client, db, login_as):
    cache.clear()
    process = ProcessFactory()
    RecommendationFactory(process=process, stage="draft", title="Entwurf Radwege")
    url = f"/processes/{process.id}/scorecard"
    assert _seen_by_role(client, login_as, url, "Entwurf Radwege") == [False, True, False]
