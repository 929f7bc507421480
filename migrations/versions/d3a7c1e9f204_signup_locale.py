"""event sign-ups remember their language (for a later cancellation mail)

Revision ID: d3a7c1e9f204
Revises: b8d2f0c4a6e1
Create Date: 2026-12-06 15:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d3a7c1e9f204"
down_revision = "b8d2f0c4a6e1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event_signups") as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("event_signups") as batch_op:
        batch_op.drop_column("locale")
