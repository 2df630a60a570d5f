"""Nominations, the standard catalogue and notifications

Revision ID: 0004_catalogue
Revises: 0003_search_outbox
Create Date: 2026-11-29 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_catalogue'
down_revision = '0003_search_outbox'
branch_labels = None
depends_on = None

# At most one open nomination per pilot; the same condition as in registry/models/nomination.py.
OPEN_CONDITION = "state IN ('submitted', 'in_review')"


def upgrade():
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_user_created', ['user_id', 'created_at'], unique=False)

    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('nominator_id', sa.Integer(), nullable=True),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('curator_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=True),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('override', sa.Boolean(), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['curator_id'], ['user_account.id'], name=op.f('fk_nomination_curator_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['nominator_id'], ['user_account.id'], name=op.f('fk_nomination_nominator_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_nomination_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination'))
    )
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_state'), ['state'], unique=False)
        batch_op.create_index(
            'uq_nomination_open_project', ['project_id'], unique=True,
            sqlite_where=sa.text(OPEN_CONDITION), postgresql_where=sa.text(OPEN_CONDITION),
        )

    op.create_table('catalogue_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('maintainer_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('standard_since', sa.Date(), nullable=False),
    sa.Column('origin_project_id', sa.Integer(), nullable=True),
    sa.Column('nomination_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('successor_id', sa.Integer(), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('common_ground_layer', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['maintainer_id'], ['organisation.id'], name=op.f('fk_catalogue_entry_maintainer_id_organisation')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_catalogue_entry_nomination_id_nomination'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['origin_project_id'], ['project.id'], name=op.f('fk_catalogue_entry_origin_project_id_project'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['successor_id'], ['catalogue_entry.id'], name=op.f('fk_catalogue_entry_successor_id_catalogue_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_entry')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_catalogue_entry_nomination_id')),
    sa.UniqueConstraint('origin_project_id', name=op.f('uq_catalogue_entry_origin_project_id')),
    sa.UniqueConstraint('slug', name=op.f('uq_catalogue_entry_slug'))
    )
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_entry_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_entry_maintainer_id'), ['maintainer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_entry_status'), ['status'], unique=False)

    op.create_table('catalogue_entry_theme',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['catalogue_entry.id'], name=op.f('fk_catalogue_entry_theme_entry_id_catalogue_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'theme', name=op.f('pk_catalogue_entry_theme'))
    )
    with op.batch_alter_table('catalogue_entry_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_entry_theme_theme'), ['theme'], unique=False)


def downgrade():
    with op.batch_alter_table('catalogue_entry_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_entry_theme_theme'))

    op.drop_table('catalogue_entry_theme')
    with op.batch_alter_table('catalogue_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_entry_status'))
        batch_op.drop_index(batch_op.f('ix_catalogue_entry_maintainer_id'))
        batch_op.drop_index(batch_op.f('ix_catalogue_entry_created_at'))

    op.drop_table('catalogue_entry')
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index('uq_nomination_open_project')
        batch_op.drop_index(batch_op.f('ix_nomination_state'))
        batch_op.drop_index(batch_op.f('ix_nomination_project_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_created_at'))

    op.drop_table('nomination')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_created')

    op.drop_table('notification')
