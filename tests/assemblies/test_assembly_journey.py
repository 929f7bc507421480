"""Issue #22's "done when", in a real browser: an assembly after its selection holds three
sessions with attendance, two co-facilitators (one of them took the facilitation course), an
expert's input; its draft recommendations are opened for residents' comments, moderated, and
adopted with their vote and a minority statement; the citizens' report is published, and its
PDF prints every name and sign as written (pdftotext); the public pages pass axe-core in German,
Danish and English."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from office.core.clock import local_now
from office.processes.models import Recommendation
from tests.assemblies.factories import SELECTED_AT, selected_assembly
from tests.conftest import a11y
from tests.contacts.factories import PersonFactory
from tests.core.test_documents import pdf_text
from tests.courses.factories import CourseFactory, RegistrationFactory, RunFactory
from tests.factories import PASSWORD, UserFactory
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: names and texts with the signs of the three languages, which every page and the report
#: must print as written
FACILITATORS = ("Jürgen Weiß", "Åse Østergård")
EXPERT = ("Søren", "Ødegård-Müller")
RECOMMENDATIONS = (
    ("Grønne gårde: Fælles køkkenhaver", "Hver bydel får fælles køkkenhaver på kommunale arealer."),
    (
        "Straßenbäume für heiße Sommer",
        "Die Stadt pflanzt bis 2030 je Straße „mindestens“ zehn Bäume.",
    ),
)
MINORITY = "Vi mener, at prisen er for høj – pengene bør gå til skolerne."
COMMENT = "Bitte auch Balkone mitdenken – ça marche aussi à Malmö!"
ASSEMBLY = "Borgerting om klima: Grøn Bý"
FOREWORD = (
    "Tak til alle – „Danke“ an die Mitglieder, die sich Zeit nahmen: 3 møder, 2 Empfehlungen."
)
#: a heading of each public page, per language
HEADINGS = {
    "comments": {"de": "Kommentare der Einwohnerschaft", "da": "Borgernes kommentarer",
                 "en": "Residents' comments"},
    "scorecard": {"de": "Empfehlungen und Antworten", "da": "Anbefalinger og svar",
                  "en": "Recommendations and answers"},
    "report": {"de": "Bürgergutachten", "da": "Borgertingets rapport", "en": "Citizens' report"},
}  # fmt: skip


def _field(page, label):
    """The form field labelled exactly `label` (a required field's label adds "(required)")."""
    return page.get_by_label(re.compile("^" + re.escape(label) + r"( \(required\))?$"))


def _log_in(page, url, email):
    page.goto(url + "/account/login")
    a11y(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    a11y(page)


def _log_out(page):
    page.get_by_role("button", name="Log out").click()
    a11y(page)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _in_three_languages(page, url, heading_key, *texts, pdf=None, pdf_dir=None):
    """The page in German, Danish and English: its heading, the texts as written, no axe
    violation; back in English afterwards."""
    page.goto(url)
    a11y(page)
    for code in ("de", "da", "en"):
        page.locator(f"button[name=locale][value={code}]").click()
        expect(page.get_by_role("heading", name=HEADINGS[heading_key][code])).to_be_visible()
        content = page.content()
        missing = [t for t in texts if t not in content]
        assert not missing, (code, missing)
        a11y(page)
        if pdf:  # the same session's PDF, in the language chosen
            answer = page.request.get(pdf)
            assert answer.ok and answer.headers["content-type"] == "application/pdf"
            printed = _flat(pdf_text(answer.body(), pdf_dir))
            missing = [t for t in (HEADINGS[heading_key][code], *texts) if _flat(t) not in printed]
            assert not missing, (code, missing, printed)


def _setup(db):
    """A published assembly whose panel was drawn at SELECTED_AT, its public process, the office,
    two staff members (one took the facilitation course) and an expert in the contacts."""
    process = ProcessFactory(title="Borgerting om klima i København", kind="assembly",
                             status="running", is_public=True)  # fmt: skip
    selected_assembly(slug="klima", title=ASSEMBLY, published=True, process=process)
    UserFactory(email="office@example.org", name="Office", roles=["office_staff"])
    trained = UserFactory(email="juergen@example.org", name=FACILITATORS[0],
                          roles=["department_staff"])  # fmt: skip
    UserFactory(email="aase@example.org", name=FACILITATORS[1], roles=["department_staff"])
    course = CourseFactory(title="Facilitering af borgerting")
    RegistrationFactory(
        run=RunFactory(course=course), user_id=trained.id, attended=True, seat_number=1
    )
    PersonFactory(first_name=EXPERT[0], last_name=EXPERT[1])
    db.session.commit()
    return process


def _plan_sessions(page, url):
    """Three sessions after the selection, already held (attendance is taken afterwards)."""
    for n, days in enumerate((1, 7, 13), start=1):
        start = (SELECTED_AT + timedelta(days=days)).astimezone(local_now().tzinfo)
        page.goto(url + "/assemblies/klima/manage/sessions/new")
        a11y(page)
        page.get_by_label("Title").fill(f"Møde {n}: Rådhuset")
        page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT10:00"))
        page.get_by_label("Ends").fill(start.strftime("%Y-%m-%dT16:00"))
        page.get_by_label("Place (if it is not in the list of venues)").fill("Rådhuset, Festsalen")
        page.get_by_role("button", name="Save").click()
        a11y(page)
        expect(page.get_by_text(f"Møde {n}: Rådhuset").first).to_be_visible()


def _take_attendance(page, url):
    for n in (1, 2, 3):
        page.goto(url + "/assemblies/klima/manage")
        a11y(page)
        page.get_by_role("link", name=f"Attendance: Møde {n}: Rådhuset").click()
        a11y(page)
        boxes = page.locator("input[name=present]")
        for i in range(boxes.count()):
            # everyone came to the first two sessions; one member missed the third
            if n < 3 or i > 0:
                boxes.nth(i).check()
        page.get_by_role("button", name="Save attendance").click()
        a11y(page)


def _volunteer(page, url, email):
    _log_in(page, url, email)
    page.goto(url + "/assemblies/klima/volunteer")
    a11y(page)
    page.get_by_role("button", name="Volunteer").click()
    a11y(page)
    _log_out(page)


def _assign_facilitators(page, url):
    page.goto(url + "/assemblies/klima/manage/facilitators")
    a11y(page)
    _field(page, "Facilitation course").select_option(label="Facilitering af borgerting")
    page.get_by_role("button", name="Save the course").click()
    a11y(page)
    expect(page.get_by_text("yes, took the course")).to_have_count(1)
    for name, table in zip(FACILITATORS, ("Bord 1", "Bord 2"), strict=True):
        _field(page, "Facilitator").select_option(label=name)
        _field(page, "Session").select_option(index=1)
        page.get_by_label("Table (empty for the plenary)").fill(table)
        page.get_by_role("button", name="Assign").click()
        a11y(page)
    expect(
        page.get_by_role("button", name=f"Remove {FACILITATORS[1]} from Møde 2: Rådhuset")
    ).to_be_visible()


def _expert_input(page, url):
    page.goto(url + "/assemblies/klima/manage/experts")
    a11y(page)
    page.get_by_label("Expert (from the contacts)").select_option(label=" ".join(EXPERT))
    _field(page, "Session").select_option(index=0)
    _field(page, "Topic").fill("Klimatilpasning: Skybrud og grønne tage")
    page.set_input_files("input[name=materials]", files=[
        {"name": "Skybrud – Præsentation.pdf", "mimeType": "application/pdf", "buffer": PDF}])  # fmt: skip
    page.get_by_role("button", name="Save the input").click()
    a11y(page)
    page.get_by_role("button", name="Publish “Klimatilpasning: Skybrud og grønne tage”").click()
    a11y(page)


def _draft_and_open(page, url, process_id, title, text) -> int:
    """Staff enter the assembly's draft and open it for comment for two weeks from today."""
    page.goto(url + f"/processes/{process_id}/recommendations/new")
    a11y(page)
    _field(page, "Title").fill(title)
    _field(page, "Recommendation").fill(text)
    page.get_by_role("button", name="Save").click()
    a11y(page)
    expect(page.get_by_text("The recommendation is saved as a draft.")).to_be_visible()
    rec_id = int(page.url.rsplit("/", 1)[1])
    today = local_now().date()
    page.get_by_label("Comments from").fill(today.isoformat())
    page.get_by_label("Comments until (last day)").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Open for comment").click()
    a11y(page)
    expect(
        page.get_by_text("The recommendation is open for comment on its public page.")
    ).to_be_visible()
    return rec_id


def _resident_comments(page, url, process_id, title):
    page.goto(url + f"/processes/{process_id}")
    a11y(page)
    page.get_by_role("link", name=title).click()
    a11y(page)
    page.get_by_label("Your name").fill("Zoë Ångström")
    page.get_by_label("Your email address").fill("zoe@example.org")
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_role("button", name="Send comment").click()
    a11y(page)
    expect(page.locator("#consent-error")).to_have_text(
        "Please agree to the publication of your comment."
    )
    page.get_by_label("I agree that my comment and my name are published").check()
    page.get_by_role("button", name="Send comment").click()
    a11y(page)
    expect(
        page.get_by_text("Your comment will be shown here once the office has checked it.")
    ).to_be_visible()
    assert COMMENT not in page.content()  # hidden until the office approves it


def _comment_period_ends(db, rec_id):
    """Two weeks pass: the comment period is over (the dates move back instead of the clock)."""
    db.session.rollback()  # a fresh snapshot: the browser's changes are committed
    today = local_now().date()
    rec = db.session.get(Recommendation, rec_id)
    rec.comment_opens_on, rec.comment_closes_on = (
        today - timedelta(days=15),
        today - timedelta(days=1),
    )
    db.session.commit()


def _adopt(page, url, rec_id, votes, minority=None):
    page.goto(url + f"/processes/recommendations/{rec_id}")
    a11y(page)
    for label, number in zip(("Members for", "Members against", "Abstentions"), votes, strict=True):
        page.get_by_label(label).fill(str(number))
    page.get_by_role("button", name="Make final").click()
    a11y(page)
    if minority:
        page.get_by_label("Minority statement").fill(minority[0])
        page.get_by_label("Members behind the statement").fill(str(minority[1]))
        page.get_by_role("button", name="Save minority statement").click()
        a11y(page)


def _publish_report(page, url):
    page.goto(url + "/assemblies/klima/manage/report")
    a11y(page)
    _field(page, "Foreword of the report").fill(FOREWORD)
    page.get_by_role("button", name="Save the foreword").click()
    a11y(page)
    page.get_by_role("button", name="Publish the report").click()
    a11y(page)
    expect(page.get_by_text("The report is public.")).to_be_visible()


def test_an_assembly_runs_from_its_selection_to_its_recommendations(
    page, live_server, committed_db, tmp_path
):
    url = live_server.url
    process = _setup(committed_db)
    _volunteer(page, url, "juergen@example.org")
    _volunteer(page, url, "aase@example.org")
    _log_in(page, url, "office@example.org")
    _plan_sessions(page, url)
    _take_attendance(page, url)
    page.goto(url + "/assemblies/klima/manage/attendance")
    a11y(page)
    _assign_facilitators(page, url)
    _expert_input(page, url)
    rec_ids = [_draft_and_open(page, url, process.id, t, x) for t, x in RECOMMENDATIONS]
    _log_out(page)

    for title, _text in RECOMMENDATIONS:
        _resident_comments(page, url, process.id, title)
    _log_in(page, url, "office@example.org")
    page.goto(url + "/processes/comments")
    a11y(page)
    for _n in RECOMMENDATIONS:
        page.get_by_role("button", name="Publish").first.click()
        a11y(page)
    expect(page.get_by_text("No comments are waiting for review.")).to_be_visible()

    # the assembly's seats are the panel of the selection: more votes are refused
    for rec_id in rec_ids:
        _comment_period_ends(committed_db, rec_id)
    _adopt(page, url, rec_ids[0], (3, 1, 1))
    expect(page.locator("#support-votes_for-error")).to_have_text(
        "More members voted (5) than the assembly has seats (4)."
    )
    _adopt(page, url, rec_ids[0], (3, 1, 0), minority=(MINORITY, 1))
    _adopt(page, url, rec_ids[1], (4, 0, 0))
    _publish_report(page, url)
    _log_out(page)

    first = RECOMMENDATIONS[0][0]
    _in_three_languages(page, url + f"/processes/drafts/{rec_ids[0]}", "comments", first, COMMENT,
                        "Zoë Ångström", MINORITY)  # fmt: skip
    _in_three_languages(page, url + f"/processes/{process.id}/scorecard", "scorecard", first,
                        RECOMMENDATIONS[1][0], MINORITY)  # fmt: skip
    page.goto(url + f"/processes/{process.id}/scorecard")
    assert "3 for, 1 against, 0 abstentions (75 % in favour)" in page.content()
    assert "Minority statement (1 member)" in page.content()
    a11y(page)
    # every name and sign, on the report's page and in its PDF, in each language
    _in_three_languages(
        page, url + "/assemblies/klima/report", "report", ASSEMBLY, FOREWORD, MINORITY,
        *(t for rec in RECOMMENDATIONS for t in rec), "Møde 1: Rådhuset", "Rådhuset, Festsalen",
        " ".join(EXPERT), "Klimatilpasning: Skybrud og grønne tage",
        pdf=url + "/assemblies/klima/report.pdf", pdf_dir=tmp_path,
    )  # fmt: skip
