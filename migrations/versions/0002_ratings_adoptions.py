"""Reusability ratings, the rubric, adoptions, score history and stored aggregates

Revision ID: 0002_ratings_adoptions
Revises: 0001_foundation
Create Date: 2026-11-29 05:20:00.000000

The seven criteria of the rubric are seeded here as literal data: a migration
must keep doing what it did when it was written, whatever the code says later.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_ratings_adoptions'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None

DEFAULT_CRITERIA = (
    {
        "code": "transferability",
        "name_nl": "Overdraagbaarheid",
        "name_en": "Transferability",
        "question_nl": "Kan een andere gemeente deze oplossing gebruiken zonder de oorspronkelijke context?",
        "question_en": "Can another municipality use this solution without the original context?",
        "score1_nl": "Sterk verweven met de eigen organisatie, systemen of lokale situatie; overnemen betekent opnieuw beginnen.",
        "score1_en": "Tightly bound to the original organisation, systems or local situation; adopting it means starting over.",
        "score3_nl": "Met aanpassingen elders bruikbaar; een deel hangt af van lokale afspraken of systemen.",
        "score3_en": "Usable elsewhere with adjustments; part of it depends on local arrangements or systems.",
        "score5_nl": "Zonder wezenlijke aanpassingen over te nemen door een gemeente van vergelijkbare omvang.",
        "score5_en": "Can be adopted without substantial changes by a municipality of similar size.",
    },
    {
        "code": "documentation",
        "name_nl": "Documentatie",
        "name_en": "Documentation",
        "question_nl": "Zijn de aanpak, de resultaten en de manier van overnemen goed beschreven?",
        "question_en": "Are the approach, the results and how to adopt it written down?",
        "score1_nl": "Er staat weinig of niets op papier; de kennis zit in de hoofden van de betrokkenen.",
        "score1_en": "Little or nothing is written down; the knowledge is in the heads of the people involved.",
        "score3_nl": "Aanpak en resultaten zijn beschreven, maar een handleiding voor overname ontbreekt.",
        "score3_en": "Approach and results are described, but a guide to adopting it is missing.",
        "score5_nl": "Volledige, actuele documentatie, inclusief een handleiding voor overname.",
        "score5_en": "Complete, current documentation, including a guide to adopting it.",
    },
    {
        "code": "open_standards",
        "name_nl": "Open standaarden en licentie",
        "name_en": "Open standards and licence",
        "question_nl": "Gebruikt de oplossing open standaarden en is ze onder een open licentie beschikbaar?",
        "question_en": "Does the solution use open standards and is it available under an open licence?",
        "score1_nl": "Gesloten leverancierssoftware of eigen formaten; er is geen licentie om te hergebruiken.",
        "score1_en": "Closed vendor software or proprietary formats; there is no licence to reuse it.",
        "score3_nl": "Deels open: open standaarden voor gegevensuitwisseling, maar de software of inhoud is niet vrij te gebruiken.",
        "score3_en": "Partly open: open standards for data exchange, but the software or content cannot be freely reused.",
        "score5_nl": "Open standaarden (zoals op de lijst van het Forum Standaardisatie) en een open licentie, bijvoorbeeld de EUPL.",
        "score5_en": "Open standards (such as those listed by Forum Standaardisatie) and an open licence, for example the EUPL.",
    },
    {
        "code": "proven_results",
        "name_nl": "Bewezen resultaat",
        "name_en": "Proven results",
        "question_nl": "Is de pilot geëvalueerd en zijn de resultaten gemeten?",
        "question_en": "Has the pilot been evaluated, with measured results?",
        "score1_nl": "Geen evaluatie; de resultaten zijn onbekend of alleen een indruk.",
        "score1_en": "No evaluation; the results are unknown or only an impression.",
        "score3_nl": "Een evaluatie met enkele gemeten resultaten, maar zonder nulmeting of vergelijking.",
        "score3_en": "An evaluation with some measured results, but without a baseline or comparison.",
        "score5_nl": "Onafhankelijk geëvalueerd, met een nulmeting en gemeten effecten die het doel halen.",
        "score5_en": "Independently evaluated, with a baseline and measured effects that meet the goal.",
    },
    {
        "code": "maintenance",
        "name_nl": "Beheer en continuïteit",
        "name_en": "Maintenance and continuity",
        "question_nl": "Is er een eigenaar die de oplossing na de pilot blijft onderhouden?",
        "question_en": "Is there an owner who keeps maintaining the solution after the pilot?",
        "score1_nl": "Na de pilot is niemand verantwoordelijk; het voortbestaan is onzeker.",
        "score1_en": "After the pilot nobody is responsible; its future is uncertain.",
        "score3_nl": "De gemeente beheert het voor zichzelf, zonder afspraken met andere gebruikers.",
        "score3_en": "The municipality maintains it for itself, without arrangements with other users.",
        "score5_nl": "Een vaste beheerorganisatie met afspraken, budget en een plan voor doorontwikkeling.",
        "score5_en": "A dedicated maintainer with agreements, a budget and a plan for further development.",
    },
    {
        "code": "privacy_security",
        "name_nl": "Privacy en veiligheid",
        "name_en": "Privacy and security",
        "question_nl": "Zijn privacy en informatiebeveiliging aantoonbaar geregeld?",
        "question_en": "Are privacy and information security demonstrably taken care of?",
        "score1_nl": "Er is geen DPIA of beveiligingsafweging bekend.",
        "score1_en": "No DPIA or security assessment is known.",
        "score3_nl": "Een DPIA of beveiligingsafweging is gedaan, maar niet gedeeld of niet meer actueel.",
        "score3_en": "A DPIA or security assessment was done, but is not shared or no longer current.",
        "score5_nl": "Een actuele DPIA en beveiligingstoets (bijvoorbeeld volgens de BIO), gedeeld met andere gemeenten.",
        "score5_en": "A current DPIA and security review (for example against the BIO), shared with other municipalities.",
    },
    {
        "code": "adoption_effort",
        "name_nl": "Inspanning voor overname",
        "name_en": "Adoption effort",
        "question_nl": "Zijn de kosten en de inspanning om de oplossing over te nemen laag?",
        "question_en": "Are the cost and effort of adopting the solution low?",
        "score1_nl": "Overnemen vraagt een eigen project, een forse investering en maanden werk.",
        "score1_en": "Adopting it takes a project of its own, a large investment and months of work.",
        "score3_nl": "Overnemen kost enkele weken werk en een beperkt budget.",
        "score3_en": "Adopting it takes a few weeks of work and a limited budget.",
        "score5_nl": "Binnen enkele dagen en met weinig kosten in gebruik te nemen.",
        "score5_en": "Can be put to use within days and at little cost.",
    },
)


def upgrade():
    criterion = op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('name_nl', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('question_nl', sa.String(length=300), nullable=False),
    sa.Column('question_en', sa.String(length=300), nullable=False),
    sa.Column('score1_nl', sa.Text(), nullable=False),
    sa.Column('score1_en', sa.Text(), nullable=False),
    sa.Column('score3_nl', sa.Text(), nullable=False),
    sa.Column('score3_en', sa.Text(), nullable=False),
    sa.Column('score5_nl', sa.Text(), nullable=False),
    sa.Column('score5_en', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion')),
    sa.UniqueConstraint('code', name=op.f('uq_criterion_code'))
    )
    op.create_table('adoption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=True),
    sa.Column('cost_euros', sa.Integer(), nullable=True),
    sa.Column('months', sa.Integer(), nullable=True),
    sa.Column('prerequisites', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_adoption_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_adoption_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_adoption_updated_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adoption')),
    sa.UniqueConstraint('project_id', 'organisation_id', name=op.f('uq_adoption_project_id_organisation_id'))
    )
    with op.batch_alter_table('adoption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adoption_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_adoption_project_id'), ['project_id'], unique=False)

    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_rating_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_rating_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_rating_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_rating_project_id_user_id'))
    )
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_user_id'), ['user_id'], unique=False)

    op.create_table('score_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('rating_org_count', sa.Integer(), nullable=False),
    sa.Column('adopter_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_score_snapshot_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_snapshot'))
    )
    with op.batch_alter_table('score_snapshot', schema=None) as batch_op:
        batch_op.create_index('ix_score_snapshot_project', ['project_id', 'created_at'], unique=False)

    op.create_table('rating_score',
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.CheckConstraint('value BETWEEN 1 AND 5', name=op.f('ck_rating_score_value_range')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_rating_score_criterion_id_criterion')),
    sa.ForeignKeyConstraint(['rating_id'], ['rating.id'], name=op.f('fk_rating_score_rating_id_rating'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rating_id', 'criterion_id', name=op.f('pk_rating_score'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('rating_org_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('adopter_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_project_adopter_count'), ['adopter_count'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_score'), ['score'], unique=False)

    now = datetime.now(timezone.utc)
    op.bulk_insert(
        criterion,
        [
            {**row, "position": position, "retired": False, "created_at": now, "updated_at": now}
            for position, row in enumerate(DEFAULT_CRITERIA, start=1)
        ],
    )


def downgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_score'))
        batch_op.drop_index(batch_op.f('ix_project_adopter_count'))
        batch_op.drop_column('adopter_count')
        batch_op.drop_column('rating_org_count')
        batch_op.drop_column('score')

    op.drop_table('rating_score')
    with op.batch_alter_table('score_snapshot', schema=None) as batch_op:
        batch_op.drop_index('ix_score_snapshot_project')

    op.drop_table('score_snapshot')
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_user_id'))
        batch_op.drop_index(batch_op.f('ix_rating_project_id'))
        batch_op.drop_index(batch_op.f('ix_rating_organisation_id'))

    op.drop_table('rating')
    with op.batch_alter_table('adoption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adoption_project_id'))
        batch_op.drop_index(batch_op.f('ix_adoption_organisation_id'))

    op.drop_table('adoption')
    op.drop_table('criterion')
