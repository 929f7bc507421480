"""implementation partners' pledges; process kinds (assembly, strategy meeting)

Revision ID: b3f1d7c5e9a2
Revises: d9f2b6c4e813
Create Date: 2026-12-06 16:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = "b3f1d7c5e9a2"
down_revision = "d9f2b6c4e813"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("processes") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="process")
        )
        batch.add_column(sa.Column("follows_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_processes_follows_id"), ["follows_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_processes_follows_id_processes"), "processes", ["follows_id"], ["id"],
            ondelete="SET NULL",
        )
        batch.create_check_constraint(
            "kind", "kind IN ('process', 'assembly', 'strategy_meeting')"
        )
    op.create_table(
        "pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("pledged_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pledged', 'in_progress', 'done', 'withdrawn')", name=op.f("ck_pledges_status")
        ),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name=op.f("ck_pledges_progress")),
        sa.ForeignKeyConstraint(["meeting_id"], ["processes.id"], name=op.f("fk_pledges_meeting_id_processes"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_pledges_organisation_id_organisations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recommendation_id"], ["recommendations.id"], name=op.f("fk_pledges_recommendation_id_recommendations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledges")),
        sa.UniqueConstraint("recommendation_id", "organisation_id", name="uq_pledge_partner"),
    )
    op.create_index(op.f("ix_pledges_organisation_id"), "pledges", ["organisation_id"], unique=False)
    op.create_index(op.f("ix_pledges_recommendation_id"), "pledges", ["recommendation_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_pledges_recommendation_id"), table_name="pledges")
    op.drop_index(op.f("ix_pledges_organisation_id"), table_name="pledges")
    op.drop_table("pledges")
    with op.batch_alter_table("processes") as batch:
        batch.drop_constraint("kind", type_="check")
        batch.drop_constraint(batch.f("fk_processes_follows_id_processes"), type_="foreignkey")
        batch.drop_index(batch.f("ix_processes_follows_id"))
        batch.drop_column("follows_id")
        batch.drop_column("kind")
