"""The rules of the office's training courses, as pure functions (no Flask, no database).

Source: the Danish course programme (Teknologirådet & DeltagerDanmark, shared/seeds/001):
"Tilmelding senest 10 dage før afholdelse. Kursus afholdes kun med minimum 18 deltagere",
"DKK 3.000 (eksklusive moms) per person pr. kursus", the two-day workshop "med betaling pr dag".
"""

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


def cancellation_is_free(now: datetime, deadline: datetime) -> bool:
    """Cancelling is free until the registration deadline; later, the course's terms apply."""
    return now < deadline


def run_days(first_day: date, last_day: date) -> list[date]:
    """Every calendar day from the first to the last day, inclusive."""
    return [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]


def day_interval(day: date, start: time, end: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end of one course day as aware datetimes in the office's time zone."""
    return datetime.combine(day, start, tzinfo=tz), datetime.combine(day, end, tzinfo=tz)


@dataclass(frozen=True)
class RunSchedule:
    """What staff enter for a run, checked by `schedule_problems`."""

    first_day: date
    last_day: date
    start_time: time
    end_time: time
    capacity: int
    min_participants: int
    lead_days: int


def schedule_problems(s: RunSchedule, today: date) -> dict[str, str]:
    """Field name -> problem code for a run that cannot be offered as entered."""
    problems: dict[str, str] = {}
    if s.first_day < today:
        problems["first_day"] = "in_past"
    if s.last_day < s.first_day:
        problems["last_day"] = "before_start"
    if s.end_time <= s.start_time:
        problems["end_time"] = "before_start"
    if s.capacity < 1:
        problems["capacity"] = "too_small"
    if s.min_participants < 1:
        problems["min_participants"] = "too_small"
    elif s.min_participants > s.capacity:
        problems["min_participants"] = "above_capacity"
    if s.lead_days < 0:
        problems["lead_days"] = "after_start"
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
