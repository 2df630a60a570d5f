"""Search synonyms that curators can edit, seeded with common abbreviations

Revision ID: 0009_search_synonyms
Revises: 0005_postgres_search
Create Date: 2026-11-29 21:40:00.000000

Each row is one set of terms that mean the same, separated by "|". Searches
expand a query with them when it is made, so editing needs no reindex.
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009_search_synonyms'
down_revision = '0007_accounts_security'
branch_labels = None
depends_on = None

# A copy of registry/search/synonym_seed.py at the time of writing.
SEED = (
    "Wmo|Wet maatschappelijke ondersteuning",
    "Jeugdwet|Jeugdzorg",
    "Omgevingswet|Ow|DSO|Digitaal Stelsel Omgevingswet",
    "BRP|Basisregistratie Personen|GBA",
    "Woo|Wet open overheid|Wob|Wet openbaarheid van bestuur",
    "Participatiewet|Pw|bijstand",
    "BAG|Basisregistratie Adressen en Gebouwen",
    "AVG|Algemene verordening gegevensbescherming|GDPR",
    "KCC|Klantcontactcentrum",
    "AI|kunstmatige intelligentie|artificial intelligence",
)


def upgrade():
    table = op.create_table(
        'search_synonym',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('terms', sa.String(length=500), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonym')),
    )
    now = datetime.now(UTC)
    op.bulk_insert(table, [{'terms': terms, 'updated_at': now} for terms in SEED])


def downgrade():
    op.drop_table('search_synonym')
