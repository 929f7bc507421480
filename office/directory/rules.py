"""Rules of the initiative directory: pure functions, no Flask, no database."""

#: languages an initiative can say its meetings are held in (ISO 639-1), in the order offered
LANGUAGE_CODES = (
    "de",
    "da",
    "en",
    "ar",
    "fa",
    "fr",
    "it",
    "ku",
    "pl",
    "ro",
    "ru",
    "so",
    "es",
    "sq",
    "ti",
    "tr",
    "uk",
)

#: edits to these fields of a published entry wait for a moderator: they change what the
#: initiative says it is. Everything else (meeting place and times, contact, website,
#: languages, accessibility, founding year, logo) is practical detail and shows at once. The
#: versions in other languages (`translations`) say what the initiative is too: they wait.
MODERATED_FIELDS = (
    "name",
    "short_description",
    "description",
    "district_ids",
    "topic_ids",
    "translations",
)

#: moderation decision -> (statuses it can be taken from, resulting status, reason required)
DECISIONS = {
    "publish": (("pending", "changes_requested", "archived"), "published", False),
    "request_changes": (("pending",), "changes_requested", True),
    "reject": (("pending", "changes_requested"), "rejected", True),
    "archive": (("published",), "archived", True),
}

MAX_LOGO_BYTES = 2 * 1024 * 1024
EARLIEST_FOUNDED_YEAR = 1800


def decision_allowed(decision: str, status: str) -> bool:
    """May a moderator take `decision` on an entry in `status`?"""
    spec = DECISIONS.get(decision)
    return spec is not None and status in spec[0]


def reason_required(decision: str) -> bool:
    """Changes requested, rejection and archiving are always explained to the initiative."""
    return DECISIONS[decision][2]


def split_edit(current: dict, proposed: dict, published: bool) -> tuple[dict, dict]:
    """Split an edit into (applied at once, waiting for moderation).

    Before publication everything is applied (the whole entry is moderated anyway); on a
    published entry changed MODERATED_FIELDS wait, the rest is applied at once.
    """
    changed = {k: v for k, v in proposed.items() if current.get(k) != v}
    if not published:
        return changed, {}
    waiting = {k: v for k, v in changed.items() if k in MODERATED_FIELDS}
    return {k: v for k, v in changed.items() if k not in waiting}, waiting


def founded_year_ok(year: int | None, this_year: int) -> bool:
    """A founding year is optional; given, it lies between 1800 and this year."""
    return year is None or EARLIEST_FOUNDED_YEAR <= year <= this_year


#: the kinds of Open Referral HSDS objects the directory serves, in their identifiers
HSDS_KINDS = {
    "organization": 1,
    "service": 2,
    "location": 3,
    "service_at_location": 4,
    "event_schedule": 5,
    "meeting_schedule": 6,
    "accessibility": 7,
    "language": 8,
    "address": 9,
}


def hsds_id(office_key: str, kind: str, number: int) -> str:
    """A stable UUID for an HSDS object: the office, the kind of object and its number.

    HSDS 3.0 asks for UUIDs. These are RFC 9562 version-8 UUIDs: 16 hex digits that identify
    the office (from its address, so two offices never collide), 3 for the kind, and the row's
    number in the last 12: the same row keeps its identifier, and an identifier is read back
    without a lookup table.
    """
    return (
        f"{office_key[:8]}-{office_key[8:12]}-8{HSDS_KINDS[kind]:03x}-8{office_key[12:15]}-"
        f"{number:012x}"
    )


def parse_hsds_id(office_key: str, kind: str, value: str) -> int | None:
    """The row number in an identifier made by `hsds_id`, or None if it is not one of them."""
    number = value.rsplit("-", 1)[-1]
    if len(number) != 12 or not all(c in "0123456789abcdef" for c in number):
        return None
    found = int(number, 16)
    return found if hsds_id(office_key, kind, found) == value else None


#: HSDS 3.0 schedules know weekly and monthly rules only
HSDS_FREQUENCIES = ("WEEKLY", "MONTHLY")


def hsds_recurrence(rrule: str) -> dict | None:
    """The HSDS schedule fields (freq, interval, byday, bymonthday, count, until) of an RRULE.

    None for rules HSDS cannot express (daily): the schedule then says it in words only.
    """
    parts = dict(part.split("=", 1) for part in rrule.split(";") if "=" in part)
    if parts.get("FREQ") not in HSDS_FREQUENCIES:
        return None
    fields = {"freq": parts["FREQ"], "interval": int(parts.get("INTERVAL", "1"))}
    for key in ("BYDAY", "BYMONTHDAY"):
        if key in parts:
            fields[key.lower()] = parts[key]
    if "COUNT" in parts:
        fields["count"] = int(parts["COUNT"])
    if "UNTIL" in parts:
        until = parts["UNTIL"]
        fields["until"] = f"{until[0:4]}-{until[4:6]}-{until[6:8]}"
    return fields
