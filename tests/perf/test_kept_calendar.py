"""The calendar keeps each event's entry facts and VEVENT per version (issue 21): a change
builds only what changed, and a kept one is never stale, also under a clock that stands still
(every change renews the event's `updated_at`)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from icalendar import Calendar

from office.events import calendar
from office.extensions import db as _db
from tests.directory.factories import InitiativeFactory
from tests.events.factories import EventFactory
from tests.factories import TopicFactory
from tests.venues.factories import VenueFactory

START = datetime(2030, 3, 12, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)


def _shown(client, lang: str = "en") -> dict:
    """What the month, the events API and the feed show of the events, by page."""
    headers = {"Accept-Language": lang}
    month = client.get("/calendar/?month=2030-03", headers=headers).get_data(as_text=True)
    api = client.get("/api/v1/events?from=2030-03-01&to=2030-04-01", headers=headers).json
    feed = Calendar.from_ical(
        client.get("/calendar.ics?from=2030-03-01&to=2030-04-30", headers=headers).data
    )
    return {"month": month, "api": api["items"], "feed": feed.walk("VEVENT")}


def _item(shown: dict, uid_id: int) -> tuple[dict, object]:
    [item] = [i for i in shown["api"] if i["uid"].startswith(f"event-{uid_id}@")]
    [vevent] = [v for v in shown["feed"] if str(v["uid"]).startswith(f"event-{uid_id}@")]
    return item, vevent


@pytest.fixture
def still_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _events():
    topic = TopicFactory(slug="garden")
    venue = VenueFactory(name="Boathouse", street="Ufer 1")
    initiative = InitiativeFactory(name="Garden friends")
    changed = EventFactory(
        title="Seed swap", start_at=START, venue=venue, initiative=initiative,
        organiser_kind="initiative", topics=[topic],
    )  # fmt: skip
    other = EventFactory(title="Harbour walk", start_at=START + timedelta(days=2))
    return changed, other, topic, venue, initiative


def _change(event, topic, venue, initiative, what: str):
    if what == "title":
        event.title = "Seed and plant swap"
    elif what == "time":
        event.start_at, event.end_at = START + timedelta(days=1), START + timedelta(days=1, hours=2)
        event.series_end_at = event.end_at
    elif what == "topic":
        event.topics = [TopicFactory(slug="climate")]
    elif what == "topic slug":
        topic.slug = "gardening"
    elif what == "venue":
        venue.name = "Old boathouse"
    elif what == "initiative":
        initiative.name = "Garden and seed friends"
    elif what == "translation":
        event.translations = {"da": {"title": "Frøbytte"}}
    _db.session.commit()


def _check(shown: dict, event, what: str):
    item, vevent = _item(shown, event.id)
    if what == "title":
        assert item["title"] == str(vevent["summary"]) == "Seed and plant swap"
        assert "Seed and plant swap" in shown["month"]
    elif what == "time":
        assert item["start"] == "2030-03-13T18:00:00+01:00"
        assert vevent.decoded("dtstart") == START + timedelta(days=1)
    elif what == "topic":
        assert item["topics"] == ["climate"]
        assert "climate" in vevent.to_ical().decode()
    elif what == "topic slug":
        assert item["topics"] == ["gardening"]
        assert "gardening" in vevent.to_ical().decode()
    elif what == "venue":
        assert item["location"].startswith("Old boathouse, Ufer 1")
        assert str(vevent["location"]).startswith("Old boathouse, Ufer 1")
    elif what == "initiative":
        assert item["organiser"] == str(vevent["x-office-organiser"]) == "Garden and seed friends"
    elif what == "translation":
        assert item["title"] == str(vevent["summary"]) == "Frøbytte"
        assert "Frøbytte" in shown["month"]


@pytest.mark.parametrize(
    "what", ["title", "time", "topic", "topic slug", "venue", "initiative", "translation"]
)
def test_a_kept_event_is_never_stale_after_a_change(client, db, still_clock, what):
    event, other, topic, venue, initiative = _events()
    lang = "da" if what == "translation" else "en"
    before = _shown(client, lang)
    assert _item(before, event.id)[0]["title"] == "Seed swap"
    _change(event, topic, venue, initiative, what)
    _check(_shown(client, lang), event, what)


def test_a_change_builds_only_the_changed_event(client, db, still_clock, monkeypatch):
    event, other, *_rest = _events()
    _shown(client)
    read, built = [], []
    facts, vevent = calendar._facts, calendar.event_vevent
    monkeypatch.setattr(calendar, "_facts", lambda v, n: read.extend(v) or facts(v, n))
    monkeypatch.setattr(
        calendar, "event_vevent", lambda e, url: built.append(e.id) or vevent(e, url)
    )
    event.title = "Seed and plant swap"
    _db.session.commit()
    shown = _shown(client)
    assert read == [event.id] and built == [event.id]
    assert _item(shown, event.id)[0]["title"] == "Seed and plant swap"
    assert _item(shown, other.id)[0]["title"] == "Harbour walk"


def test_every_change_of_an_event_renews_its_updated_at(db, still_clock):
    event = EventFactory(title="Seed swap", start_at=START)
    first = event.updated_at
    event.topics = [TopicFactory()]  # its topics alone
    _db.session.commit()
    second = event.updated_at
    event.title = "Seed and plant swap"
    _db.session.commit()
    third = event.updated_at
    assert first < second < third
    event.title = "Seed and plant swap"  # the same value: nothing changed
    _db.session.commit()
    assert event.updated_at == third


def test_an_initiatives_coming_events_are_reused_but_never_stale(client, db):
    initiative = InitiativeFactory(name="Garden friends")
    end = datetime(2030, 3, 1, 10, 0, 30, tzinfo=UTC)
    with time_machine.travel(datetime(2030, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        EventFactory(
            title="Morning swap", start_at=end - timedelta(hours=1), end_at=end,
            initiative=initiative, organiser_kind="initiative",
        )  # fmt: skip
        later = EventFactory(title="Seed swap", start_at=START, initiative=initiative)
    page = f"/initiatives/{initiative.id}"
    with time_machine.travel(end - timedelta(seconds=20), tick=False):
        shown = client.get(page).get_data(as_text=True)
        assert "Morning swap" in shown and "Seed swap" in shown
        later.title = "Seed and plant swap"
        _db.session.commit()
        assert "Seed and plant swap" in client.get(page).get_data(as_text=True)
    with time_machine.travel(end + timedelta(seconds=10), tick=False):  # the same minute
        shown = client.get(page).get_data(as_text=True)
    assert "Morning swap" not in shown and "Seed and plant swap" in shown
