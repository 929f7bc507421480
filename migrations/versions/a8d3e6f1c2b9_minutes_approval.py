"""board meeting minutes are approved, then fixed

Revision ID: a8d3e6f1c2b9
Revises: e2a9c7d15f48
Create Date: 2026-12-06 16:50:00

"""

import sqlalchemy as sa
from alembic import op

from office.core.db import UTCDateTime

revision = "a8d3e6f1c2b9"
down_revision = "e2a9c7d15f48"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("board_meetings") as batch_op:
        batch_op.add_column(sa.Column("minutes_approved_at", UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("board_meetings") as batch_op:
        batch_op.drop_column("minutes_approved_at")
