"""Catalogue entries carry an optional SPDX licence

Revision ID: 0006_entry_licence
Revises: 0005_postgres_search
Create Date: 2026-11-29 21:00:00.000000

Empty means: no licence of its own; the origin pilot's applies where it has one.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006_entry_licence'
down_revision = '0005_postgres_search'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('licence', sa.String(length=100), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.drop_column('licence')
