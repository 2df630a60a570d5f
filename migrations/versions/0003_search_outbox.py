"""The search outbox: changes waiting to reach the search index

Revision ID: 0003_search_outbox
Revises: 0002_ratings_adoptions
Create Date: 2026-11-29 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_search_outbox'
down_revision = '0002_ratings_adoptions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )


def downgrade():
    op.drop_table('search_outbox')
