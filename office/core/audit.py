"""The office's one audit trail: every module's significant operations, appended, never changed.

`record("courses.run_decided", run, actor, outcome="runs")` adds one row in the caller's
transaction (it never commits). An entry names its object by table and id, its actor by user id
and role, and carries only ids, counts and codes as details: never a name, an address or free
text, so erasing a person never has to touch the trail. The database refuses UPDATE and DELETE
on the table (a trigger on PostgreSQL and on SQLite; see `APPEND_ONLY_DDL`).

Each domain registers its module label and the translated labels of its actions
(`register_actions`) in its `labels.py`; the auditor page (`/admin/audit`) reads them.
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from office.core.clock import utcnow
from office.core.db import UTCDateTime
from office.extensions import db


class AuditRecord(db.Model):
    """One significant operation of any module, appended; the database refuses changes."""

    __tablename__ = "audit_trail"
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(UTCDateTime(), nullable=False, index=True)
    #: the module the action belongs to: the part of `action` before the first dot
    module = db.Column(db.String(30), nullable=False, index=True)
    #: "<module>.<what happened>", e.g. "governance.vote.cast"
    action = db.Column(db.String(60), nullable=False, index=True)
    #: the object's table and id ("" and None for actions on no single object)
    subject_type = db.Column(db.String(60), nullable=False, default="")
    subject_id = db.Column(db.Integer)
    #: the user's id; no foreign key, so that deleting an account never updates the trail
    actor_id = db.Column(db.Integer, index=True)
    #: the actor's role at the time: a role of `office.core.access.ROLES`, "public" or "system"
    actor_role = db.Column(db.String(30), nullable=False)
    #: ids, counts and codes (never names, addresses or free text)
    details = db.Column(db.JSON, nullable=False, default=dict)


#: the database's own refusal of UPDATE and DELETE, per dialect (the migration runs the same)
APPEND_ONLY_DDL = {
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_trail_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION USING MESSAGE = 'the audit trail is append-only: ' || TG_OP || "
        "' refused'; END $$",
        "CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail "
        "FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only()",
    ],
    "sqlite": [
        "CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END",
        "CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END",
    ],
}
#: dropping the triggers (the migration's downgrade; emptying the SQLite test database)
DROP_APPEND_ONLY_DDL = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_trail_append_only ON audit_trail",
        "DROP FUNCTION IF EXISTS audit_trail_append_only()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_trail_no_update",
        "DROP TRIGGER IF EXISTS audit_trail_no_delete",
    ],
}

#: detail keys that would carry personal data; `record` refuses them
FORBIDDEN_DETAILS = {
    "name",
    "email",
    "phone",
    "address",
    "text",
    "body",
    "comment",
    "reason",
    "notes",
    "summary_text",
}
#: the longest text a detail may hold (hashes, pseudonyms, codes)
MAX_DETAIL_TEXT = 2000
#: which role names an actor, the most powerful first
ROLE_ORDER = ("admin", "office_staff", "department_staff", "board_member", "initiative_rep")


for _dialect, _statements in APPEND_ONLY_DDL.items():
    for _statement in _statements:  # a schema made by create_all (not by the migrations)
        sa.event.listen(
            AuditRecord.__table__, "after_create", sa.DDL(_statement).execute_if(dialect=_dialect)
        )


class AuditDetailError(ValueError):
    """A detail that could hold personal data was passed to `record` (a programming error)."""


def actor_role(actor) -> str:
    """The role an entry names its actor by: the highest role, or "public" / "system"."""
    names = getattr(actor, "role_names", frozenset()) if actor is not None else frozenset()
    for role in ROLE_ORDER:
        if role in names:
            return role
    if actor is not None and getattr(actor, "is_authenticated", False):
        return "user"
    return "public" if has_request_context() else "system"


def _checked(details: dict) -> dict:
    clean = {}
    for key, value in details.items():
        if key in FORBIDDEN_DETAILS:
            raise AuditDetailError(f"audit detail {key!r} could hold personal data")
        if isinstance(value, date | datetime):
            value = value.isoformat()
        if isinstance(value, list | tuple):
            value = [v if isinstance(v, int | float) else str(v) for v in value]
        elif value is not None and not isinstance(value, int | float | str):
            value = str(value)
        if isinstance(value, str) and len(value) > MAX_DETAIL_TEXT:
            raise AuditDetailError(f"audit detail {key!r} is longer than {MAX_DETAIL_TEXT}")
        clean[key] = value
    return clean


def record(
    action: str,
    subject=None,
    actor=None,
    *,
    now: datetime | None = None,
    role: str = "",
    **details,
):
    """Append one entry: `action` is "<module>.<what>", `subject` a row or (table, id) or None,
    `actor` a user; `role` names an actor without an account, e.g. "board" or "requester".
    Without an actor, the signed-in user of the web request is the actor (an operation runs on
    their behalf), else the public; outside a request, the system (cron, a command).
    Never commits; flushes a new subject to get its id."""
    subject_type, subject_id = "", None
    if isinstance(subject, tuple):
        subject_type, subject_id = subject
    elif subject is not None:
        if getattr(subject, "id", None) is None:
            db.session.flush()
        subject_type, subject_id = subject.__tablename__, subject.id
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    entry = AuditRecord(
        at=now or utcnow(),
        module=action.split(".", 1)[0],
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=getattr(actor, "id", None),
        actor_role=role or actor_role(actor),
        details=_checked(details),
    )
    db.session.add(entry)
    return entry


# --- labels ---------------------------------------------------------------------------------

#: module -> its translated name
MODULES: dict[str, LazyString] = {}
#: action -> its translated label
ACTIONS: dict[str, LazyString] = {}

ROLE_LABELS = {
    "admin": _l("administrator"),
    "office_staff": _l("office staff"),
    "department_staff": _l("department staff"),
    "board_member": _l("board member"),
    "initiative_rep": _l("initiative representative"),
    "user": _l("signed-in user"),
    "requester": _l("the requester"),
    "board": _l("the advisory board (by its decision)"),
    "public": _l("the public"),
    "system": _l("the system (scheduled task or command)"),
}

#: the labels of the details modules record most often
DETAIL_LABELS = {
    "count": _l("count"),
    "status": _l("status"),
    "from_status": _l("previous status"),
    "outcome": _l("outcome"),
    "choice": _l("choice"),
    "member_id": _l("member"),
    "person_id": _l("person"),
    "user_id": _l("user"),
    "item_id": _l("item"),
    "run_id": _l("course run"),
    "registration_id": _l("registration"),
    "invoice_id": _l("invoice"),
    "number": _l("number"),
    "roles": _l("roles"),
    "active": _l("active"),
    "attempt": _l("attempt"),
    "modules": _l("modules"),
    "summary": _l("summary"),
    "from_roles": _l("previous roles"),
    "group": _l("seat group"),
    "function": _l("function"),
    "procedure": _l("procedure"),
    "version": _l("version"),
    "ends_on": _l("ends on"),
    "late": _l("late"),
    "seat": _l("seat"),
    "fields": _l("fields"),
    "type": _l("type"),
    "decision": _l("decision"),
    "accepted": _l("accepted"),
    "waiting": _l("waiting for moderation"),
    "event_id": _l("event"),
    "progress": _l("progress (%)"),
    "answer": _l("answer"),
    "requested": _l("requested"),
    "seed": _l("seed"),
    "panel": _l("panel"),
    "algorithm": _l("algorithm"),
    "quotas_broken": _l("quotas broken"),
    "public": _l("public"),
}
BOOLEAN_LABELS = {True: _l("yes"), False: _l("no")}


def register_actions(module: str, module_label: LazyString, actions: dict) -> None:
    """Register a module's name and its actions' labels (keys without the module prefix)."""
    MODULES[module] = module_label
    ACTIONS.update({f"{module}.{key}": label for key, label in actions.items()})


register_actions(
    "privacy",
    _l("Personal data"),
    {"exported": _l("personal data exported"), "erased": _l("person erased")},
)


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def module_label(module: str) -> str:
    return str(MODULES.get(module, module))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def detail_text(details: dict) -> str:
    """The details as one line for the reader: "count: 3 · status: closed"."""
    parts = []
    for key, value in (details or {}).items():
        if isinstance(value, bool):
            shown = BOOLEAN_LABELS[value]
        else:
            shown = ", ".join(str(v) for v in value) if isinstance(value, list) else value
        parts.append(f"{DETAIL_LABELS.get(key, key)}: {shown}")
    return " · ".join(parts)
