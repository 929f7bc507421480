"""content in several languages: optional versions of people-written texts (processes)

Revision ID: b5d2f8a1c3e7
Revises: a7c4e1f9d2b6
Create Date: 2026-12-06 17:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b5d2f8a1c3e7"
down_revision = "a7c4e1f9d2b6"
branch_labels = None
depends_on = None

TABLES = ("processes",)


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
