"""Extension points that domains fill: navigation, home page panels, demo data, calendar
sources, OpenAPI paths.

Each domain registers itself when its package is imported, so adding a domain touches
no shared file but `office/__init__.py`'s list of blueprints.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import LazyString


@dataclass(frozen=True)
class NavEntry:
    section: str  # "competence", "neighbourhood", "governance"
    label: LazyString
    endpoint: str
    order: int = 50
    #: predicate on the current user; None means everyone sees it
    visible: Callable | None = None


NAV: list[NavEntry] = []


def register_nav(entry: NavEntry) -> None:
    if entry.endpoint not in {e.endpoint for e in NAV}:
        NAV.append(entry)
        NAV.sort(key=lambda e: (e.section, e.order))


#: functions() -> HTML shown on the home page below the introduction, in registration order
HOME_PANELS: list[Callable] = []


def home_panel(fn):
    if fn not in HOME_PANELS:
        HOME_PANELS.append(fn)
    return fn


#: functions(user) -> HTML shown on the user's account page (e.g. their facilitation sessions)
ACCOUNT_PANELS: list[Callable] = []


def account_panel(fn):
    if fn not in ACCOUNT_PANELS:
        ACCOUNT_PANELS.append(fn)
    return fn


@dataclass
class DemoSeeder:
    name: str
    order: int
    fn: Callable


DEMO_SEEDERS: list[DemoSeeder] = []

#: how many times the city-scale data a `flask seed-demo --scale` adds: "xlarge" is twice the
#: city, so the benchmark shows how the pages grow with the data
SCALE_FACTORS = {"small": 0, "large": 1, "xlarge": 2}


def large_factor(scale: str) -> int:
    """0 for the small demo, 1 for city scale, 2 for twice the city."""
    return SCALE_FACTORS[scale]


def demo_seeder(name: str, order: int = 50):
    """Register an idempotent function(scale: str) that adds demo data for `flask seed-demo`."""

    def decorate(fn):
        if name not in {s.name for s in DEMO_SEEDERS}:
            DEMO_SEEDERS.append(DemoSeeder(name, order, fn))
            DEMO_SEEDERS.sort(key=lambda s: s.order)
        return fn

    return decorate


@dataclass(frozen=True)
class CalendarEntry:
    """One occurrence shown in the public calendar, whatever module it comes from."""

    uid: str
    title: str
    start: datetime  # aware
    end: datetime  # aware; for all-day entries the exclusive end
    url: str
    kind: str  # "event", "course", "process", "board"
    all_day: bool = False
    location: str = ""
    description: str = ""
    district_ids: tuple[int, ...] = ()
    topic_ids: tuple[int, ...] = ()
    organiser: str = ""
    #: the access features its published venue offers (venues.rules.ACCESS_FEATURES), for the
    #: calendar's access filter; none when it names no venue from the directory
    access: tuple[str, ...] = ()


#: function(start, end, filters: dict) -> iterable of CalendarEntry, for entries in [start, end)
CALENDAR_SOURCES: dict[str, Callable[[datetime, datetime, dict], Iterable[CalendarEntry]]] = {}


def calendar_source(kind: str):
    def decorate(fn):
        CALENDAR_SOURCES[kind] = fn
        return fn

    return decorate


@dataclass
class OpenAPIPart:
    paths: dict = field(default_factory=dict)
    schemas: dict = field(default_factory=dict)


OPENAPI_PARTS: dict[str, OpenAPIPart] = {}


def register_openapi(name: str, paths: dict, schemas: dict | None = None) -> None:
    OPENAPI_PARTS[name] = OpenAPIPart(paths, schemas or {})


@dataclass(frozen=True)
class PersonalDataHandler:
    """How one module exports and erases what it stores about a person (by email address).

    `export(email) -> dict` returns everything stored about the person, JSON-serialisable.
    `erase(email) -> int` deletes or anonymises it (records that must stay, such as invoices,
    are anonymised) and returns how many records it changed. Neither commits.
    """

    name: str
    export: Callable[[str], dict]
    erase: Callable[[str], int]
    #: erasure runs handlers by ascending order; a handler that others need to find their
    #: records (the CRM's people) runs last
    order: int = 50
    #: `consequences(email) -> [str]`: what erasing does beyond deleting, for the person who
    #: confirms it (e.g. "the seat on course X is given up"), in the reader's language
    consequences: Callable[[str], list] | None = None


PERSONAL_DATA: dict[str, PersonalDataHandler] = {}


def register_personal_data(
    name: str, export: Callable, erase: Callable, order: int = 50, consequences=None
) -> None:
    PERSONAL_DATA[name] = PersonalDataHandler(name, export, erase, order, consequences)
