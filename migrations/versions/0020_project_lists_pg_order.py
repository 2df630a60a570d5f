"""PostgreSQL reads the pilot lists by score and by adopters in their own order

Revision ID: 0020_project_lists_pg_order
Revises: 0019_project_public_by_id
Create Date: 2026-11-30 13:10:00.000000

The lists sort unrated pilots last: "score DESC NULLS LAST". SQLite places
NULL first in an ascending index, so its ascending indexes read backwards
give that order. PostgreSQL places NULL last in an ascending index, so read
backwards they gave "NULLS FIRST", and PostgreSQL sorted every public pilot
for each page instead. On PostgreSQL the two indexes are replaced by indexes
in the lists' own order; SQLite keeps its own.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_project_lists_pg_order'
down_revision = '0019_project_public_by_id'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_index('ix_project_listed_score', table_name='project')
    op.drop_index('ix_project_listed_adopters', table_name='project')
    op.create_index(
        'ix_project_listed_score_desc',
        'project',
        [
            'visibility',
            sa.text('score DESC NULLS LAST'),
            sa.text('rating_org_count DESC'),
            sa.text('id DESC'),
            'hidden_at',
        ],
    )
    op.create_index(
        'ix_project_listed_adopters_desc',
        'project',
        [
            'visibility',
            sa.text('adopter_count DESC'),
            sa.text('score DESC NULLS LAST'),
            sa.text('id DESC'),
            'hidden_at',
        ],
    )


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_index('ix_project_listed_adopters_desc', table_name='project')
    op.drop_index('ix_project_listed_score_desc', table_name='project')
    op.create_index(
        'ix_project_listed_adopters',
        'project',
        ['visibility', 'adopter_count', 'score', 'id', 'hidden_at'],
    )
    op.create_index(
        'ix_project_listed_score',
        'project',
        ['visibility', 'score', 'rating_org_count', 'id', 'hidden_at'],
    )
