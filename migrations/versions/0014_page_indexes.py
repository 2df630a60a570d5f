"""Indexes for the public lists, and the register's version

Revision ID: 0014_page_indexes
Revises: 0010_mail_outbox
Create Date: 2026-11-30 00:45:00.000000

Each sort of the pilot list gets an index led by visibility, so a page is
read in index order; an organisation's page gets one led by the owner. `register_version` holds the one number that caches of
public data and the ETags of public pages are keyed by.
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_page_indexes'
down_revision = '0016_insight_indexes'
branch_labels = None
depends_on = None


LIST_INDEXES = {
    'ix_project_listed_newest': ['visibility', 'published_at', 'id', 'hidden_at'],
    'ix_project_listed_title': ['visibility', 'title', 'id', 'hidden_at'],
    'ix_project_listed_score': ['visibility', 'score', 'rating_org_count', 'id', 'hidden_at'],
    'ix_project_listed_adopters': ['visibility', 'adopter_count', 'score', 'id', 'hidden_at'],
    'ix_project_owner_listed': [
        'owner_id', 'visibility', 'published_at', 'created_at', 'id', 'hidden_at'
    ],
}


def upgrade():
    version = op.create_table('register_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_version'))
    )
    op.bulk_insert(version, [{'id': 1, 'number': 1, 'token': secrets.token_hex(16)}])
    with op.batch_alter_table('project', schema=None) as batch_op:
        for name, columns in LIST_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        for name in LIST_INDEXES:
            batch_op.drop_index(name)
    op.drop_table('register_version')
