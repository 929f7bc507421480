"""Content in several languages: one required version in the office's language (en in the
tests), optional others; a page shows the reader's version or the office's, marked with lang;
staff see what lacks a translation."""

import sqlalchemy as sa

from office.courses.models import Course
from tests.courses.factories import CourseFactory

COURSE = {
    "title": "Moderation basics", "slug": "moderation", "summary": "How to lead a meeting",
    "format": "in_person", "duration_days": "1", "daily_start": "09:00", "daily_end": "16:00",
    "price": "400", "price_basis": "course", "min_participants": "18", "capacity": "24",
    "lead_days": "10", "free_cancellation_days": "10", "cancellation_fee_percent": "50",
    "tr_da_title": "Grundkursus i facilitering", "tr_da_summary": "Sådan leder du et møde",
}  # fmt: skip


def _as_reader(client, locale):
    with client.session_transaction() as session:
        session["locale"] = locale


def test_staff_write_versions_and_see_what_is_missing(client, db, login_as):
    login_as("office_staff")
    form = client.get("/courses/manage/courses/new").text
    assert 'name="tr_da_title"' in form and 'name="tr_de_title"' in form
    assert 'name="tr_en_title"' not in form  # the main fields are the office's version
    assert client.post("/courses/manage/courses/new", data=COURSE).status_code == 302
    course = db.session.scalar(sa.select(Course).where(Course.slug == "moderation"))
    assert course.translations == {
        "da": {"title": "Grundkursus i facilitering", "summary": "Sådan leder du et møde"}
    }
    assert course.missing_translations() == ["de"]
    assert "no translation: Deutsch" in client.get("/courses/manage/").text
    edit = client.get(f"/courses/manage/courses/{course.id}").text
    assert "Grundkursus i facilitering" in edit


def test_reader_sees_their_version_or_the_office_one_marked_with_lang(client, db):
    CourseFactory(
        slug="moderation", title="Moderation basics", summary="How to lead a meeting",
        translations={"da": {"title": "Grundkursus i facilitering"}},
    )  # fmt: skip
    db.session.commit()
    _as_reader(client, "da")
    page = client.get("/courses/moderation").text
    assert "<h1>Grundkursus i facilitering</h1>" in page
    assert '<p class="lead" lang="en">How to lead a meeting</p>' in page  # no Danish version
    _as_reader(client, "de")
    page = client.get("/courses/moderation").text
    assert '<h1 lang="en">Moderation basics</h1>' in page
    catalogue = client.get("/courses/").text
    assert '<span lang="en">Moderation basics</span>' in catalogue


def test_process_versions_from_the_staff_form_to_the_public_page(client, db, login_as):
    from tests.processes.factories import ProcessFactory

    process = ProcessFactory(title="Neighbourhood budget", summary="Residents decide", is_public=True)
    db.session.commit()
    login_as("office_staff")
    form = client.get(f"/processes/{process.id}/edit").text
    assert 'name="tr_de_title"' in form and 'name="tr_en_title"' not in form
    process.translations = {"de": {"title": "Bürgerhaushalt"}}
    db.session.commit()
    _as_reader(client, "de")
    page = client.get(f"/processes/{process.id}").text
    assert "<h1>Bürgerhaushalt</h1>" in page
    assert '<p class="lead" lang="en">Residents decide</p>' in page
    assert process.missing_translations() == ["de", "da"]


def test_course_terms_in_the_readers_language_on_the_course_page(client, db):
    CourseFactory(
        slug="moderation", cancellation_terms="Invoices are sent after the course.",
        translations={"da": {"cancellation_terms": "Fakturaen sendes efter kurset."}},
    )  # fmt: skip
    db.session.commit()
    _as_reader(client, "da")
    assert "Fakturaen sendes efter kurset." in client.get("/courses/moderation").text
    _as_reader(client, "de")
    page = client.get("/courses/moderation").text
    assert '<span lang="en">Invoices are sent after the course.</span>' in page


EVENT = {
    "title": "Open garden", "description": "We plant together.", "initiative": "",
    "organiser_kind": "office", "start_date": "2030-03-12", "start_time": "18:00",
    "end_date": "2030-03-12", "end_time": "20:00", "district": "", "frequency": "none",
    "repeat_interval": "1", "tr_da_title": "Åben have", "tr_de_title": "Offener Garten",
    "tr_de_description": "Wir pflanzen gemeinsam.",
}  # fmt: skip


def test_event_versions_on_the_page_in_the_calendar_feeds_and_the_form(client, db, login_as):
    from office.events.models import Event

    login_as("office_staff")
    assert client.post("/calendar/new", data=EVENT).status_code == 302
    event = db.session.scalar(sa.select(Event).where(Event.title == "Open garden"))
    assert event.translations == {
        "da": {"title": "Åben have"},
        "de": {"title": "Offener Garten", "description": "Wir pflanzen gemeinsam."},
    }
    assert 'Offener Garten</textarea>' in client.get(f"/calendar/events/{event.id}/edit").text
    _as_reader(client, "da")
    page = client.get(f"/calendar/events/{event.id}").text
    assert "<h1>Åben have</h1>" in page
    assert '<div class="prose" lang="en"><p>We plant together.</p>' in page  # no Danish version
    ics = client.get(f"/calendar/events/{event.id}.ics").text
    assert "SUMMARY;LANGUAGE=da:Åben have" in ics
    feed = client.get("/api/v1/events?from=2030-03-01&to=2030-03-31").get_json()
    assert [i["title"] for i in feed["items"] if i["kind"] == "event"] == ["Åben have"]
    _as_reader(client, "de")
    feed = client.get("/api/v1/events?from=2030-03-01&to=2030-03-31").get_json()
    assert [i["description"] for i in feed["items"] if i["kind"] == "event"] == [
        "Wir pflanzen gemeinsam."
    ]
    month = client.get("/calendar/?month=2030-03").text
    assert "Offener Garten" in month


