"""event occurrences: each event's occurrences stored, series up to a rolling horizon

Revision ID: 3c8e5a1f7b20
Revises: b7d41e9a2c10
Create Date: 2026-12-06 16:00:00.000000

"""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from flask import current_app

from office.core.db import UTCDateTime
from office.events import rules

# revision identifiers, used by Alembic.
revision = '3c8e5a1f7b20'
down_revision = 'b7d41e9a2c10'
branch_labels = None
depends_on = None


def upgrade():
    occurrences = op.create_table(
        'event_occurrences',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('start_at', UTCDateTime(), nullable=False),
        sa.Column('end_at', UTCDateTime(), nullable=False),
        sa.Column('long_running', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_occurrences_event_id_events'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'start_at', name=op.f('pk_event_occurrences')),
    )
    op.create_index('ix_event_occurrences_window', 'event_occurrences', ['long_running', 'start_at'], unique=False)
    horizon = op.create_table(
        'event_occurrence_horizon',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('until', UTCDateTime(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_event_occurrence_horizon_one_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_occurrence_horizon')),
    )
    _store_existing(occurrences, horizon)


def _store_existing(occurrences, horizon):
    """Every existing event's occurrences, as `flask events extend-occurrences --rebuild`."""
    tz = ZoneInfo(current_app.config.get('OFFICE_TIMEZONE', 'Europe/Berlin'))
    until = rules.occurrence_horizon(datetime.now(UTC), tz)
    op.bulk_insert(horizon, [{'id': 1, 'until': until}])
    conn = op.get_bind()
    events = sa.table(
        'events', sa.column('id'), sa.column('start_at', UTCDateTime()),
        sa.column('end_at', UTCDateTime()), sa.column('rrule'), sa.column('exdates', sa.JSON()),
        sa.column('all_day'),
    )
    rows = []
    for e in conn.execute(sa.select(events)):
        for o in rules.stored_occurrences(
            e.start_at, e.end_at, e.rrule, e.exdates, tz, bool(e.all_day), until
        ):
            start, end = o.start.astimezone(UTC), o.end.astimezone(UTC)
            rows.append({'event_id': e.id, 'start_at': start, 'end_at': end,
                         'long_running': rules.is_long(start, end)})
        if len(rows) > 5000:
            op.bulk_insert(occurrences, rows)
            rows = []
    if rows:
        op.bulk_insert(occurrences, rows)


def downgrade():
    op.drop_table('event_occurrence_horizon')
    op.drop_index('ix_event_occurrences_window', table_name='event_occurrences')
    op.drop_table('event_occurrences')
