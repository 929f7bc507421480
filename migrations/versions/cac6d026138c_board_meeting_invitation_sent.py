"""board meeting: when the invitation with the agenda was sent to the members

Revision ID: cac6d026138c
Revises: c8e3a5f1b9d4
Create Date: 2026-12-06 19:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "cac6d026138c"
down_revision = "c8e3a5f1b9d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("board_meetings") as batch_op:
        batch_op.add_column(sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("board_meetings") as batch_op:
        batch_op.drop_column("invited_at")
