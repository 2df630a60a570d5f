"""Search outbox ids are never reused on SQLite

Revision ID: 0017_outbox_ids
Revises: 0014_page_indexes
Create Date: 2026-11-30 03:40:00.000000

An applied outbox row is deleted by its id. Without AUTOINCREMENT SQLite
hands the highest id out again once its row is deleted, so a process that
read a row could delete a newer change with the same id. The table is
recreated with AUTOINCREMENT (its rows copied); PostgreSQL's sequence never
reuses an id, so nothing changes there.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017_outbox_ids'
down_revision = '0014_page_indexes'
branch_labels = None
depends_on = None


def _recreate(autoincrement):
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table(
        'search_outbox',
        recreate='always',
        table_kwargs={'sqlite_autoincrement': autoincrement},
    ):
        pass


def upgrade():
    _recreate(True)


def downgrade():
    _recreate(False)
