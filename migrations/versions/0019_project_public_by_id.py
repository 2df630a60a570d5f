"""A pilot's public state, list place and name, read by its id without its row

Revision ID: 0019_project_public_by_id
Revises: 0018_catalogue_adopters
Create Date: 2026-11-30 07:00:00.000000

An organisation's page joins pilots by id: its adoptions (filtered on whether
the pilot is public, sorted by title) and its partner pilots (sorted by
publication). On SQLite a pilot's row carries its long texts before those
columns, so each join read the whole row; an index led by the id covers them.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_project_public_by_id'
down_revision = '0018_catalogue_adopters'
branch_labels = None
depends_on = None

COLUMNS = ['id', 'visibility', 'hidden_at', 'published_at', 'created_at', 'title', 'slug']


def upgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index('ix_project_public_by_id', COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index('ix_project_public_by_id')
