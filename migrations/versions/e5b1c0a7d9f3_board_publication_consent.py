"""board members' consent to be named in the open data (OParl)

Revision ID: e5b1c0a7d9f3
Revises: c5e8a3f17b92
Create Date: 2026-12-06 16:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e5b1c0a7d9f3"
down_revision = "c5e8a3f17b92"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("board_members") as batch_op:
        batch_op.add_column(
            sa.Column("publication_consent", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("board_members") as batch_op:
        batch_op.drop_column("publication_consent")
