"""sortition: numbered invitation lotteries, strata, invitation codes and answers

Revision ID: d9f2b6c4e813
Revises: a7c2e9d4b1f6
Create Date: 2026-12-06 16:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d9f2b6c4e813"
down_revision = "a7c2e9d4b1f6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sortition_register_entries") as batch:
        batch.add_column(sa.Column("stratum", sa.String(100)))
        batch.add_column(sa.Column("language", sa.String(5)))
        batch.add_column(sa.Column("invitation_code", sa.String(12)))
        batch.add_column(sa.Column("answer", sa.String(12)))
    op.create_table(
        "sortition_invitation_draws",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "assembly_id",
            sa.Integer(),
            sa.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("seed", sa.String(100), nullable=False),
        sa.Column("one_per_household", sa.Boolean(), nullable=False),
        sa.Column("requested", sa.Integer(), nullable=False),
        sa.Column("drawn", sa.Integer(), nullable=False),
        sa.Column("register_size", sa.Integer(), nullable=False),
        sa.Column("register_checksum", sa.String(64), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("strata", sa.JSON(), nullable=False),
        sa.Column("drawn_ids", sa.JSON()),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("drawn_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.UniqueConstraint("assembly_id", "attempt"),
    )


def downgrade():
    op.drop_table("sortition_invitation_draws")
    with op.batch_alter_table("sortition_register_entries") as batch:
        for column in ("answer", "invitation_code", "language", "stratum"):
            batch.drop_column(column)
