"""course runs and board meetings at a venue from the directory of venues

The free-text places stay as they are (`course_runs.venue`, `board_meetings.location`): a run
or meeting without a venue keeps showing its place in words, and staff pick the venue later.

Revision ID: e3a9c7b5d2f1
Revises: d4f6b8a0c2e5
Create Date: 2026-12-06 18:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "e3a9c7b5d2f1"
down_revision = "d4f6b8a0c2e5"
branch_labels = None
depends_on = None

TABLES = ("course_runs", "board_meetings")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("venue_id", sa.Integer(), nullable=True))
            batch.create_index(batch.f(f"ix_{table}_venue_id"), ["venue_id"], unique=False)
            batch.create_foreign_key(
                batch.f(f"fk_{table}_venue_id_venues"), "venues", ["venue_id"], ["id"],
                ondelete="SET NULL",
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(batch.f(f"fk_{table}_venue_id_venues"), type_="foreignkey")
            batch.drop_index(batch.f(f"ix_{table}_venue_id"))
            batch.drop_column("venue_id")
