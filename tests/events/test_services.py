from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from office.core.errors import DomainError, NotFound
from office.core.registry import CalendarEntry
from office.directory.models import Representative
from office.events import calendar, queries
from office.events import privacy as personal_data
from office.events.models import Event, EventSignup
from office.events.queries import CalendarFilter
from office.events.services import signups, submission
from office.events.services.submission import EventData
from tests.directory.factories import InitiativeFactory, rep_of
from tests.events.factories import EventFactory
from tests.factories import DistrictFactory, TopicFactory, UserFactory

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)


def event_data(**overrides) -> EventData:
    return EventData(
        **{
            "title": "Repair-Café",
            "start_date": date(2030, 3, 12),
            "end_date": date(2030, 3, 12),
            "start_time": time(18, 0),
            "end_time": time(20, 0),
            **overrides,
        }
    )


@pytest.fixture
def rep_and_initiative(db):
    initiative = InitiativeFactory()
    return rep_of(initiative), initiative


def test_rep_submits_event_that_waits_for_moderation(db, rep_and_initiative):
    rep, initiative = rep_and_initiative
    event = submission.save_event(rep, None, event_data(initiative_id=initiative.id), NOW)
    assert event.status == "pending" and event.organiser == initiative.name
    assert event.start_at == datetime(2030, 3, 12, 17, 0, tzinfo=UTC)  # 18:00 in Berlin


def test_staff_event_is_published_at_once(db):
    staff = UserFactory(roles=["office_staff"])
    event = submission.save_event(
        staff, None, event_data(organiser_kind="office", organiser_name="Office"), NOW
    )
    assert event.status == "published"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_time": time(17, 0)}, "end_time"),
        ({"frequency": "weekly"}, "repeat_until"),
        ({"district_id": 987654}, "district"),
        ({"topic_ids": (987654,)}, "topics"),
        ({"frequency": "weekly", "repeat_count": 1}, "repeat_count"),
    ],
)
def test_bad_event_refused(db, rep_and_initiative, overrides, field):
    rep, initiative = rep_and_initiative
    with pytest.raises(DomainError) as exc:
        submission.save_event(rep, None, event_data(initiative_id=initiative.id, **overrides), NOW)
    assert exc.value.field == field


def test_rep_cannot_submit_for_other_or_unpublished_initiative(db, rep_and_initiative):
    rep, _mine = rep_and_initiative
    other = InitiativeFactory()
    with pytest.raises(DomainError):
        submission.save_event(rep, None, event_data(initiative_id=other.id), NOW)
    pending = InitiativeFactory(status="pending")
    pending.representatives.append(Representative(user=rep))
    db.session.flush()
    with pytest.raises(DomainError):
        submission.save_event(rep, None, event_data(initiative_id=pending.id), NOW)


def test_all_day_event_spans_local_days_with_exclusive_end(db):
    staff = UserFactory(roles=["office_staff"])
    event = submission.save_event(
        staff,
        None,
        event_data(all_day=True, start_time=None, end_time=None, end_date=date(2030, 3, 13)),
        NOW,
    )
    assert event.start_at == datetime(2030, 3, 11, 23, 0, tzinfo=UTC)
    assert event.end_at == datetime(2030, 3, 13, 23, 0, tzinfo=UTC)


