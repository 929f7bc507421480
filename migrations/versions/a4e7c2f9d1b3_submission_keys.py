"""submission keys: a public form sent again is stored once

Revision ID: a4e7c2f9d1b3
Revises: a8d3e6f1c2b9, e2a9c7d15f48 (joins the two heads main had)
Create Date: 2026-12-06 16:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a4e7c2f9d1b3"
down_revision = ("a8d3e6f1c2b9", "e2a9c7d15f48")
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "submission_keys",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_submission_keys")),
    )


def downgrade():
    op.drop_table("submission_keys")
