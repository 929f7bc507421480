"""one audit trail for the office: audit_trail replaces board_audit_log, sortition_audit_log and
contact_audit (their rows are copied in), append-only by trigger on PostgreSQL and SQLite

The copied rows keep time, actor id, action and object. Free text that named people does not
come along: the board's summaries of member, term, vote, comment and conflict entries held
member names (and comment bodies), so only their object ids are kept; the summaries of meetings,
items, decisions and rules versions, and sortition's summaries (counts, pseudonyms, seeds), are
kept as the entry's `summary` detail.

Revision ID: c8e3a5f1b9d4
Revises: e3a9c7b5d2f1
Create Date: 2026-12-06 18:40:00

"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "c8e3a5f1b9d4"
down_revision = "e3a9c7b5d2f1"
branch_labels = None
depends_on = None

APPEND_ONLY = {
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
DROP_APPEND_ONLY = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_trail_append_only ON audit_trail",
        "DROP FUNCTION IF EXISTS audit_trail_append_only()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_trail_no_update",
        "DROP TRIGGER IF EXISTS audit_trail_no_delete",
    ],
}
ROLE_ORDER = ("admin", "office_staff", "department_staff", "board_member", "initiative_rep")
#: board actions whose old summary named no person
BOARD_SUMMARY_KEPT = {
    "meeting.created", "meeting.changed", "meeting.minutes", "meeting.minutes_approved",
    "meeting.attendance", "item.added", "decision.recorded", "rules.version_added",
}  # fmt: skip

trail = sa.table(
    "audit_trail",
    sa.column("id", sa.Integer), sa.column("at", sa.DateTime(timezone=True)),
    sa.column("module", sa.String), sa.column("action", sa.String),
    sa.column("subject_type", sa.String), sa.column("subject_id", sa.Integer),
    sa.column("actor_id", sa.Integer), sa.column("actor_role", sa.String),
    sa.column("details", sa.JSON),
)  # fmt: skip


def _roles(conn) -> dict[int, str]:
    held: dict[int, set] = {}
    for user_id, role in conn.execute(sa.text("SELECT user_id, role FROM user_roles")):
        held.setdefault(user_id, set()).add(role)
    return {
        user_id: next((r for r in ROLE_ORDER if r in roles), "user")
        for user_id, roles in held.items()
    }


def _moment(value) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _copy_old_rows(conn) -> None:
    roles = _roles(conn)
    rows = []
    board = "SELECT at, actor_id, action, object_type, object_id, summary FROM board_audit_log"
    for at, actor_id, action, object_type, object_id, summary in conn.execute(sa.text(board)):
        kept = {"summary": summary[:2000]} if action in BOARD_SUMMARY_KEPT and summary else {}
        rows.append((at, "governance", action, object_type, object_id, actor_id, kept))
    sortition = "SELECT at, actor_id, action, assembly_id, summary FROM sortition_audit_log"
    for at, actor_id, action, assembly_id, summary in conn.execute(sa.text(sortition)):
        kept = {"summary": summary[:2000]} if summary else {}
        rows.append((at, "sortition", action, "sortition_assemblies", assembly_id, actor_id, kept))
    contacts = "SELECT at, actor_id, action, person_id, count FROM contact_audit"
    for at, actor_id, action, person_id, count in conn.execute(sa.text(contacts)):
        subject = "persons" if person_id is not None else ""
        rows.append((at, "contacts", action, subject, person_id, actor_id, {"count": count}))
    rows = [(_moment(r[0]), *r[1:]) for r in rows]
    rows.sort(key=lambda r: r[0])  # one trail, in the order things happened
    if rows:
        op.bulk_insert(trail, [
            {"at": at, "module": module, "action": f"{module}.{action}", "subject_type": subject,
             "subject_id": subject_id, "actor_id": actor_id,
             "actor_role": roles.get(actor_id, "user") if actor_id else "system",
             "details": details}
            for at, module, action, subject, subject_id, actor_id, details in rows
        ])  # fmt: skip


def upgrade():
    op.create_table(
        "audit_trail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("module", sa.String(length=30), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject_type", sa.String(length=60), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=30), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_trail")),
    )
    with op.batch_alter_table("audit_trail") as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_trail_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_trail_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_trail_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_trail_module"), ["module"], unique=False)
    conn = op.get_bind()
    _copy_old_rows(conn)
    for statement in APPEND_ONLY.get(conn.dialect.name, []):
        op.execute(statement)
    with op.batch_alter_table("sortition_audit_log") as batch_op:
        batch_op.drop_index(batch_op.f("ix_sortition_audit_log_at"))
    op.drop_table("sortition_audit_log")
    with op.batch_alter_table("board_audit_log") as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_audit_log_action"))
        batch_op.drop_index(batch_op.f("ix_board_audit_log_at"))
    op.drop_table("board_audit_log")
    with op.batch_alter_table("contact_audit") as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_audit_at"))
    op.drop_table("contact_audit")


def _create_old_tables() -> None:
    users_fk = {"ondelete": "SET NULL"}
    op.create_table(
        "contact_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_contact_audit_actor_id_users"), **users_fk),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_audit")),
    )
    op.create_index(op.f("ix_contact_audit_at"), "contact_audit", ["at"], unique=False)
    op.create_table(
        "board_audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_board_audit_log_actor_id_users"), **users_fk),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_audit_log")),
    )
    op.create_index(op.f("ix_board_audit_log_at"), "board_audit_log", ["at"], unique=False)
    op.create_index(op.f("ix_board_audit_log_action"), "board_audit_log", ["action"], unique=False)
    op.create_table(
        "sortition_audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_sortition_audit_log_actor_id_users"), **users_fk),  # fmt: skip
        sa.ForeignKeyConstraint(["assembly_id"], ["sortition_assemblies.id"], name=op.f("fk_sortition_audit_log_assembly_id_sortition_assemblies"), ondelete="CASCADE"),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sortition_audit_log")),
    )
    op.create_index(op.f("ix_sortition_audit_log_at"), "sortition_audit_log", ["at"], unique=False)


def downgrade():
    """Back to the three logs: the entries of the three modules are copied back (other
    modules' entries had no log before and are dropped with the trail)."""
    _create_old_tables()
    conn = op.get_bind()
    query = sa.text("SELECT at, module, action, subject_type, subject_id, actor_id, details "
                    "FROM audit_trail ORDER BY id")  # fmt: skip
    for at, module, action, subject_type, subject_id, actor_id, details in conn.execute(query):
        details = json.loads(details) if isinstance(details, str) else (details or {})
        short, summary = action.split(".", 1)[1], str(details.get("summary", ""))
        if module == "governance":
            conn.execute(sa.text(
                "INSERT INTO board_audit_log (at, actor_id, actor_name, action, object_type, "
                "object_id, summary) VALUES (:at, :actor, '', :action, :type, :id, :summary)"
            ), {"at": at, "actor": actor_id, "action": short[:40], "type": subject_type[:40],
                "id": subject_id, "summary": summary})  # fmt: skip
        elif module == "sortition" and subject_id is not None:
            conn.execute(sa.text(
                "INSERT INTO sortition_audit_log (assembly_id, at, actor_id, actor_name, action, "
                "summary) VALUES (:assembly, :at, :actor, '', :action, :summary)"
            ), {"assembly": subject_id, "at": at, "actor": actor_id, "action": short[:40],
                "summary": summary})  # fmt: skip
        elif module == "contacts":
            conn.execute(sa.text(
                "INSERT INTO contact_audit (action, person_id, count, actor_id, at) "
                "VALUES (:action, :person, :count, :actor, :at)"
            ), {"action": short[:20], "person": subject_id, "count": int(details.get("count", 0)),
                "actor": actor_id, "at": at})  # fmt: skip
    for statement in DROP_APPEND_ONLY.get(conn.dialect.name, []):
        op.execute(statement)
    op.drop_table("audit_trail")