def test_initiative_versions_wait_for_moderation_then_show(client, db, login_as):
    from office.directory.models import Representative
    from tests.directory.factories import InitiativeFactory

    user = login_as("initiative_rep")
    initiative = InitiativeFactory(
        name="Garden club", short_description="We garden.", meeting_times="Tuesdays"
    )
    initiative.representatives.append(Representative(user=user))
    db.session.commit()
    client.post(f"/initiatives/{initiative.id}/edit", data={
        "name": "Garden club", "short_description": "We garden.", "meeting_times": "Tuesdays",
        "tr_da_short_description": "Vi dyrker have.", "tr_da_meeting_times": "Hver tirsdag",
    })  # fmt: skip
    assert initiative.translations == {}  # a published entry's texts wait for the office
    assert initiative.pending_changes["translations"]["da"]["short_description"] == "Vi dyrker have."
    login_as("office_staff")
    review = client.get(f"/initiatives/{initiative.id}/moderate").text
    assert '<p lang="da"><strong>Dansk:</strong> Vi dyrker have. · Hver tirsdag</p>' in review
    client.post(f"/initiatives/{initiative.id}/moderate", data={"c-decision": "accept"})
    _as_reader(client, "da")
    page = client.get(f"/initiatives/{initiative.id}").text
    assert '<p class="lead">Vi dyrker have.</p>' in page and "Hver tirsdag" in page
    assert "Vi dyrker have." in client.get("/initiatives/").text
    _as_reader(client, "de")
    assert '<p class="lead" lang="en">We garden.</p>' in client.get(f"/initiatives/{initiative.id}").text


def test_board_rules_versions_from_the_form_to_the_rules_page(client, db, login_as):
    login_as("office_staff")
    response = client.post("/board/rules/new", data={
        "title": "Rules of procedure", "effective_from": "2026-01-01", "quorum": "more_than_half",
        "majority": "simple", "abstentions": "not_counted", "tie": "rejected",
        "body": "# Meetings\n\nThe board meets four times a year.",
        "tr_da_title": "Forretningsorden", "tr_da_body": "# Møder\n\nRådet mødes fire gange om året.",
    })  # fmt: skip
    assert response.status_code == 302
    _as_reader(client, "da")
    page = client.get("/board/rules").text
    assert "Rådet mødes fire gange om året." in page and "Forretningsorden" in page
    assert "<h1>Forretningsorden</h1>" in client.get("/board/rules/1").text
    _as_reader(client, "de")
    page = client.get("/board/rules/1").text
    assert '<h1 lang="en">Rules of procedure</h1>' in page
    assert '<div class="markdown" lang="en">' in page


def test_staff_see_which_texts_lack_a_translation(client, db, login_as):
    from office.methods.services import install_method_cards
    from tests.events.factories import EventFactory
    from tests.governance.factories import RulesVersionFactory

    install_method_cards()
    RulesVersionFactory(title="Rules", body="# Rules", translations={"de": {"title": "Regeln"}})
    EventFactory(title="Pending talk", status="pending", translations={"da": {"title": "Foredrag"}})
    db.session.commit()
    login_as("office_staff")
    assert "no translation" not in client.get("/methods/world-cafe").text  # all three written
    assert "no translation: Deutsch, Dansk" in client.get("/board/rules").text  # body lacks both
    assert "no translation: Deutsch" in client.get("/calendar/moderation").text


def test_sign_up_mail_names_the_event_in_the_residents_language(db, outbox):
    from datetime import UTC, date, datetime

    from office.events.services import signups
    from tests.events.factories import EventFactory

    event = EventFactory(title="Open garden", capacity=5, translations={"da": {"title": "Åben have"}})
    now = datetime(2030, 3, 1, tzinfo=UTC)
    signups.sign_up(event.id, date(2030, 3, 12), "Søren", "soren@example.org", now, locale="da")
    signups.sign_up(event.id, date(2030, 3, 12), "Jelena", "jelena@example.org", now, locale="de")
    danish, german = outbox.to("soren@example.org")[0], outbox.to("jelena@example.org")[0]
    assert "Åben have" in danish.subject and "Åben have" in danish.body_text
    assert "Open garden" in german.subject and "Open garden" in german.body_text


def test_course_dates_in_the_calendar_feed_in_the_readers_language(client, db):
    from datetime import date

    from tests.courses.factories import RunFactory

    course = CourseFactory(
        title="Moderation basics", published=True, duration_days=1,
        translations={"de": {"title": "Moderieren"}},
    )  # fmt: skip
    RunFactory(course=course, first_day=date(2030, 3, 12))
    db.session.commit()
    _as_reader(client, "de")
    feed = client.get("/api/v1/events?from=2030-03-01&to=2030-03-31").get_json()
    assert [i["title"] for i in feed["items"] if i["kind"] == "course"] == ["Moderieren"]


def test_initiative_apis_give_the_readers_version(client, db):
    from tests.directory.factories import InitiativeFactory

    InitiativeFactory(
        name="Garden club", short_description="We garden.",
        translations={"da": {"short_description": "Vi dyrker have."}},
    )  # fmt: skip
    db.session.commit()
    _as_reader(client, "da")
    items = client.get("/api/v1/initiatives").get_json()["items"]
    assert [i["short_description"] for i in items] == ["Vi dyrker have."]
    services = client.get("/api/hsds/services").get_json()
    assert "Vi dyrker have." in str(services)
    _as_reader(client, "de")
    items = client.get("/api/v1/initiatives").get_json()["items"]
    assert [i["short_description"] for i in items] == ["We garden."]
