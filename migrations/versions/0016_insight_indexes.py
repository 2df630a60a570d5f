"""Covering indexes for statistics, opportunities and "also adopted"

Revision ID: 0016_insight_indexes
Revises: 0010_mail_outbox
Create Date: 2026-11-30 00:30:00.000000

The aggregates read adoptions by pilot and status and by organisation and
status, ratings by pilot and organisation, and the public pilots by owner,
phase and publication date; with these indexes they read the index alone.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_insight_indexes'
down_revision = '0013_questions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_adoption_project_status',
        'adoption',
        ['project_id', 'status', 'organisation_id', 'created_at'],
    )
    op.create_index(
        'ix_adoption_organisation_status', 'adoption', ['organisation_id', 'status', 'project_id']
    )
    op.create_index('ix_rating_project_organisation', 'rating', ['project_id', 'organisation_id'])
    op.create_index(
        'ix_project_public',
        'project',
        ['visibility', 'hidden_at', 'owner_id', 'phase', 'published_at'],
    )


def downgrade():
    op.drop_index('ix_project_public', table_name='project')
    op.drop_index('ix_rating_project_organisation', table_name='rating')
    op.drop_index('ix_adoption_organisation_status', table_name='adoption')
    op.drop_index('ix_adoption_project_status', table_name='adoption')
