"""sortition: the office's names of features and categories in three languages

Revision ID: e2a9c7d15f48
Revises: b3f1d7c5e9a2
Create Date: 2026-12-06 16:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e2a9c7d15f48"
down_revision = "b3f1d7c5e9a2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sortition_assemblies") as batch:
        batch.add_column(
            sa.Column("category_labels", sa.JSON(), nullable=False, server_default="{}")
        )


def downgrade():
    with op.batch_alter_table("sortition_assemblies") as batch:
        batch.drop_column("category_labels")
