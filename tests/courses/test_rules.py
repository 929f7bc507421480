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
FRIDAY, MONDAY = date(2027, 6, 4), date(2027, 6, 7)
GOOD = dict(
    days=(FRIDAY, MONDAY),
    start_time=time(9),
    end_time=time(16),
    capacity=24,
    min_participants=18,
    lead_days=10,
    course_days=2,
)


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({}, {}),
        ({"days": (date(2027, 6, 1), date(2027, 6, 2))}, {}),  # consecutive
        ({"days": (TODAY, MONDAY)}, {}),
        ({"days": (TODAY - timedelta(days=1), MONDAY)}, {"first_day": "in_past"}),
        ({"days": (FRIDAY,)}, {"days": "wrong_count"}),  # a 1-day run of a 2-day course
        ({"days": (FRIDAY, MONDAY, date(2027, 6, 8))}, {"days": "wrong_count"}),
        ({"days": (FRIDAY, FRIDAY)}, {"days": "duplicate"}),
        ({"days": (FRIDAY, FRIDAY + timedelta(days=55))}, {}),
        ({"days": (FRIDAY, FRIDAY + timedelta(days=56))}, {"days": "too_spread"}),
        ({"days": (FRIDAY, FRIDAY + timedelta(days=93))}, {"days": "too_spread"}),  # 94 days
        ({"days": (TODAY + timedelta(days=3 * 365), TODAY + timedelta(days=3 * 365 + 1))}, {}),
        (
            {"days": (TODAY + timedelta(days=3 * 365 + 1), TODAY + timedelta(days=3 * 365 + 2))},
            {"first_day": "too_far"},
        ),
        ({"end_time": time(9)}, {"end_time": "before_start"}),
        ({"min_participants": 25}, {"min_participants": "above_capacity"}),
        ({"min_participants": 24}, {}),
        ({"lead_days": -1}, {"lead_days": "after_start"}),
        ({"lead_days": 0}, {}),
        ({"lead_days": 365}, {}),
        ({"lead_days": 366}, {"lead_days": "out_of_range"}),
        ({"capacity": 1000, "min_participants": 1}, {}),
        ({"capacity": 1001}, {"capacity": "out_of_range"}),
        (
            {"capacity": 0, "min_participants": 0},
            {"capacity": "out_of_range", "min_participants": "too_small"},
        ),
    ],
)
def test_schedule_problems(change, problems):
    schedule = rules.RunSchedule(**{**GOOD, **change})
    assert rules.schedule_problems(schedule, TODAY) == problems


def test_a_run_planned_already_may_lie_in_the_past_when_edited():
    schedule = rules.RunSchedule(**{**GOOD, "days": (date(2020, 1, 3), date(2020, 1, 6))})
    assert rules.schedule_problems(schedule, None) == {}


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


@pytest.mark.parametrize(
    ("now", "percent", "fee"),
    [
        (datetime(2027, 3, 20, 22, 59, 59, tzinfo=UTC), 100, Decimal("0.00")),  # last free second
        (datetime(2027, 3, 20, 23, tzinfo=UTC), 100, Decimal("400.00")),
        (datetime(2027, 3, 20, 23, tzinfo=UTC), 50, Decimal("200.00")),
        (datetime(2027, 3, 20, 23, tzinfo=UTC), 0, Decimal("0.00")),
        (datetime(2027, 3, 20, 23, tzinfo=UTC), 33, Decimal("132.00")),
    ],
)
def test_cancellation_fee_after_the_free_period(now, percent, fee):
    # free until the end of 20 March (Berlin) for a run on 30 March with 10 free days
    free_until = rules.free_cancellation_until(date(2027, 3, 30), 10, ZoneInfo("Europe/Berlin"))
    assert free_until == datetime(2027, 3, 20, 23, tzinfo=UTC)
    assert rules.cancellation_fee(Decimal("400.00"), percent, now, free_until) == fee


@pytest.mark.parametrize(
    ("decision", "now", "accepts"),
    [
        (None, NOW - timedelta(seconds=1), True),
        (None, NOW, False),  # the deadline instant
        ("confirmed", NOW - timedelta(seconds=1), True),  # confirmed early by staff
        ("cancelled", NOW - timedelta(days=1), False),
        ("held", NOW - timedelta(days=1), False),
    ],
)
def test_a_run_accepts_registrations_until_its_deadline_unless_cancelled_or_held(
    decision, now, accepts
):
    assert rules.accepts_registrations(decision, now, NOW) is accepts


def test_substitution_allowed_up_to_the_start():
    assert rules.substitution_allowed(NOW - timedelta(seconds=1), NOW)
    assert not rules.substitution_allowed(NOW, NOW)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("5798000020016", True),
        ("5798000020017", False),  # check digit off by one
        ("579800002001", False),  # 12 digits
        ("57980000200160", False),
        ("579800002001A", False),
    ],
)
def test_gln_check_digit(value, valid):
    assert rules.gln_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("04011000-1234512345-06", True),  # KoSIT's example
        ("991-33333TEST-33", True),  # the test Leitweg-ID of the XRechnung examples
        ("992-90009-96", True),
        ("03241000-87", True),  # without fine addressing
        ("04011000-1234512345-07", False),  # check digits off by one
        ("04-12345-67", False),
        ("0-12345-06", False),  # coarse address too short
        ("04011000_12345_06", False),
        ("", False),
    ],
)
def test_leitweg_id_check_digits_iso_7064_mod_97_10(value, valid):
    assert rules.leitweg_id_valid(value) is valid


def test_routing_scheme_tells_gln_from_leitweg_id():
    assert rules.routing_scheme("5798000020016") == "gln"
    assert rules.routing_scheme("991-33333test-33") == "leitweg"
    assert rules.routing_scheme("4711") is None
