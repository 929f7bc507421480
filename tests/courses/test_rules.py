"""The course rules at their boundaries: deadline second, DST, 17 vs 18, last seat, prices."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from office.courses import rules

BERLIN = ZoneInfo("Europe/Berlin")
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("first_day", "lead", "tz", "deadline_utc"),
    [
        # winter time (UTC+1): closes at the end of 20 Jan = 23:00 UTC
        (date(2027, 1, 30), 10, BERLIN, datetime(2027, 1, 20, 23, 0, tzinfo=UTC)),
        # summer time (UTC+2): closes at the end of 20 Jun = 22:00 UTC
        (date(2027, 6, 30), 10, BERLIN, datetime(2027, 6, 20, 22, 0, tzinfo=UTC)),
        # daylight-saving week, spring: clocks go forward on Sun 28 Mar 2027 at 02:00
        (date(2027, 4, 6), 10, BERLIN, datetime(2027, 3, 27, 23, 0, tzinfo=UTC)),  # end of Sat
        (date(2027, 4, 7), 10, BERLIN, datetime(2027, 3, 28, 22, 0, tzinfo=UTC)),  # end of Sun
        (date(2027, 4, 8), 10, COPENHAGEN, datetime(2027, 3, 29, 22, 0, tzinfo=UTC)),
        # autumn: clocks go back on Sun 31 Oct 2027 at 03:00
        (date(2027, 11, 9), 10, BERLIN, datetime(2027, 10, 30, 22, 0, tzinfo=UTC)),  # end of Sat
        (date(2027, 11, 10), 10, BERLIN, datetime(2027, 10, 31, 23, 0, tzinfo=UTC)),  # end of Sun
        # lead 0: open until the end of the first day itself
        (date(2027, 1, 30), 0, BERLIN, datetime(2027, 1, 30, 23, 0, tzinfo=UTC)),
    ],
)
def test_registration_deadline_is_end_of_day_in_office_zone(first_day, lead, tz, deadline_utc):
    assert rules.registration_deadline(first_day, lead, tz) == deadline_utc


@pytest.mark.parametrize(
    ("offset", "is_open"),
    [
        (timedelta(seconds=-1), True),  # 23:59:59 local on the closing day
        (timedelta(0), False),  # midnight: closed
        (timedelta(seconds=1), False),
        (timedelta(days=-5), True),
    ],
)
def test_registration_open_until_the_deadline_second(offset, is_open):
    deadline = rules.registration_deadline(date(2027, 3, 29), 10, BERLIN)
    assert rules.registration_open(deadline + offset, deadline) is is_open
    assert rules.decision_due(deadline + offset, deadline) is not is_open


@pytest.mark.parametrize(
    ("confirmed", "minimum", "outcome"),
    [
        (0, 18, rules.NO_GO),
        (17, 18, rules.NO_GO),
        (18, 18, rules.GO),
        (19, 18, rules.GO),
        (1, 1, rules.GO),
    ],
)
def test_decision_needs_at_least_the_minimum(confirmed, minimum, outcome):
    assert rules.decision(confirmed, minimum) == outcome


@pytest.mark.parametrize(
    ("capacity", "taken", "waiting", "free"),
    [
        (20, 19, 0, True),  # the last seat
        (20, 20, 0, False),  # full
        (20, 21, 0, False),
        (20, 19, 1, False),  # a freed seat is not for newcomers while anyone waits
        (1, 0, 0, True),
    ],
)
def test_has_free_seat_at_the_last_seat(capacity, taken, waiting, free):
    assert rules.has_free_seat(capacity, taken, waiting) is free


@pytest.mark.parametrize(
    ("taken", "capacity", "seat"),
    [
        (set(), 5, 1),
        ({1, 2}, 5, 3),
        ({1, 3}, 5, 2),
        ({1, 2, 3, 4}, 5, 5),
        ({1, 2, 3, 4, 5}, 5, None),
    ],
)
def test_next_seat_number_is_lowest_free_or_none(taken, capacity, seat):
    assert rules.next_seat_number(taken, capacity) == seat


@pytest.mark.parametrize(
    ("price", "basis", "days", "net"),
    [
        (Decimal("3000"), "course", 1, Decimal("3000.00")),
        (Decimal("3000"), "course", 2, Decimal("3000.00")),
        (Decimal("3000"), "day", 2, Decimal("6000.00")),  # the two-day workshop
        (Decimal("0"), "day", 3, Decimal("0.00")),
    ],
)
def test_price_per_course_or_per_day(price, basis, days, net):
    assert rules.price_excl_vat(price, basis, days) == net


@pytest.mark.parametrize(
    ("net", "rate", "vat", "gross"),
    [
        (Decimal("3000"), Decimal("0.25"), Decimal("750.00"), Decimal("3750.00")),  # Denmark
        (Decimal("400"), Decimal("0.19"), Decimal("76.00"), Decimal("476.00")),  # Germany
        (Decimal("0.05"), Decimal("0.19"), Decimal("0.01"), Decimal("0.06")),  # half up
    ],
)
def test_vat_and_gross(net, rate, vat, gross):
    assert rules.vat_amount(net, rate) == vat
    assert rules.gross(net, rate) == gross


@pytest.mark.parametrize(
    ("total", "parts", "shares"),
    [
        (Decimal("9000"), 3, [Decimal("3000")] * 3),
        (Decimal("100"), 3, [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]),
    ],
)
def test_split_package_price_keeps_every_cent(total, parts, shares):
    assert rules.split_amount(total, parts) == shares
    assert sum(rules.split_amount(total, parts)) == total


TODAY = date(2027, 5, 1)
GOOD = dict(
    first_day=date(2027, 6, 1),
    last_day=date(2027, 6, 2),
    start_time=time(9),
    end_time=time(16),
    capacity=24,
    min_participants=18,
    lead_days=10,
)


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({}, {}),
        ({"first_day": TODAY}, {}),
        ({"first_day": TODAY - timedelta(days=1)}, {"first_day": "in_past"}),
        ({"last_day": date(2027, 5, 31)}, {"last_day": "before_start"}),
        ({"end_time": time(9)}, {"end_time": "before_start"}),
        ({"min_participants": 25}, {"min_participants": "above_capacity"}),
        ({"min_participants": 24}, {}),
        ({"lead_days": -1}, {"lead_days": "after_start"}),
        ({"lead_days": 0}, {}),
        (
            {"capacity": 0, "min_participants": 0},
            {"capacity": "too_small", "min_participants": "too_small"},
        ),
    ],
)
def test_schedule_problems(change, problems):
    schedule = rules.RunSchedule(**{**GOOD, **change})
    assert rules.schedule_problems(schedule, TODAY) == problems


NOW = datetime(2027, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("decided", "deadline", "ends", "taken", "status"),
    [
        (None, NOW + timedelta(days=1), NOW + timedelta(days=9), 3, "open"),
        (None, NOW + timedelta(days=1), NOW + timedelta(days=9), 20, "full"),
        (None, NOW, NOW + timedelta(days=9), 3, "closed"),
        ("confirmed", NOW - timedelta(days=1), NOW + timedelta(days=9), 18, "confirmed"),
        ("confirmed", NOW - timedelta(days=9), NOW, 18, "held"),
        ("held", NOW - timedelta(days=9), NOW - timedelta(days=1), 18, "held"),
        ("cancelled", NOW + timedelta(days=1), NOW + timedelta(days=9), 3, "cancelled"),
    ],
)
def test_run_status(decided, deadline, ends, taken, status):
    result = rules.run_status(
        decided=decided, now=NOW, deadline=deadline, ends_at=ends, capacity=20, taken=taken
    )
    assert result == status


def test_cancellation_free_until_the_deadline_second():
    deadline = datetime(2027, 3, 20, 23, tzinfo=UTC)
    assert rules.cancellation_is_free(deadline - timedelta(seconds=1), deadline)
    assert not rules.cancellation_is_free(deadline, deadline)
