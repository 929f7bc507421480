"""content in several languages: optional versions of people-written texts (courses)

Revision ID: a7c4e1f9d2b6
Revises: d5b7f3a9e2c4
Create Date: 2026-12-06 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a7c4e1f9d2b6"
down_revision = "d5b7f3a9e2c4"
branch_labels = None
depends_on = None

TABLES = ("courses",)


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
