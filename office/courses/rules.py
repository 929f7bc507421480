"""The rules of the office's training courses, as pure functions (no Flask, no database).

Source: the Danish course programme (Teknologirådet & DeltagerDanmark, shared/seeds/001):
"Tilmelding senest 10 dage før afholdelse. Kursus afholdes kun med minimum 18 deltagere",
"DKK 3.000 (eksklusive moms) per person pr. kursus", the two-day workshop "med betaling pr dag".
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

CENT = Decimal("0.01")

#: what the go/no-go decision says about a run
GO = "go"
NO_GO = "no_go"


def registration_deadline(first_day: date, lead_days: int, tz: ZoneInfo) -> datetime:
    """Registration closes at the end of the day `lead_days` days before the first day.

    "End of the day" is midnight in the office's time zone, so the instant is correct on
    either side of a daylight-saving change. Returned as an aware datetime; registration is
    open while `now < deadline`.
    """
    closing_day = first_day - timedelta(days=lead_days - 1)
    return datetime.combine(closing_day, time(0, 0), tzinfo=tz)


def registration_open(now: datetime, deadline: datetime) -> bool:
    """New registrations are accepted up to (not including) the deadline instant."""
    return now < deadline


def accepts_registrations(decision: str | None, now: datetime, deadline: datetime) -> bool:
    """A run accepts registrations until its deadline unless it is cancelled or held.

    A run staff confirmed early ("confirmed") still takes registrations until its deadline.
    The one source of this rule: `CourseRun.accepts_registrations` applies it in queries too.
    """
    return decision in (None, "confirmed") and registration_open(now, deadline)


def decision(confirmed: int, minimum: int) -> str:
    """A run goes ahead with at least `minimum` confirmed participants, else it is cancelled."""
    return GO if confirmed >= minimum else NO_GO


def decision_due(now: datetime, deadline: datetime) -> bool:
    """The go/no-go decision is due once registration has closed."""
    return now >= deadline


def seats_left(capacity: int, taken: int) -> int:
    """Free seats; never negative."""
    return max(capacity - taken, 0)


def has_free_seat(capacity: int, taken: int, waiting: int) -> bool:
    """A newcomer gets a seat only if one is free and nobody is waiting for it."""
    return taken < capacity and waiting == 0


def next_seat_number(taken_numbers: set[int], capacity: int) -> int | None:
    """The lowest free seat number in 1..capacity, or None when the run is full."""
    for number in range(1, capacity + 1):
        if number not in taken_numbers:
            return number
    return None


def price_excl_vat(price: Decimal, basis: str, days: int) -> Decimal:
    """The price per person of one run: the course price, or the day price times the days."""
    amount = Decimal(price) * (days if basis == "day" else 1)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def vat_amount(net: Decimal, rate: Decimal) -> Decimal:
    """VAT on a net amount, rounded to the cent (half up)."""
    return (Decimal(net) * Decimal(rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def gross(net: Decimal, rate: Decimal) -> Decimal:
    """Net amount plus VAT."""
    return Decimal(net).quantize(CENT) + vat_amount(net, rate)


def split_amount(total: Decimal, parts: int) -> list[Decimal]:
    """Split a package price over its courses in cents; the first parts take the remainder."""
    cents = int((Decimal(total) * 100).to_integral_value(rounding=ROUND_HALF_UP))
    base, extra = divmod(cents, parts)
    return [Decimal(base + (1 if i < extra else 0)) / 100 for i in range(parts)]


def free_cancellation_until(first_day: date, free_days: int, tz: ZoneInfo) -> datetime:
    """Cancelling is free until the end of the day `free_days` days before the first day.

    Source: the courses' terms ("Afmelding er gratis indtil tilmeldingsfristen"; German
    Studieninstitute: "kostenfrei bis 14 Tage vor Beginn"). Same arithmetic as the deadline.
    """
    return registration_deadline(first_day, free_days, tz)


def cancellation_fee(
    price: Decimal, fee_percent: int, now: datetime, free_until: datetime
) -> Decimal:
    """Nothing in the free period; later `fee_percent` % of the price, rounded half up to the cent.

    Only a held seat costs a fee; a colleague taking over the seat instead costs nothing.
    """
    if now < free_until:
        return Decimal("0.00")
    return (Decimal(price) * fee_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def substitution_allowed(now: datetime, starts_at: datetime) -> bool:
    """A colleague of the same organisation may take over the seat up to the start.

    Source: the course terms, "en kollega kan deltage i stedet".
    """
    return now < starts_at


def run_days(first_day: date, last_day: date) -> list[date]:
    """Every calendar day from the first to the last day, inclusive."""
    return [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]


def day_interval(day: date, start: time, end: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end of one course day as aware datetimes in the office's time zone."""
    return datetime.combine(day, start, tzinfo=tz), datetime.combine(day, end, tzinfo=tz)


