"""sortition: replacements from the pool, with pseudonyms, features and quota effect

Revision ID: c5e8a3f17b92
Revises: 3c8e5a1f7b20
Create Date: 2026-12-06 16:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c5e8a3f17b92"
down_revision = "3c8e5a1f7b20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sortition_replacements") as batch:
        batch.add_column(
            sa.Column("dropped_pseudonym", sa.String(16), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("replacement_pseudonym", sa.String(16), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("dropped_features", sa.JSON()))
        batch.add_column(sa.Column("replacement_features", sa.JSON()))
        batch.add_column(sa.Column("source", sa.String(10), nullable=False, server_default="reserve"))
        batch.add_column(sa.Column("broken", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("sortition_replacements") as batch:
        for column in (
            "broken", "source", "replacement_features", "dropped_features",
            "replacement_pseudonym", "dropped_pseudonym",
        ):  # fmt: skip
            batch.drop_column(column)
