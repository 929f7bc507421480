"""perf

Revision ID: 5e1f0c2a9b7d
Revises: 5a70395579f0
Create Date: 2026-11-22 00:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e1f0c2a9b7d'
down_revision = '5a70395579f0'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(
            'ix_persons_search_text_trgm',
            ['search_text'],
            unique=False,
            postgresql_using='gin',
            postgresql_ops={'search_text': 'gin_trgm_ops'},
        )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.create_index('ix_help_requests_due_on_id', ['due_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_help_requests_due_on_id')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_search_text_trgm')
