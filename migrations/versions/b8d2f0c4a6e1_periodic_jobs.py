"""periodic jobs: the latest runs of each cron command

Revision ID: b8d2f0c4a6e1
Revises: 1dd765f76a29
Create Date: 2026-12-06 15:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b8d2f0c4a6e1"
down_revision = "1dd765f76a29"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "periodic_jobs",
        sa.Column("job", sa.String(length=60), nullable=False),
        sa.Column("last_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_succeeded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("last_counts", sa.JSON(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_periodic_jobs")),
    )


def downgrade():
    op.drop_table("periodic_jobs")
