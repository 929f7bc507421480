"""method cards: texts in the office's language on the card, other languages as optional versions

Until now a card kept its texts in `method_translations`, one required row per language. Now the
card holds the version in the office's language (OFFICE_DEFAULT_LOCALE; a card without one takes
its English, else any, version) and the `translations` JSON column the others, like every other
text people write (office/core/translations.py). No text is lost: every row becomes either the
card's text or one of its versions; the downgrade writes the rows back.

Revision ID: d4f6b8a0c2e5
Revises: 6854c77e3b9e
Create Date: 2026-12-06 19:00:00

"""

import json

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "d4f6b8a0c2e5"
down_revision = "6854c77e3b9e"
branch_labels = None
depends_on = None

TEXT_COLUMNS = (
    ("name", sa.String(200)),
    ("purpose", sa.Text()),
    ("group_size_text", sa.String(300)),
    ("duration_text", sa.String(300)),
    ("staffing", sa.Text()),
    ("when_to_use", sa.Text()),
    ("when_not", sa.Text()),
)
FIELDS = [name for name, _type in TEXT_COLUMNS]

methods = sa.table(
    "methods", sa.column("id", sa.Integer), sa.column("translations", sa.JSON),
    *(sa.column(name, type_) for name, type_ in TEXT_COLUMNS),
)  # fmt: skip
rows = sa.table(
    "method_translations", sa.column("method_id", sa.Integer), sa.column("locale", sa.String),
    *(sa.column(name, type_) for name, type_ in TEXT_COLUMNS),
)  # fmt: skip


def _office_locale() -> str:
    return current_app.config.get("BABEL_DEFAULT_LOCALE", "de")


def upgrade():
    with op.batch_alter_table("methods") as batch:
        for name, type_ in TEXT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))
        batch.add_column(sa.Column("translations", sa.JSON(), nullable=False, server_default="{}"))
    conn = op.get_bind()
    by_method: dict = {}
    for row in conn.execute(sa.select(rows)).mappings():
        by_method.setdefault(row["method_id"], {})[row["locale"]] = {f: row[f] for f in FIELDS}
    office = _office_locale()
    for method_id, texts in by_method.items():
        main = office if office in texts else "en" if "en" in texts else sorted(texts)[0]
        versions = {loc: t for loc, t in texts.items() if loc != main}
        conn.execute(
            methods.update().where(methods.c.id == method_id)
            .values(**texts[main], translations=versions)
        )  # fmt: skip
    with op.batch_alter_table("methods") as batch:
        for name, type_ in TEXT_COLUMNS:
            batch.alter_column(name, existing_type=type_, server_default=None)
    op.drop_table("method_translations")


def downgrade():
    conn = op.get_bind()
    cards = [dict(card) for card in conn.execute(sa.select(methods)).mappings()]
    # the columns go first: SQLite drops them by copying the table, which would cascade to rows
    # that already refer to it
    with op.batch_alter_table("methods") as batch:
        batch.drop_column("translations")
        for name, _type in reversed(TEXT_COLUMNS):
            batch.drop_column(name)
    op.create_table(
        "method_translations",
        sa.Column("method_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        *(sa.Column(name, type_, nullable=False) for name, type_ in TEXT_COLUMNS),
        sa.ForeignKeyConstraint(
            ["method_id"], ["methods.id"], name=op.f("fk_method_translations_method_id_methods"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("method_id", "locale", name=op.f("pk_method_translations")),
    )  # fmt: skip
    office = _office_locale()
    for card in cards:
        main = {f: card[f] for f in FIELDS}
        versions = card["translations"] or {}
        if isinstance(versions, str):
            versions = json.loads(versions)
        conn.execute(rows.insert().values(method_id=card["id"], locale=office, **main))
        for locale, texts in versions.items():
            if locale != office:
                # a version lacking a field takes the office's text (the rows need every field)
                values = {f: texts.get(f) or main[f] for f in FIELDS}
                conn.execute(rows.insert().values(method_id=card["id"], locale=locale, **values))
