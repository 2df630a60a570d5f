"""Demo nominations in every state and a small standard catalogue.

Runs through the real services, so the demo has the same events,
checklist snapshots and notifications as the live site; only the mail
that those notifications would send is dropped. Idempotent: a pilot that
already has a nomination is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, select

from registry.extensions import db
from registry.models import (
    Adoption,
    CatalogueEntry,
    Event,
    Nomination,
    NominationState,
    Notification,
    Project,
    User,
    utcnow,
)
from registry.models.vocab import Role
from registry.services import adoptions, catalogue, curation, nominations, notifications
from registry.services.readiness import Thresholds


@dataclass(frozen=True)
class DemoNomination:
    slug: str
    nominator: str  # e-mail of a demo account
    motivation: str
    outcome: str  # a NominationState
    rationale: str = ""
    days_ago: int = 30
    adopters: tuple[str, ...] = ()  # e-mails of demo accounts whose organisation uses it
    extra: dict = field(default_factory=dict)


NOMINATIONS: tuple[DemoNomination, ...] = (
    DemoNomination(
        "wmo-chatbot-utrecht",
        "innovator@groningen.nl",
        "De chatbot beantwoordt de meeste Wmo-vragen zelf en is open source. "
        "Wij willen hem in Groningen ook gebruiken.",
        NominationState.ACCEPTED,
        "Bewezen resultaat in Utrecht en Nijmegen, goede documentatie en een "
        "open licentie. Geschikt voor elke gemeente met een Wmo-loket.",
        days_ago=200,
        adopters=("innovator@groningen.nl", "innovator@amsterdam.nl", "innovator@meppel.nl"),
    ),
    DemoNomination(
        "signalen-meldingen-openbare-ruimte",
        "innovator@meppel.nl",
        "Signalen werkt bij steeds meer gemeenten en past in Common Ground.",
        NominationState.ACCEPTED,
        "Breed gedragen, met een actieve gebruikersgroep en beheer door de VNG. "
        "Een vanzelfsprekende standaard voor meldingen openbare ruimte.",
        days_ago=320,
        adopters=(
            "innovator@utrecht.nl",
            "innovator@rotterdam.nl",
            "innovator@eindhoven.nl",
            "innovator@groningen.nl",
        ),
    ),
    DemoNomination(
        "energiecoaches-meppel",
        "innovator@rotterdam.nl",
        "De aanpak met energiecoaches is eenvoudig over te nemen en heeft meetbaar effect.",
        NominationState.ACCEPTED,
        "Een laagdrempelige aanpak met gemeten besparing. De handleiding maakt "
        "overname mogelijk zonder de oorspronkelijke projectgroep.",
        days_ago=150,
        adopters=("innovator@rotterdam.nl",),
    ),
    DemoNomination(
        "evenementenvergunning-een-loket",
        "innovator@eindhoven.nl",
        "Eén loket voor evenementen scheelt organisatoren en gemeenten veel tijd.",
        NominationState.ACCEPTED,
        "Het proces en de formulieren zijn goed beschreven en al door twee "
        "partners overgenomen. Aangenomen als standaard.",
        days_ago=120,
        adopters=("innovator@eindhoven.nl", "innovator@utrecht.nl"),
    ),
    DemoNomination(
        "schuldhulp-vroegsignalering-tilburg",
        "innovator@utrecht.nl",
        "Vroegsignalering voorkomt problematische schulden; Tilburg heeft het goed uitgewerkt.",
        NominationState.ACCEPTED,
        "Sterke resultaten en een zorgvuldige privacytoets. De samenwerking met "
        "woningcorporaties is goed overdraagbaar.",
        days_ago=90,
        adopters=("innovator@utrecht.nl", "innovator@meppel.nl"),
    ),
    DemoNomination(
        "hittestress-meetnet-maastricht",
        "innovator@eindhoven.nl",
        "Het meetnet voor hittestress is breder inzetbaar dan ons eigen luchtmeetnet.",
        NominationState.ACCEPTED,
        "Een open meetnet met open data, ook bruikbaar voor luchtkwaliteit. "
        "Goed gedocumenteerd en met lage kosten per sensor.",
        days_ago=60,
        adopters=("innovator@eindhoven.nl",),
    ),
    DemoNomination(
        "luchtkwaliteit-burgermeetnet",
        "innovator@amsterdam.nl",
        "Het burgermeetnet geeft inwoners inzicht in de luchtkwaliteit in hun straat.",
        NominationState.ACCEPTED,
        "Bewezen aanpak met betrokken inwoners en goede documentatie van de sensoren.",
        days_ago=400,
        adopters=("innovator@amsterdam.nl",),
        extra={
            "deprecate": "hittestress-meetnet-maastricht",
            "reason": "Het meetnet voor hittestress meet ook luchtkwaliteit, met betere "
            "sensoren en beheer. Nieuwe gemeenten kiezen beter die standaard.",
        },
    ),
    DemoNomination(
        "cultuurpas-digitaal-groningen",
        "innovator@utrecht.nl",
        "De digitale cultuurpas bereikt jongeren die de papieren pas niet gebruikten.",
        NominationState.SUBMITTED,
        days_ago=5,
    ),
    DemoNomination(
        "brp-inzage-leiden",
        "innovator@amsterdam.nl",
        "Inwoners zien zelf wie hun gegevens heeft bekeken; dat wil elke gemeente.",
        NominationState.IN_REVIEW,
        days_ago=14,
    ),
    DemoNomination(
        "voortijdig-schoolverlaten-voorspellen",
        "innovator@eindhoven.nl",
        "Het model voorspelt schooluitval goed en kan elders ook worden getraind.",
        NominationState.REJECTED,
        "De pilot is gestopt, en een voorspellend model over minderjarigen vraagt "
        "een zwaardere toets op privacy en uitlegbaarheid dan hier is gedaan.",
        days_ago=75,
    ),
    DemoNomination(
        "digitale-tweeling-almere",
        "innovator@rotterdam.nl",
        "De digitale tweeling is indrukwekkend en nuttig voor ruimtelijke plannen.",
        NominationState.RETURNED,
        "Veelbelovend, maar de pilot loopt nog en de resultaten zijn nog niet "
        "gemeten. Draag hem opnieuw voor na de evaluatie.",
        days_ago=45,
    ),
    DemoNomination(
        "woz-bezwaar-eerst-bellen",
        "innovator@amsterdam.nl",
        "Eerst bellen bij een WOZ-bezwaar scheelt veel formele procedures.",
        NominationState.WITHDRAWN,
        days_ago=30,
    ),
)


@dataclass
class CatalogueReport:
    nominations: int = 0
    entries: int = 0


def seed_catalogue(today: date | None = None) -> CatalogueReport:
    """Add the demo nominations and catalogue entries that are missing; flush, never commit.

    Needs the demo pilots and accounts (seed_organisations, seed_users,
    seed_pilots) first; pilots or accounts that are not there are skipped.
    """
    today = today or utcnow().date()
    report = CatalogueReport()
    curator = db.session.scalar(
        select(User).where(User.role == Role.CURATOR).order_by(User.email).limit(1)
    )
    if curator is None:
        return report
    users = {user.email: user for user in db.session.scalars(select(User))}
    slugs = [demo.slug for demo in NOMINATIONS]
    projects = {
        p.slug: p for p in db.session.scalars(select(Project).where(Project.slug.in_(slugs)))
    }
    nominated = set(
        db.session.scalars(
            select(Project.slug).where(
                Project.slug.in_(slugs), exists().where(Nomination.project_id == Project.id)
            )
        )
    )
    for demo in NOMINATIONS:
        project = projects.get(demo.slug)
        nominator = users.get(demo.nominator)
        if demo.slug in nominated or project is None or nominator is None:
            continue
        if not project.is_public:
            continue
        _play(demo, project, nominator, curator, users, today)
        report.nominations += 1
        report.entries += demo.outcome == NominationState.ACCEPTED
    _deprecate(curator)
    # The demo's notifications stay on the page; nobody needs the mail about them.
    notifications.discard_pending_mail()
    db.session.flush()
    return report


def _play(
    demo: DemoNomination,
    project: Project,
    nominator: User,
    curator: User,
    users: dict[str, User],
    today: date,
) -> None:
    first_event = db.session.scalar(select(func.max(Event.id))) or 0
    steps = Steps.before(utcnow(), demo.days_ago)
    nomination = nominations.nominate(project, nominator, demo.motivation)
    if demo.outcome == NominationState.WITHDRAWN:
        nominations.withdraw(nomination, nominator)
    elif demo.outcome != NominationState.SUBMITTED:
        curation.take_into_review(nomination, curator)
    if demo.outcome in DECISIONS:
        entry = None
        if demo.outcome == NominationState.ACCEPTED:
            # A standard is one from the day the curator accepted it.
            entry = catalogue.prefill(project, steps.decided.date())
        curation.decide(
            nomination,
            curator,
            DECISIONS[demo.outcome],
            demo.rationale,
            thresholds=Thresholds(),
            today=today,
            override=True,  # the demo's ratings may not be seeded; the override is on record
            entry=entry,
        )
    _backdate(nomination, steps, first_event)
    # After the backdating, which would otherwise move these to the decision day.
    for email in demo.adopters:
        _adopt(project, users.get(email), steps.adoption(f"{demo.slug} {email}"))


@dataclass(frozen=True)
class Steps:
    """When a demo nomination's steps happened: spread over the past weeks, so
    timelines read like real ones and every date follows the one before."""

    now: datetime
    nominated: datetime
    withdrawn: datetime
    in_review: datetime
    decided: datetime

    @classmethod
    def before(cls, now: datetime, days_ago: int) -> Steps:
        start = now - timedelta(days=days_ago)
        return cls(
            now=now,
            nominated=start,
            withdrawn=start + timedelta(days=2),
            in_review=start + timedelta(days=min(3, days_ago // 2)),
            decided=start + timedelta(days=min(10, days_ago - 1)),
        )

    def adoption(self, key: str) -> datetime:
        """A moment between the decision and now, stable for `key` between runs."""
        return self.decided + (self.now - self.decided) * random.Random(key).uniform(0.05, 0.95)


DECISIONS: dict[str, str] = {
    NominationState.ACCEPTED: "accept",
    NominationState.REJECTED: "reject",
    NominationState.RETURNED: "return",
}


def _backdate(nomination: Nomination, steps: Steps, after_event_id: int) -> None:
    """Date the nomination, its events, notifications and catalogue entry at its steps."""
    moments = {
        "nominated": steps.nominated,
        "nomination_withdrawn": steps.withdrawn,
        "nomination_in_review": steps.in_review,
    }
    decided = steps.decided
    nomination.created_at = steps.nominated
    if nomination.reviewed_at:
        nomination.reviewed_at = steps.in_review
    if nomination.decided_at:
        nomination.decided_at = nomination.closed_at = decided
    elif nomination.closed_at:
        nomination.closed_at = steps.withdrawn
    for event in db.session.scalars(select(Event).where(Event.id > after_event_id)):
        event.created_at = moments.get(event.verb, decided)
    for row in db.session.scalars(
        select(Notification).where(
            Notification.subject_type == "nomination", Notification.subject_id == nomination.id
        )
    ):
        row.created_at = moments.get(row.kind, decided)
    for entry in db.session.scalars(
        select(CatalogueEntry).where(CatalogueEntry.nomination_id == nomination.id)
    ):
        entry.created_at = entry.updated_at = decided
    db.session.flush()


def _adopt(project: Project, user: User | None, at: datetime) -> None:
    """Report the pilot in use by the user's organisation, unless it already says something."""
    if user is None or user.organisation_id in project.member_organisation_ids:
        return
    stated = db.session.scalar(
        select(func.count())
        .select_from(Adoption)
        .where(Adoption.project_id == project.id, Adoption.organisation_id == user.organisation_id)
    )
    if not stated:
        adoptions.declare(project, user, adoptions.AdoptionData(status="in_use"), at=at)


def _deprecate(curator: User) -> None:
    for demo in NOMINATIONS:
        target = demo.extra.get("deprecate")
        if not target:
            continue
        entry = db.session.scalar(
            select(CatalogueEntry).join(Project).where(Project.slug == demo.slug)
        )
        successor = db.session.scalar(
            select(CatalogueEntry).join(Project).where(Project.slug == target)
        )
        if entry is None or successor is None or not entry.is_active:
            continue
        catalogue.change_status(
            entry, curator, "deprecated", demo.extra["reason"], successor_slug=successor.slug
        )
