"""The business calendar: working hours, public holidays from the `holidays` library, closing
days. Pure: no app, no database."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from office.core.business_calendar import (
    BusinessCalendar,
    CalendarSettingError,
    check_holiday_code,
    parse_hours,
    public_holidays,
)

BERLIN = ZoneInfo("Europe/Berlin")
HOURS = parse_hours("mon-thu 08:00-16:00, fri 08:00-13:00")


def calendar(code="DE-BB", closing=()):
    return BusinessCalendar(BERLIN, HOURS, public_holidays(code), frozenset(closing))


def local(*args):
    return datetime(*args, tzinfo=BERLIN)


def test_parse_hours_reads_ranges_and_single_days():
    assert HOURS[0] == (time(8), time(16)) and HOURS[3] == (time(8), time(16))
    assert HOURS[4] == (time(8), time(13)) and 5 not in HOURS and 6 not in HOURS


@pytest.mark.parametrize(
    "text", ["", "monday 08:00-16:00", "mon-thu 16:00-08:00", "mon 8-16", "xyz 08:00-09:00"]
)
def test_parse_hours_refuses_what_it_cannot_read(text):
    with pytest.raises(CalendarSettingError, match="OFFICE_HOURS"):
        parse_hours(text)


@pytest.mark.parametrize(
    ("code", "found"), [("DE-BB", ("DE", "BB")), ("de-he", ("DE", "HE")), ("DK", ("DK", None))]
)
def test_holiday_codes_of_the_library(code, found):
    assert check_holiday_code(code) == found


@pytest.mark.parametrize(("code", "message"), [("XX", "unknown country"), ("DE-ZZ", "no region")])
def test_unknown_holiday_code_is_refused_with_a_clear_message(code, message):
    with pytest.raises(CalendarSettingError, match=message):
        check_holiday_code(code)


@pytest.mark.parametrize(
    ("code", "day", "closed"),
    [
        ("DE-BB", date(2026, 4, 3), True),  # Good Friday
        ("DE-BB", date(2026, 4, 6), True),  # Easter Monday
        ("DE-BB", date(2025, 10, 31), True),  # Reformation Day in Brandenburg
        ("DE-HE", date(2025, 10, 31), False),  # not in Hesse
        ("DE-BB", date(2027, 10, 29), False),
        ("DE-HE", date(2026, 6, 4), True),  # Corpus Christi in Hesse
        ("DE-BB", date(2026, 6, 4), False),  # not in Brandenburg
        ("DE-BB", date(2027, 3, 26), True),  # Good Friday 2027: no year typed in by hand
        ("DK", date(2023, 5, 5), True),  # Store Bededag
        ("DK", date(2024, 4, 26), False),  # abolished from 2024
        ("DK", date(2026, 4, 2), True),  # Maundy Thursday
    ],
)
def test_public_holidays_by_region_and_year(code, day, closed):
    assert calendar(code).is_working_day(day) is not closed


def test_thursday_before_easter_first_answer_after_easter_monday():
    # Brandenburg: Good Friday and Easter Monday closed; 16 working hours from Thursday 10:00
    due = calendar("DE-BB").add(local(2026, 4, 2, 10, 0), 16 * 60)
    assert due == local(2026, 4, 8, 10, 0)  # Thu 6 h + Tue 8 h + Wed 2 h


def test_add_starts_at_the_next_opening_outside_hours():
    cal = calendar()
    assert cal.add(local(2026, 11, 20, 14, 0), 60) == local(2026, 11, 23, 9, 0)  # Fri after 13:00
    assert cal.add(local(2026, 11, 23, 6, 0), 0) == local(2026, 11, 23, 8, 0)
    assert cal.add(local(2026, 11, 23, 15, 0), 60) == local(2026, 11, 23, 16, 0)


def test_closing_days_of_the_office_count_like_holidays():
    cal = calendar(closing={date(2026, 11, 23)})
    assert cal.add(local(2026, 11, 20, 12, 0), 120) == local(2026, 11, 24, 9, 0)


def test_minutes_between_counts_only_working_hours_and_is_signed():
    cal = calendar()
    friday, monday = local(2026, 11, 20, 12, 0), local(2026, 11, 23, 9, 0)
    assert cal.minutes_between(friday, monday) == 120
    assert cal.minutes_between(monday, friday) == -120
    assert cal.minutes_between(friday, friday) == 0


def test_working_hours_across_the_change_to_summer_time():
    # 29 March 2026, clocks go forward on Sunday: Friday 12:00 + 2 h is Monday 9:00 local
    assert calendar().add(local(2026, 3, 27, 12, 0), 120) == local(2026, 3, 30, 9, 0)
    assert calendar().add(datetime(2026, 3, 27, 11, 0, tzinfo=UTC), 120).utcoffset() == timedelta(
        hours=2
    )


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 20), 1, date(2026, 11, 23)),
        (date(2026, 11, 21), 0, date(2026, 11, 23)),
        (date(2026, 12, 23), 2, date(2026, 12, 28)),  # 24th open, 25th a holiday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
    ],
)
def test_add_working_days_skips_weekends_and_holidays(start, days, due):
    assert calendar().add_working_days(start, days) == due


def test_working_days_between_counts_after_start_up_to_end():
    assert calendar().working_days_between(date(2026, 4, 2), date(2026, 4, 8)) == 2
    assert calendar().working_days_between(date(2026, 4, 8), date(2026, 4, 2)) == 0
