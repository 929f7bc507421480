"""satisfaction survey after events: anonymous answers, sign-ups remember sending and answering

Revision ID: c8e4a2f6d1b9
Revises: a4e7c2f9d1b3
Create Date: 2026-12-06 16:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = "c8e4a2f6d1b9"
down_revision = "a4e7c2f9d1b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "event_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_event_feedback_rating")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_feedback_event_id_events"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_feedback")),
    )
    op.create_index(op.f("ix_event_feedback_event_id"), "event_feedback", ["event_id"], unique=False)
    op.create_index(op.f("ix_event_feedback_answered_on"), "event_feedback", ["answered_on"], unique=False)
    with op.batch_alter_table("event_signups") as batch:
        batch.add_column(sa.Column("survey_sent_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("survey_answered_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("event_signups") as batch:
        batch.drop_column("survey_answered_at")
        batch.drop_column("survey_sent_at")
    op.drop_index(op.f("ix_event_feedback_answered_on"), table_name="event_feedback")
    op.drop_index(op.f("ix_event_feedback_event_id"), table_name="event_feedback")
    op.drop_table("event_feedback")
