"""recommendations: draft -> open for comment -> final, residents' comments, the assembly's
vote and minority statements (with their supporters) in a table of their own

Existing recommendations were entered after their assembly had ended: they become final. Their
single minority statement moves into the new table (number of supporters unknown).

Revision ID: 6854c77e3b9e
Revises: 02b85980089b
Create Date: 2026-12-06 18:31:43

"""

import sqlalchemy as sa
from alembic import op

revision = "6854c77e3b9e"
down_revision = "02b85980089b"
branch_labels = None
depends_on = None

STAGES = "stage IN ('draft', 'open_for_comment', 'final')"


def upgrade():
    op.create_table(
        "minority_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("supporters", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "supporters IS NULL OR supporters >= 1", name=op.f("ck_minority_statements_supporters")
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"], ["recommendations.id"], ondelete="CASCADE",
            name=op.f("fk_minority_statements_recommendation_id_recommendations"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minority_statements")),
    )
    with op.batch_alter_table("minority_statements") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minority_statements_recommendation_id"), ["recommendation_id"]
        )
    op.create_table(
        "recommendation_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'published', 'rejected')",
            name=op.f("ck_recommendation_comments_status"),
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"], ["recommendations.id"], ondelete="CASCADE",
            name=op.f("fk_recommendation_comments_recommendation_id_recommendations"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_comments")),
    )
    with op.batch_alter_table("recommendation_comments") as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_comments_email"), ["email"])
        batch_op.create_index(
            batch_op.f("ix_recommendation_comments_recommendation_id"), ["recommendation_id"]
        )
        batch_op.create_index(batch_op.f("ix_recommendation_comments_status"), ["status"])

    # plain ALTER TABLE, not a batch copy: SQLite with foreign keys on would cascade the copy's
    # DROP TABLE into pledges, updates and the minority statements moved below
    op.add_column(
        "recommendations",
        sa.Column("stage", sa.String(length=20), nullable=False, server_default="final"),
    )
    for name in ("comment_opens_on", "comment_closes_on", "finalised_on"):
        op.add_column("recommendations", sa.Column(name, sa.Date(), nullable=True))
    for name in ("votes_for", "votes_against", "votes_abstained"):
        op.add_column("recommendations", sa.Column(name, sa.Integer(), nullable=True))
    op.create_index(op.f("ix_recommendations_stage"), "recommendations", ["stage"])
    op.execute(
        "INSERT INTO minority_statements (recommendation_id, text, supporters, created_at, updated_at)"
        " SELECT id, minority_statement, NULL, created_at, updated_at FROM recommendations"
        " WHERE minority_statement <> ''"
    )
    op.execute("ALTER TABLE recommendations DROP COLUMN minority_statement")
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot add a constraint in place
        # new recommendations start as drafts (the model's default)
        op.alter_column("recommendations", "stage", server_default=None)
        op.create_check_constraint("stage", "recommendations", STAGES)
        op.create_check_constraint(
            "comment_period", "recommendations", "comment_closes_on >= comment_opens_on"
        )


def downgrade():
    op.add_column(
        "recommendations",
        sa.Column("minority_statement", sa.Text(), nullable=False, server_default=""),
    )
    op.execute(
        "UPDATE recommendations SET minority_statement = COALESCE((SELECT MIN(m.text) FROM"
        " minority_statements m WHERE m.recommendation_id = recommendations.id), '')"
    )
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("ck_recommendations_comment_period", "recommendations", type_="check")
        op.drop_constraint("ck_recommendations_stage", "recommendations", type_="check")
    op.drop_index(op.f("ix_recommendations_stage"), "recommendations")
    for name in ("finalised_on", "votes_abstained", "votes_against", "votes_for",
                 "comment_closes_on", "comment_opens_on", "stage"):  # fmt: skip
        op.execute(f"ALTER TABLE recommendations DROP COLUMN {name}")
    op.drop_table("recommendation_comments")
    op.drop_table("minority_statements")
