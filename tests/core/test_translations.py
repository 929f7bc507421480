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
