"""schema.org Event JSON-LD on the public course page: one Event per coming run."""

from datetime import timedelta

from tests.courses.factories import CourseFactory, RunFactory
from tests.schema_org import check_event, json_ld_of


def test_course_page_json_ld_has_each_run_as_an_event(client, db):
    course = CourseFactory(title="Facilitation basics", format="hybrid", duration_days=2)
    first = RunFactory(course=course)
    RunFactory(course=course, first_day=first.first_day + timedelta(days=14))
    page = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    events = json_ld_of(page)
    assert len(events) == 2
    for event in events:
        check_event(event)
        assert event["name"] == "Facilitation basics"
        assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    data = events[0]
    assert data["startDate"].startswith(first.first_day.isoformat() + "T09:00:00+")
    assert data["endDate"].startswith(first.last_day.isoformat() + "T16:00:00+")
    place, online = data["location"]
    assert place["address"]["streetAddress"] == "Sorøgade 6, København Ø"
    # the meeting link is for participants only: the public gets the course page
    assert "secret-room" not in str(data) and online["url"].endswith(f"/courses/{course.slug}")
    assert float(data["offers"][0]["price"]) > 400  # incl. VAT
    assert data["offers"][0]["priceCurrency"] == "EUR"


def test_course_without_runs_has_no_json_ld(client, db):
    course = CourseFactory()
    assert json_ld_of(client.get(f"/courses/{course.slug}").get_data(as_text=True)) == []
