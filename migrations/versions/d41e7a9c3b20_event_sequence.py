"""event sequence (iCalendar SEQUENCE)

Revision ID: d41e7a9c3b20
Revises: e5b1c0a7d9f3
Create Date: 2026-12-06 15:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = "d41e7a9c3b20"
down_revision = "e5b1c0a7d9f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("events") as batch:
        batch.drop_column("sequence")
