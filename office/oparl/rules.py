"""The OParl rules of lists: which objects a list request asks for and how it is paged
(OParl 1.1, chapter 2.7: `created_since`, `created_until`, `modified_since`, `modified_until`,
`limit`; pages of `data` with `pagination` and `links`)."""

from dataclasses import dataclass
from datetime import UTC, datetime

#: the schema URL of each object type is its `type`
SCHEMA = "https://schema.oparl.org/1.1/"
VERSION = "https://schema.oparl.org/1.1/"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
DATE_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


class BadListRequest(ValueError):
    """A list parameter that cannot be used; the message names it."""


@dataclass(frozen=True)
class ListRequest:
    """What a list request asks for: a window of creation and change times, and a page."""

    created_since: datetime | None = None
    created_until: datetime | None = None
    modified_since: datetime | None = None
    modified_until: datetime | None = None
    limit: int = DEFAULT_LIMIT
    page: int = 1


def object_type(name: str) -> str:
    """The `type` of an object: its schema URL (`https://schema.oparl.org/1.1/Meeting`)."""
    return SCHEMA + name


def parse_time(name: str, text: str) -> datetime:
    """An ISO 8601 date or date-time; a time without offset is taken as UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadListRequest(f"{name} must be an ISO 8601 date or date-time") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_positive(name: str, text: str, highest: int) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= highest:
        raise BadListRequest(f"{name} must be a whole number from 1 to {highest}")
    return int(text)


def list_request(args: dict) -> ListRequest:
    """The list request of the query string; `BadListRequest` for a value that is not usable."""
    times = {name: parse_time(name, args[name]) for name in DATE_FILTERS if args.get(name)}
    limit = parse_positive("limit", args.get("limit") or str(DEFAULT_LIMIT), MAX_LIMIT)
    page = parse_positive("page", args.get("page") or "1", 10**6)
    return ListRequest(**times, limit=limit, page=page)


def total_pages(total: int, limit: int) -> int:
    """Pages of `limit` objects for `total` objects; an empty list has one (empty) page."""
    return max(1, -(-total // limit))


def oparl_time(value: datetime, tz) -> str:
    """A date-time as OParl writes it: ISO 8601 with the office's offset, whole seconds."""
    return value.astimezone(tz).replace(microsecond=0).isoformat()
