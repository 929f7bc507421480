"""merge heads: board minutes approval and sortition category labels (both follow pledges)

Revision ID: c4d8e2f6a1b3
Revises: a8d3e6f1c2b9, e2a9c7d15f48
Create Date: 2026-12-06 16:55:00

"""

revision = "c4d8e2f6a1b3"
down_revision = ("a8d3e6f1c2b9", "e2a9c7d15f48")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
