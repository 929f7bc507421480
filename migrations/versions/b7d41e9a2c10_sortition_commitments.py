"""sortition: numbered attempts, commit-then-reveal, published files, audit log

Revision ID: b7d41e9a2c10
Revises: d3a7c1e9f204
Create Date: 2026-12-06 16:00:00

"""

import sqlalchemy as sa
from alembic import op


revision = "b7d41e9a2c10"
down_revision = "d3a7c1e9f204"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("sortition_assemblies", sa.Column("pseudonym_key", sa.String(64)))
    with op.batch_alter_table("sortition_runs") as batch:
        batch.add_column(sa.Column("attempt", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("reserve_size", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("seed_source", sa.String(300), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("committed_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("committed_by_id", sa.Integer()))
        batch.add_column(sa.Column("drawn_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("drawn_by_id", sa.Integer()))
        batch.add_column(sa.Column("public_files", sa.JSON()))
        batch.create_foreign_key(
            "fk_sortition_runs_committed_by", "users", ["committed_by_id"], ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            "fk_sortition_runs_drawn_by", "users", ["drawn_by_id"], ["id"], ondelete="SET NULL"
        )
    # runs drawn before commitments existed: drawn when they finished
    op.execute("UPDATE sortition_runs SET drawn_at = finished_at WHERE status = 'done'")
    op.create_table(
        "sortition_audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "assembly_id",
            sa.Integer(),
            sa.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
    )
    op.create_index("ix_sortition_audit_log_at", "sortition_audit_log", ["at"])


def downgrade():
    op.drop_index("ix_sortition_audit_log_at", "sortition_audit_log")
    op.drop_table("sortition_audit_log")
    with op.batch_alter_table("sortition_runs") as batch:
        batch.drop_constraint("fk_sortition_runs_drawn_by", type_="foreignkey")
        batch.drop_constraint("fk_sortition_runs_committed_by", type_="foreignkey")
        for column in (
            "public_files", "drawn_by_id", "drawn_at", "committed_by_id", "committed_at",
            "seed_source", "reserve_size", "reason", "attempt",
        ):  # fmt: skip
            batch.drop_column(column)
    op.drop_column("sortition_assemblies", "pseudonym_key")