#: a run's days lie within this many days (a module course spread over eight weeks at most)
MAX_RUN_SPAN_DAYS = 56
#: bounds staff may enter
MAX_CAPACITY = 1000
MAX_LEAD_DAYS = 365
#: how far ahead a run may be planned
MAX_YEARS_AHEAD = 3


@dataclass(frozen=True)
class RunSchedule:
    """What staff enter for a run, checked by `schedule_problems`."""

    days: tuple[date, ...]
    start_time: time
    end_time: time
    capacity: int
    min_participants: int
    lead_days: int
    #: the course's number of days
    course_days: int


def day_problems(days: tuple[date, ...], course_days: int, today: date | None) -> dict[str, str]:
    """The run's dates: as many as the course has days, distinct, close together, not past.

    A two-day course runs on two dates (a Friday and a Monday is fine), so the per-day price is
    charged for exactly the course's days. `today` None: a run already planned (editing) may lie
    in the past.
    """
    if len(set(days)) != len(days):
        return {"days": "duplicate"}
    if len(days) != course_days:
        return {"days": "wrong_count"}
    first, last = min(days), max(days)
    if (last - first).days >= MAX_RUN_SPAN_DAYS:
        return {"days": "too_spread"}
    if today is not None and first < today:
        return {"first_day": "in_past"}
    if today is not None and first > today + timedelta(days=365 * MAX_YEARS_AHEAD):
        return {"first_day": "too_far"}
    return {}


def schedule_problems(s: RunSchedule, today: date | None) -> dict[str, str]:
    """Field name -> problem code for a run that cannot be offered as entered."""
    problems = day_problems(s.days, s.course_days, today)
    if s.end_time <= s.start_time:
        problems["end_time"] = "before_start"
    if not 1 <= s.capacity <= MAX_CAPACITY:
        problems["capacity"] = "out_of_range"
    if s.min_participants < 1:
        problems["min_participants"] = "too_small"
    elif s.min_participants > s.capacity:
        problems["min_participants"] = "above_capacity"
    if s.lead_days < 0:
        problems["lead_days"] = "after_start"
    elif s.lead_days > MAX_LEAD_DAYS:
        problems["lead_days"] = "out_of_range"
    return problems


def run_status(
    *,
    decided: str | None,
    now: datetime,
    deadline: datetime,
    ends_at: datetime,
    capacity: int,
    taken: int,
) -> str:
    """The status a run shows: open, full, closed, confirmed, cancelled or held.

    `decided` is the stored decision ("confirmed", "cancelled", "held" or None).
    """
    if decided == "cancelled":
        return "cancelled"
    if decided == "held" or (decided == "confirmed" and now >= ends_at):
        return "held"
    if decided == "confirmed":
        return "confirmed"
    if not registration_open(now, deadline):
        return "closed"
    if taken >= capacity:
        return "full"
    return "open"


def gln_valid(value: str) -> bool:
    """A GLN (the Danish "EAN-nummer" of a public buyer): 13 digits, the last a check digit.

    Source: GS1 General Specifications, 7.9: weights 3 and 1 alternate from the right over the
    first 12 digits; the check digit tops the sum up to a multiple of 10.
    """
    if not re.fullmatch(r"\d{13}", value):
        return False
    digits = [int(c) for c in value]
    weighted = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - weighted % 10) % 10 == digits[-1]


#: coarse address (2-12 digits), optional fine address (up to 30 letters/digits), check digits
LEITWEG_ID = re.compile(r"(\d{2,12})(?:-([A-Z0-9]{1,30}))?-(\d{2})")


def leitweg_id_valid(value: str) -> bool:
    """A Leitweg-ID (the routing ID of a German public buyer) with correct check digits.

    Source: KoSIT, "Formatspezifikation Leitweg-ID" 2.0.2: Grobadressierung (2-12 digits),
    optional Feinadressierung (up to 30 characters), Prüfziffer by ISO/IEC 7064 Mod 97-10 over
    both parts with letters as numbers (A=10 ... Z=35): the whole number mod 97 is 1.
    """
    match = LEITWEG_ID.fullmatch(value.upper())
    if match is None:
        return False
    body = match.group(1) + (match.group(2) or "")
    return int("".join(str(int(c, 36)) for c in body) + match.group(3)) % 97 == 1


def routing_scheme(value: str) -> str | None:
    """Which electronic invoice address a buyer gave: "gln", "leitweg", or None if neither."""
    if gln_valid(value):
        return "gln"
    if leitweg_id_valid(value):
        return "leitweg"
    return None
