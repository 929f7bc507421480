"""Rules of the initiative directory: pure functions, no Flask, no database."""

#: languages an initiative can say its meetings are held in (ISO 639-1), in the order offered
LANGUAGE_CODES = (
    "de", "da", "en", "ar", "fa", "fr", "it", "ku", "pl", "ro", "ru", "so", "es", "sq", "ti",
    "tr", "uk",
)  # fmt: skip

#: edits to these fields of a published entry wait for a moderator: they change what the
#: initiative says it is. Everything else (meeting place and times, contact, website,
#: languages, accessibility, founding year, logo) is practical detail and shows at once.
MODERATED_FIELDS = ("name", "short_description", "description", "district_ids", "topic_ids")

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
