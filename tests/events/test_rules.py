from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from office.events import rules

TZ = ZoneInfo("Europe/Berlin")
TUESDAY = datetime(2026, 3, 17, 19, 0, tzinfo=TZ)  # summer time begins on 29 March


@pytest.mark.parametrize(
    ("frequency", "interval", "count", "until", "expected"),
    [
        ("none", 1, None, None, ""),
        ("weekly", 1, 10, None, "FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        ("weekly", 2, 10, None, "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2;COUNT=10"),
        ("monthly_date", 1, 3, None, "FREQ=MONTHLY;BYMONTHDAY=17;COUNT=3"),
        ("monthly_weekday", 1, 3, None, "FREQ=MONTHLY;BYDAY=3TU;COUNT=3"),
        ("daily", 1, None, date(2026, 3, 20), "FREQ=DAILY;UNTIL=20260320T225959Z"),
    ],
)
def test_build_rrule(frequency, interval, count, until, expected):
    assert rules.build_rrule(frequency, interval, TUESDAY, count, until) == expected


@pytest.mark.parametrize(
    ("frequency", "interval", "count", "until", "code"),
    [
        ("weekly", 1, None, None, "endless"),
        ("weekly", 1, 1, None, "count"),
        ("weekly", 1, 521, None, "count"),
        ("weekly", 0, 5, None, "interval"),
        ("weekly", 13, 5, None, "interval"),
        ("weekly", 1, None, date(2026, 3, 16), "until_before_start"),
        ("weekly", 1, None, date(2029, 3, 20), "too_long"),
        ("yearly", 1, 5, None, "frequency"),
    ],
)
def test_build_rrule_refuses(frequency, interval, count, until, code):
    with pytest.raises(rules.RuleError) as exc:
        rules.build_rrule(frequency, interval, TUESDAY, count, until)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("day", "n"),
    [
        (date(2026, 3, 3), 1),
        (date(2026, 3, 10), 2),
        (date(2026, 3, 28), 4),
        (date(2026, 3, 31), -1),
    ],
)
def test_nth_weekday(day, n):
    assert rules.nth_weekday(day) == n


def test_occurrences_keep_wall_clock_time_across_summer_time():
    rule = rules.build_rrule("weekly", 1, TUESDAY, 3, None)
    occ = rules.occurrences(
        TUESDAY, TUESDAY + timedelta(hours=2), rule, [],
        datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC), TZ,
    )  # fmt: skip
    assert [o.start.hour for o in occ] == [19, 19, 19]
    assert [o.start.utcoffset() for o in occ] == [
        timedelta(hours=1),
        timedelta(hours=1),
        timedelta(hours=2),
    ]


def test_occurrences_skip_exceptions_and_stay_in_window():
    rule = rules.build_rrule("weekly", 1, TUESDAY, 10, None)
    occ = rules.occurrences(
        TUESDAY, TUESDAY + timedelta(hours=2), rule, ["2026-03-24"],
        datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 4, 8, tzinfo=UTC), TZ,
    )  # fmt: skip
    assert [o.start.date() for o in occ] == [date(2026, 3, 31), date(2026, 4, 7)]


def test_occurrence_that_started_before_window_still_overlaps():
    start = datetime(2026, 3, 17, 23, 0, tzinfo=TZ)
    occ = rules.occurrences(
        start, start + timedelta(hours=3), "", [],
        datetime(2026, 3, 18, 0, 0, tzinfo=TZ), datetime(2026, 3, 19, tzinfo=TZ), TZ,
    )  # fmt: skip
    assert len(occ) == 1


def test_endless_rule_refused_when_expanding():
    with pytest.raises(rules.RuleError):
        rules.occurrences(
            TUESDAY, TUESDAY + timedelta(hours=1), "FREQ=WEEKLY", [],
            TUESDAY, TUESDAY + timedelta(days=30), TZ,
        )  # fmt: skip


def test_series_end_is_end_of_last_occurrence():
    rule = rules.build_rrule("weekly", 1, TUESDAY, 3, None)
    end = rules.series_end(TUESDAY, TUESDAY + timedelta(hours=2), rule, TZ)
    assert end == datetime(2026, 3, 31, 21, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), "range_order"),
        (date(2026, 2, 1), date(2026, 1, 1), "range_order"),
        (date(2026, 1, 1), date(2027, 1, 3), "range_too_long"),
        (date(2026, 1, 1), date(2027, 1, 2), None),
    ],
)
def test_check_range(start, end, code):
    if code is None:
        rules.check_range(start, end)
    else:
        with pytest.raises(rules.RuleError) as exc:
            rules.check_range(start, end)
        assert exc.value.code == code


@pytest.mark.parametrize(
    ("year", "month", "weeks", "first"),
    [
        (2027, 2, 4, date(2027, 2, 1)),
        (2026, 2, 5, date(2026, 1, 26)),
        (2026, 3, 6, date(2026, 2, 23)),
        (2026, 11, 6, date(2026, 10, 26)),
    ],
)
def test_month_grid_starts_monday_and_covers_month(year, month, weeks, first):
    grid = rules.month_grid(year, month)
    assert len(grid) == weeks and grid[0][0] == first
    assert all(len(w) == 7 for w in grid)


@pytest.mark.parametrize(
    ("capacity", "taken", "left"),
    [(None, 5, None), (10, 0, 10), (10, 9, 1), (10, 10, 0), (10, 12, 0)],
)
def test_places_left(capacity, taken, left):
    assert rules.places_left(capacity, taken) == left


def test_signup_closes_when_occurrence_starts():
    assert rules.signup_open(TUESDAY, TUESDAY - timedelta(seconds=1))
    assert not rules.signup_open(TUESDAY, TUESDAY)


def test_end_before_start_refused():
    with pytest.raises(rules.RuleError):
        rules.check_times(TUESDAY, TUESDAY)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # local midnight 400 days after today in Berlin, the same all day long
        (datetime(2030, 3, 1, 0, 30, tzinfo=UTC), datetime(2031, 4, 4, 22, 0, tzinfo=UTC)),
        (datetime(2030, 3, 1, 22, 59, tzinfo=UTC), datetime(2031, 4, 4, 22, 0, tzinfo=UTC)),
        (datetime(2030, 3, 1, 23, 0, tzinfo=UTC), datetime(2031, 4, 5, 22, 0, tzinfo=UTC)),
    ],
)
def test_the_occurrence_horizon_moves_once_a_day(now, expected):
    assert rules.occurrence_horizon(now, ZoneInfo("Europe/Berlin")) == expected


@pytest.mark.parametrize(
    ("length", "long"),
    [
        (timedelta(hours=2), False),
        (rules.LONG_OCCURRENCE, False),
        (timedelta(days=8, seconds=1), True),
    ],
)
def test_long_occurrences(length, long):
    start = datetime(2030, 3, 1, tzinfo=UTC)
    assert rules.is_long(start, start + length) is long


def test_a_single_event_is_stored_whatever_the_horizon():
    tz = ZoneInfo("Europe/Berlin")
    start = datetime(2040, 1, 1, 18, tzinfo=UTC)
    found = rules.stored_occurrences(
        start, start + timedelta(hours=1), "", [], tz, False, datetime(2031, 1, 1, tzinfo=UTC)
    )
    assert [o.start for o in found] == [start]
