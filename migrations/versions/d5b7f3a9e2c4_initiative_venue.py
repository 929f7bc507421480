"""an initiative meets at a venue from the directory of venues

Revision ID: d5b7f3a9e2c4
Revises: c8e4a2f6d1b9
Create Date: 2026-12-06 17:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = "d5b7f3a9e2c4"
down_revision = "c8e4a2f6d1b9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("initiatives") as batch:
        batch.add_column(sa.Column("venue_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_initiatives_venue_id"), ["venue_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_initiatives_venue_id_venues"), "venues", ["venue_id"], ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("initiatives") as batch:
        batch.drop_constraint(batch.f("fk_initiatives_venue_id_venues"), type_="foreignkey")
        batch.drop_index(batch.f("ix_initiatives_venue_id"))
        batch.drop_column("venue_id")
