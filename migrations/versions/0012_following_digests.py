"""Following, notification fan-out, digests and the waiting-nomination reminder

Revision ID: 0012_following_digests
Revises: 0010_mail_outbox
Create Date: 2026-11-30 00:30:00.000000

People follow a pilot, a theme, an organisation or the catalogue; one
fan-out row per change tells all followers through the worker. A
notification remembers its mail channel and when it was mailed, so a digest
never mails it twice. A nomination remembers when curators were told it
waits too long, so they are told once.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_following_digests'
down_revision = '0011_api_tokens'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('follow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_key', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_follow_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow')),
    sa.UniqueConstraint('user_id', 'target_type', 'target_key', name=op.f('uq_follow_user_id_target_type_target_key'))
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.create_index('ix_follow_target', ['target_type', 'target_key'], unique=False)

    op.create_table('notification_fanout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('exclude', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_fanout'))
    )
    with op.batch_alter_table('notification_fanout', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_fanout_done_at'), ['done_at'], unique=False)

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail', sa.String(length=10), nullable=False, server_default='immediate'))
        batch_op.add_column(sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_notification_digest', ['mail', 'mailed_at'], unique=False)
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.alter_column('mail', server_default=None)

    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting_notified_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_column('waiting_notified_at')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_digest')
        batch_op.drop_column('mailed_at')
        batch_op.drop_column('mail')
    with op.batch_alter_table('notification_fanout', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_fanout_done_at'))
    op.drop_table('notification_fanout')
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_target')
    op.drop_table('follow')
