"""The month grid counts each day's entries in the database and builds only the first few:
what a visitor sees ("N more" per day, the first entries by start) must be exact, also with
filters, for events that run over midnight or for days, and across a daylight-saving change."""

import re
from datetime import UTC, datetime, timedelta

from office.extensions import db as _db
from tests.events.factories import EventFactory
from tests.factories import DistrictFactory, TopicFactory

MORE = re.compile(r'href="[^"]*from=(\d{4}-\d{2}-\d{2})[^"]*">(\d+) more')


def _more(page: str) -> dict[str, int]:
    """{day: N} of the grid's "N more" links."""
    return {day: int(n) for day, n in MORE.findall(page)}


def _month(client, query: str = "") -> str:
    return client.get(f"/calendar/?month=2030-03{query}").get_data(as_text=True)


def _on_12_march(n: int, prefix: str, **kwargs):
    """`n` events on 12 March, one an hour from 08:00 UTC (09:00 in Berlin)."""
    start = datetime(2030, 3, 12, 8, 0, tzinfo=UTC)
    return [
        EventFactory(title=f"{prefix} {i:02d}", start_at=start + timedelta(hours=i), **kwargs)
        for i in range(n)
    ]


def test_more_counts_every_event_of_a_busy_day_and_shows_the_first_five(client, db):
    _on_12_march(12, "Busy")
    page = _month(client)
    assert _more(page) == {"2030-03-12": 7}
    shown = re.findall(r"Busy (\d\d)", page)
    assert shown == ["00", "01", "02", "03", "04"]


def test_same_start_is_ordered_by_title(client, db):
    start = datetime(2030, 3, 12, 17, 0, tzinfo=UTC)
    for title in ("Delta", "Alpha", "Echo", "Charlie", "Foxtrot", "Bravo", "Golf"):
        EventFactory(title=title, start_at=start)
    page = _month(client)
    assert _more(page) == {"2030-03-12": 2}
    shown = re.findall(r"\b(Alpha|Bravo|Charlie|Delta|Echo|Foxtrot|Golf)\b", page)
    assert shown == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


def test_events_running_over_midnight_or_for_days_count_on_each_day(client, db):
    _on_12_march(5, "Busy")
    # 22:00 on 11 March to 02:00 on 12 March in Berlin: on both days
    EventFactory(
        title="Night walk",
        start_at=datetime(2030, 3, 11, 21, 0, tzinfo=UTC),
        end_at=datetime(2030, 3, 12, 1, 0, tzinfo=UTC),
    )
    # ten days (stored as a long occurrence), from 5 to 14 March
    EventFactory(
        title="Exhibition",
        start_at=datetime(2030, 3, 5, 9, 0, tzinfo=UTC),
        end_at=datetime(2030, 3, 14, 17, 0, tzinfo=UTC),
    )
    page = _month(client)
    # 12 March: the exhibition, the night walk and five more: seven entries, two behind the link
    assert _more(page) == {"2030-03-12": 2}
    assert page.count("Exhibition") == 10
    assert page.count("Night walk") == 2


def test_a_day_is_the_office_day_across_daylight_saving(client, db):
    # 23:30 UTC on 30 March is 00:30 on 31 March in Berlin (summer time begins that night)
    start = datetime(2030, 3, 30, 23, 30, tzinfo=UTC)
    for i in range(7):
        EventFactory(title=f"Early {i}", start_at=start + timedelta(minutes=i))
    # 22:30 UTC on 31 March is 00:30 on 1 April in summer time (a day past the grid)
    for i in range(6):
        EventFactory(title=f"April {i}", start_at=datetime(2030, 3, 31, 22, 30, tzinfo=UTC))
    page = _month(client)
    assert _more(page) == {"2030-03-31": 2}
    assert "April 0" not in page


def test_more_counts_only_what_the_filter_keeps(client, db):
    east, west = DistrictFactory(slug="east"), DistrictFactory(slug="west")
    garden, sport = TopicFactory(slug="garden"), TopicFactory(slug="sport")
    _on_12_march(8, "East", district=east, topics=[garden])
    _on_12_march(3, "West", district=west, topics=[sport])
    EventFactory(
        title="Long fair",
        district=east,
        topics=[garden],
        start_at=datetime(2030, 3, 5, 9, 0, tzinfo=UTC),
        end_at=datetime(2030, 3, 14, 17, 0, tzinfo=UTC),
    )
    _db.session.flush()
    assert _more(_month(client)) == {"2030-03-12": 7}
    assert _more(_month(client, "&district=east")) == {"2030-03-12": 4}
    assert _more(_month(client, "&district=west")) == {}
    assert _more(_month(client, "&topic=sport")) == {}
    assert _more(_month(client, "&topic=garden&topic=sport")) == {"2030-03-12": 7}
    assert "Long fair" not in _month(client, "&district=west")
    by_district = _month(client, "&district=west")
    assert "West 02" in by_district and "East" not in by_district
    other_kinds = _month(client, "&kind=course")
    assert _more(other_kinds) == {} and "East 00" not in other_kinds


def test_the_week_shows_a_busy_day_like_the_month_grid(client, db):
    """The week reads its days as the month does: the first WEEK_DAY_ENTRIES by start, the
    rest counted behind a link to the list from that day."""
    start = datetime(2030, 3, 12, 8, 0, tzinfo=UTC)
    for i in range(23):
        EventFactory(title=f"Busy {i:02d}", start_at=start + timedelta(minutes=30 * i))
    page = client.get("/calendar/week?date=2030-03-13").get_data(as_text=True)
    assert _more(page) == {"2030-03-12": 3}
    assert re.findall(r"Busy (\d\d)", page) == [f"{i:02d}" for i in range(20)]
