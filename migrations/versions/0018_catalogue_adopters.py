"""The catalogue keeps each entry's adopting municipalities, to sort by them

Revision ID: 0018_catalogue_adopters
Revises: 0017_outbox_ids
Create Date: 2026-11-30 07:40:00.000000

The catalogue's default order, most adopted first, was a count per entry
on every request, over every entry. The count is now stored on the entry
(kept current with every adoption) and read in order from an index.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_catalogue_adopters'
down_revision = '0017_outbox_ids'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('catalogue_entry') as batch_op:
        batch_op.add_column(
            sa.Column('adopter_count', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.create_index(
            'ix_catalogue_entry_adopters', ['adopter_count', 'name', 'id'], unique=False
        )
    op.execute(
        "UPDATE catalogue_entry SET adopter_count = ("
        " SELECT count(DISTINCT adoption.organisation_id) FROM adoption"
        " JOIN organisation ON organisation.id = adoption.organisation_id"
        " WHERE adoption.project_id = catalogue_entry.origin_project_id"
        " AND adoption.status = 'in_use' AND organisation.kind = 'municipality')"
    )


def downgrade():
    with op.batch_alter_table('catalogue_entry') as batch_op:
        batch_op.drop_index('ix_catalogue_entry_adopters')
        batch_op.drop_column('adopter_count')