def test_recurring_event_stored_once_with_series_end(db):
    staff = UserFactory(roles=["office_staff"])
    event = submission.save_event(
        staff, None, event_data(frequency="weekly", repeat_count=4, exdates=["2030-03-19"]), NOW
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=4"
    assert event.series_end_at == datetime(2030, 4, 2, 18, 0, tzinfo=UTC)  # 20:00 summer time
    entries = calendar.entries_of(event, NOW, NOW + timedelta(days=60))
    assert [e.start.date() for e in entries] == [
        date(2030, 3, 12),
        date(2030, 3, 26),
        date(2030, 4, 2),
    ]


def test_moderation_publishes_and_tells_representatives(db, outbox, rep_and_initiative):
    rep, initiative = rep_and_initiative
    event = submission.save_event(rep, None, event_data(initiative_id=initiative.id), NOW)
    staff = UserFactory(roles=["office_staff"])
    with pytest.raises(DomainError):
        submission.moderate_event(staff, event, "reject", "")
    submission.moderate_event(staff, event, "publish", "")
    assert event.status == "published"
    assert outbox.to(rep.email)[-1].subject == "Your event is in the calendar"


def test_rep_edit_of_published_event_stays_and_is_flagged(db, rep_and_initiative):
    rep, initiative = rep_and_initiative
    event = EventFactory(initiative=initiative, organiser_kind="initiative")
    submission.save_event(
        rep, event, event_data(title="New title", initiative_id=initiative.id), NOW
    )
    assert event.status == "published" and event.needs_review
    assert submission.moderation_queue()["review"] == [event]


def test_calendar_merges_registered_sources_and_filters_them(db, monkeypatch):
    from office.core import registry

    district = DistrictFactory()
    topic = TopicFactory()
    EventFactory(title="Ours", district=district, topics=[topic])
    EventFactory(title="Ours elsewhere")
    start = datetime(2030, 3, 1, tzinfo=UTC)

    def courses(s, e, filters):
        yield CalendarEntry(uid="c1", title="Course in district", start=start + timedelta(days=11),
                            end=start + timedelta(days=11, hours=2), url="/c/1", kind="course",
                            district_ids=(district.id,), topic_ids=(topic.id,))  # fmt: skip
        yield CalendarEntry(uid="c2", title="Course elsewhere", start=start + timedelta(days=11),
                            end=start + timedelta(days=11, hours=2), url="/c/2", kind="course")  # fmt: skip

    monkeypatch.setitem(registry.CALENDAR_SOURCES, "course", courses)
    end = start + timedelta(days=31)
    everything = queries.calendar_entries(start, end, CalendarFilter())
    assert {e.title for e in everything} >= {
        "Ours",
        "Ours elsewhere",
        "Course in district",
        "Course elsewhere",
    }
    filtered = queries.calendar_entries(start, end, CalendarFilter(district_ids={district.id}))
    assert {e.title for e in filtered} == {"Ours", "Course in district"}
    only_courses = queries.calendar_entries(start, end, CalendarFilter(kinds={"course"}))
    assert {e.kind for e in only_courses} == {"course"}
    by_organiser = queries.calendar_entries(start, end, CalendarFilter(organisers={"office"}))
    assert {"Ours", "Course in district"} <= {e.title for e in by_organiser}


def test_signup_until_full_then_refused(db, outbox):
    event = EventFactory(capacity=2)
    day = date(2030, 3, 12)
    signups.sign_up(event.id, day, "Ann", "ann@example.org", NOW)
    with pytest.raises(DomainError):
        signups.sign_up(event.id, day, "Ann", "ANN@example.org", NOW)
    signups.sign_up(event.id, day, "Ben", "ben@example.org", NOW)
    with pytest.raises(DomainError) as exc:
        signups.sign_up(event.id, day, "Cid", "cid@example.org", NOW)
    assert "fully booked" in str(exc.value.message)
    [mail] = outbox.to("ann@example.org")
    assert mail.attachments[0]["content_type"] == "text/calendar"


def test_signup_for_date_without_occurrence_or_past_refused(db):
    event = EventFactory(capacity=5)
    with pytest.raises(DomainError):
        signups.sign_up(event.id, date(2030, 3, 13), "Ann", "ann@example.org", NOW)
    with pytest.raises(DomainError):
        signups.sign_up(
            event.id, date(2030, 3, 12), "Ann", "ann@example.org", datetime(2030, 3, 13, tzinfo=UTC)
        )
    no_signup = EventFactory(capacity=None)
    with pytest.raises(NotFound):
        signups.sign_up(no_signup.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW)


def test_signup_per_occurrence_of_recurring_event(db):
    event = EventFactory(
        capacity=1, rrule="FREQ=WEEKLY;COUNT=3", series_end_at=datetime(2030, 3, 26, 20, tzinfo=UTC)
    )
    signups.sign_up(event.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW)
    signups.sign_up(event.id, date(2030, 3, 19), "Ben", "ben@example.org", NOW)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventSignup)) == 2


def test_signup_personal_data(db):
    event = EventFactory(capacity=3)
    signups.sign_up(event.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW)
    assert personal_data.export("ann@example.org")["event_signups"][0]["event"] == event.title
    assert personal_data.erase("ann@example.org") == 1
    db.session.flush()
    assert personal_data.export("ann@example.org") == {"event_signups": []}


def test_purge_deletes_signups_30_days_after_their_date(db):
    event = EventFactory(capacity=3)
    signups.sign_up(event.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW)
    assert signups.purge_signups(datetime(2030, 4, 10, tzinfo=UTC)) == 0
    assert signups.purge_signups(datetime(2030, 4, 12, tzinfo=UTC)) == 1


def test_initiative_page_lists_its_coming_events(db):
    initiative = InitiativeFactory()
    EventFactory(title="Ours", initiative=initiative, organiser_kind="initiative")
    EventFactory(
        title="Pending", initiative=initiative, organiser_kind="initiative", status="pending"
    )
    EventFactory(title="Someone else's")
    assert [e.title for e in calendar.upcoming_of_initiative(initiative.id, NOW)] == ["Ours"]


def test_cancelling_tells_people_signed_up_for_coming_dates(db, outbox, rep_and_initiative):
    rep, initiative = rep_and_initiative
    event = EventFactory(capacity=5, initiative=initiative, organiser_kind="initiative")
    signups.sign_up(event.id, date(2030, 3, 12), "Ann", "ann@example.org", NOW)
    with pytest.raises(DomainError):
        submission.cancel_event(rep, event, "", NOW)
    submission.cancel_event(rep, event, "The hall is flooded.", NOW)
    assert event.status == "cancelled"
    mail = outbox.to("ann@example.org")[-1]
    assert mail.subject == f"Cancelled: {event.title}" and "The hall is flooded." in mail.body_text
    with pytest.raises(DomainError):
        submission.cancel_event(rep, event, "again", NOW)
