"""recommendations linked to a council paper (OParl) and what the nightly sync found

Revision ID: f6c2d8e4a1b7
Revises: 88b945d16cd9
Create Date: 2026-12-06 16:30:00

"""

import sqlalchemy as sa
from alembic import op

from office.core.db import UTCDateTime

revision = "f6c2d8e4a1b7"
down_revision = "88b945d16cd9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("recommendations") as batch_op:
        batch_op.add_column(
            sa.Column("council_paper_url", sa.String(500), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("council_checked_at", UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("council_problem", sa.String(500), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("council_changed_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("recommendations") as batch_op:
        for name in ("council_changed_on", "council_problem", "council_checked_at"):
            batch_op.drop_column(name)
        batch_op.drop_column("council_paper_url")
