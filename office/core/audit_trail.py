"""Reading the audit trail: the auditor's filter, the entries, the CSV export and the page
(`/admin/audit` and each module's own part of it). Writing is `office.core.audit.record`."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import lazy_gettext as _l

from office.core.audit import (
    ACTIONS,
    MODULES,
    ROLE_LABELS,
    AuditRecord,
    action_label,
    detail_text,
    module_label,
    role_label,
)
from office.core.clock import from_local, utcnow
from office.core.formatting import formatted
from office.core.pagination import paginate
from office.core.spreadsheets import csv_response
from office.extensions import db

# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrailFilter:
    """What the auditor asked for; empty fields filter nothing."""

    module: str = ""
    action: str = ""
    actor_role: str = ""
    actor_id: int | None = None
    subject_type: str = ""
    subject_id: int | None = None
    start: date | None = None
    end: date | None = None

    def statement(self, newest_first: bool = False) -> sa.Select:
        """The SELECT of the entries in the filter, in the order they happened."""
        stmt = sa.select(AuditRecord)
        for column, value in (
            (AuditRecord.module, self.module),
            (AuditRecord.action, self.action),
            (AuditRecord.actor_role, self.actor_role),
            (AuditRecord.subject_type, self.subject_type),
        ):
            if value:
                stmt = stmt.where(column == value)
        if self.actor_id is not None:
            stmt = stmt.where(AuditRecord.actor_id == self.actor_id)
        if self.subject_id is not None:
            stmt = stmt.where(AuditRecord.subject_id == self.subject_id)
        if self.start is not None:
            stmt = stmt.where(AuditRecord.at >= from_local(datetime.combine(self.start, time())))
        if self.end is not None:
            next_day = datetime.combine(self.end + timedelta(days=1), time())
            stmt = stmt.where(AuditRecord.at < from_local(next_day))
        order = (AuditRecord.id.desc(),) if newest_first else (AuditRecord.id,)
        return stmt.order_by(*order)


def entries(trail_filter: TrailFilter, newest_first: bool = False) -> list[AuditRecord]:
    return list(db.session.scalars(trail_filter.statement(newest_first)))


def csv_rows(records, format_time) -> list[list]:
    """The rows of the CSV export; `format_time` renders a UTC moment in local time."""
    return [
        [
            r.id,
            format_time(r.at),
            module_label(r.module),
            action_label(r.action),
            r.subject_type,
            r.subject_id,
            role_label(r.actor_role),
            r.actor_id,
            detail_text(r.details),
        ]
        for r in records
    ]


CSV_HEADER = (
    _l("No."),
    _l("Time"),
    _l("Module"),
    _l("Action"),
    _l("Object"),
    _l("Object id"),
    _l("Actor role"),
    _l("Actor id"),
    _l("Details"),
)


BAD_DATE = _l("Please give the dates as YYYY-MM-DD; that filter was left out.")
BAD_ID = _l("An id is a whole number; that filter was left out.")
BAD_PERIOD = _l("The period ends before it starts; the dates were left out.")


def _day(raw: str, errors: list) -> date | None:
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        day = None
    if raw and (day is None or not 1900 <= day.year <= 2999):  # 9999-12-31 has no next day
        errors.append(BAD_DATE)
        return None
    return day


def _number(raw: str, errors: list) -> int | None:
    if not raw:
        return None
    if raw.isdigit() and len(raw) < 10:
        return int(raw)
    errors.append(BAD_ID)
    return None


def filter_from_args(args, module: str = "") -> tuple[TrailFilter, list]:
    """The filter of a query string (`module` fixed by a module's own page) and what was
    wrong with it; a wrong value filters nothing and is reported."""
    errors: list = []
    text = {k: (args.get(k) or "").strip()[:60] for k in ("module", "action", "role", "subject")}
    start, end = _day(text_arg(args, "from"), errors), _day(text_arg(args, "to"), errors)
    if start and end and end < start:
        errors.append(BAD_PERIOD)
        start = end = None
    found = TrailFilter(
        module=module or (text["module"] if text["module"] in MODULES else ""),
        action=text["action"] if text["action"] in ACTIONS else "",
        actor_role=text["role"] if text["role"] in ROLE_LABELS else "",
        actor_id=_number(text_arg(args, "actor"), errors),
        subject_type=text["subject"],
        subject_id=_number(text_arg(args, "subject_id"), errors),
        start=start,
        end=end,
    )
    return found, list(dict.fromkeys(str(e) for e in errors))


def text_arg(args, key: str) -> str:
    return (args.get(key) or "").strip()[:40]


# --- the pages ------------------------------------------------------------------------------


def trail_page(title, intro, csv_endpoint: str, module: str = ""):
    """The auditor's page: filters, the entries newest first, a CSV link (400 on a bad filter)."""
    trail_filter, errors = filter_from_args(request.args, module)
    page = paginate(trail_filter.statement(newest_first=True), request.args.get("page"), 50)
    html = render_template(
        "admin/audit.html",
        trail=for_templates(),
        filters=trail_filter,
        errors=errors,
        page=page,
        title=title,
        intro=intro,
        csv_endpoint=csv_endpoint,
        fixed_module=module,
    )
    return html, 400 if errors else 200


def trail_csv(module: str = ""):
    """The filtered entries in the order they happened, as CSV (times in the office's zone)."""
    trail_filter, _errors = filter_from_args(request.args, module)
    rows = csv_rows(entries(trail_filter), lambda at: formatted("datetime", at, "short"))
    name = f"audit-{module or 'office'}-{utcnow():%Y%m%d}.csv"
    return csv_response(name, [str(h) for h in CSV_HEADER], rows)


def for_templates() -> SimpleNamespace:
    """The labels and helpers the trail's template macros use."""
    return SimpleNamespace(
        MODULES=MODULES,
        ACTIONS=ACTIONS,
        ROLE_LABELS=ROLE_LABELS,
        module_label=module_label,
        action_label=action_label,
        role_label=role_label,
        detail_text=detail_text,
    )
