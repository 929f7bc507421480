"""venues and facilities; events at a venue

Revision ID: a7c2e9d4b1f6
Revises: 18d40de64a0a
Create Date: 2026-12-06 16:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "a7c2e9d4b1f6"
down_revision = "18d40de64a0a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "venues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("opening_hours", sa.String(length=300), nullable=False),
        sa.Column("step_free", sa.Boolean(), nullable=False),
        sa.Column("accessible_toilet", sa.Boolean(), nullable=False),
        sa.Column("hearing_loop", sa.Boolean(), nullable=False),
        sa.Column("quiet_room", sa.Boolean(), nullable=False),
        sa.Column("access_note", sa.String(length=1000), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("contact_phone", sa.String(length=50), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("moderation_note", sa.Text(), nullable=False),
        sa.Column("suggested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'published', 'rejected', 'archived')",
            name=op.f("ck_venues_status"),
        ),
        sa.CheckConstraint(
            "kind IN ('centre', 'room', 'library', 'school', 'outdoor', 'other')",
            name=op.f("ck_venues_kind"),
        ),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name=op.f("ck_venues_capacity_positive")),
        sa.CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name=op.f("ck_venues_latitude")),
        sa.CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name=op.f("ck_venues_longitude")),
        sa.ForeignKeyConstraint(["district_id"], ["districts.id"], name=op.f("fk_venues_district_id_districts"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["suggested_by_id"], ["users.id"], name=op.f("fk_venues_suggested_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venues")),
    )
    op.create_index(op.f("ix_venues_district_id"), "venues", ["district_id"], unique=False)
    op.create_index("ix_venues_status_name", "venues", ["status", "name"], unique=False)
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("venue_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_events_venue_id"), ["venue_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_events_venue_id_venues"), "venues", ["venue_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint(batch.f("fk_events_venue_id_venues"), type_="foreignkey")
        batch.drop_index(batch.f("ix_events_venue_id"))
        batch.drop_column("venue_id")
    op.drop_index("ix_venues_status_name", table_name="venues")
    op.drop_index(op.f("ix_venues_district_id"), table_name="venues")
    op.drop_table("venues")
