"""content in several languages: events, initiatives and the board's rules of procedure

Existing texts stay where they are: they are the office's version; the optional versions in
the other languages start empty.

Revision ID: c8e3a5f7b9d1
Revises: b5d2f8a1c3e7
Create Date: 2026-12-06 18:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c8e3a5f7b9d1"
down_revision = "b5d2f8a1c3e7"
branch_labels = None
depends_on = None

TABLES = ("events", "initiatives", "board_rules_versions")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("translations", sa.JSON(), nullable=False, server_default="{}")
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("translations")
