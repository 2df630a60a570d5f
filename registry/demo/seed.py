"""Writing the demo content to the database, idempotently and in the caller's transaction.

Each step adds only what is missing (organisations by code, accounts by
e-mail, pilots by slug), so running the seed twice adds nothing the second
time, and existing data, such as municipalities loaded from the CBS list or
real accounts, is never changed. Later areas add their own `seed_*` steps to
`seed_demo`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from registry.demo.catalogue import seed_catalogue
from registry.demo.organisations import ORGANISATIONS
from registry.demo.pilots import PILOTS
from registry.demo.questions import seed_questions
from registry.demo.records import DemoPilot
from registry.demo.reuse import seed_reuse
from registry.demo.users import USERS
from registry.extensions import db
from registry.models import (
    Indicator,
    Organisation,
    OrganisationDomain,
    Project,
    ProjectTag,
    ProjectTheme,
    User,
    utcnow,
)
from registry.models.vocab import Visibility
from registry.services import events
from registry.services.passwords import hash_password


@dataclass
class SeedReport:
    organisations: int = 0
    domains: int = 0
    users: int = 0
    pilots: int = 0
    ratings: int = 0
    adoptions: int = 0
    nominations: int = 0
    entries: int = 0

    @property
    def added_anything(self) -> bool:
        return any(
            (
                self.organisations,
                self.domains,
                self.users,
                self.pilots,
                self.ratings,
                self.adoptions,
                self.nominations,
                self.entries,
            )
        )


def seed_demo(password: str) -> SeedReport:
    """Add whatever part of the demo data is missing; flush, never commit."""
    report = SeedReport()
    organisations = seed_organisations(report)
    users = seed_users(organisations, password, report)
    seed_pilots(organisations, users, report)
    db.session.flush()
    # Ratings and adoptions before the catalogue: nominations snapshot the
    # readiness checklist, which reads them.
    reuse = seed_reuse(db.session(), password_hash=hash_password(password))
    report.users += reuse.users
    report.ratings, report.adoptions = reuse.ratings, reuse.adoptions
    catalogue = seed_catalogue()
    report.nominations, report.entries = catalogue.nominations, catalogue.entries
    seed_questions()
    db.session.flush()
    return report


def seed_organisations(report: SeedReport) -> dict[str, Organisation]:
    codes = [o.code for o in ORGANISATIONS]
    existing = {
        org.code: org
        for org in db.session.scalars(select(Organisation).where(Organisation.code.in_(codes)))
    }
    taken = set(db.session.scalars(select(OrganisationDomain.domain)))
    for demo in ORGANISATIONS:
        org = existing.get(demo.code)
        if org is None:
            org = Organisation(
                code=demo.code,
                name=demo.name,
                kind=demo.kind,
                province=demo.province,
                province_code=demo.province_code,
                active=True,
            )
            db.session.add(org)
            existing[demo.code] = org
            report.organisations += 1
        for domain in demo.domains:
            if domain not in taken:
                org.domains.append(OrganisationDomain(domain=domain))
                taken.add(domain)
                report.domains += 1
    db.session.flush()
    return existing


def seed_users(
    organisations: dict[str, Organisation], password: str, report: SeedReport
) -> dict[str, User]:
    """The demo accounts, verified, by organisation code (the first account of each)."""
    emails = [u.email for u in USERS]
    existing = {
        user.email.lower(): user
        for user in db.session.scalars(
            select(User).where(func.lower(User.email).in_([e.lower() for e in emails]))
        )
    }
    # The demo accounts share a published password, so one hash serves them all.
    password_hash = hash_password(password)
    accounts = []
    for demo in USERS:
        user = existing.get(demo.email.lower())
        if user is None:
            user = User(
                email=demo.email,
                name=demo.name,
                password_hash=password_hash,
                role=demo.role,
                organisation=organisations[demo.organisation],
                email_verified_at=utcnow(),
            )
            db.session.add(user)
            report.users += 1
        accounts.append((demo.organisation, user))
    db.session.flush()
    by_org: dict[str, User] = {}
    for code, user in accounts:
        # An existing account that has since moved elsewhere does not speak for this one.
        if user.organisation_id == organisations[code].id:
            by_org.setdefault(code, user)
    return by_org


def seed_pilots(
    organisations: dict[str, Organisation], users: dict[str, User], report: SeedReport
) -> list[Project]:
    slugs = [p.slug for p in PILOTS]
    existing = set(db.session.scalars(select(Project.slug).where(Project.slug.in_(slugs))))
    added = []
    for number, demo in enumerate(PILOTS):
        if demo.slug in existing:
            continue
        added.append(_add_pilot(demo, number, organisations, users.get(demo.owner)))
        report.pilots += 1
    db.session.flush()
    return added


def _add_pilot(
    demo: DemoPilot, number: int, organisations: dict[str, Organisation], author: User | None
) -> Project:
    owner = organisations[demo.owner]
    created = _moment(demo.registered, number)
    published = None if demo.draft else min(created + timedelta(days=3 + number % 12), utcnow())
    contact_name, contact_email = _contact(owner, author)
    project = Project(
        slug=demo.slug,
        title=demo.title,
        summary=demo.summary,
        problem=demo.problem,
        approach=demo.approach,
        results=demo.results,
        lessons=demo.lessons,
        phase=demo.phase,
        visibility=Visibility.DRAFT if demo.draft else Visibility.PUBLISHED,
        common_ground_layer=demo.layer,
        owner=owner,
        start_date=demo.start,
        end_date=demo.end,
        budget_euros=demo.budget,
        funding_source=demo.funding,
        website_url=demo.website,
        repository_url=demo.repository,
        documentation_url=demo.documentation,
        licence=demo.licence,
        contact_name=contact_name,
        contact_email=contact_email,
        created_by=author,
        created_at=created,
        updated_at=published or created,
        published_at=published,
    )
    project.partners = [organisations[code] for code in demo.partners]
    project.theme_rows = [ProjectTheme(theme=theme) for theme in demo.themes]
    project.tag_rows = [ProjectTag(tag=tag) for tag in demo.tags]
    project.indicators = [
        Indicator(
            position=position,
            name=i.name,
            unit=i.unit,
            baseline=i.baseline,
            target=i.target,
            result=i.result,
        )
        for position, i in enumerate(demo.indicators)
    ]
    db.session.add(project)
    db.session.flush()
    _event(author, owner, "created", project, created)
    if published:
        _event(author, owner, "published", project, published)
    return project


def _moment(day: date, number: int) -> datetime:
    """A plausible office-hours moment on `day`, varied per pilot but stable between runs."""
    return datetime.combine(day, time(8 + number % 8, (number * 7) % 60), tzinfo=UTC)


def _contact(owner: Organisation, author: User | None) -> tuple[str, str]:
    if author is not None:
        return author.name, author.email
    domain = owner.domains[0].domain if owner.domains else "example.nl"
    return f"Team Innovatie {owner.name}", f"innovatie@{domain}"


def _event(
    actor: User | None, owner: Organisation, verb: str, project: Project, moment: datetime
) -> None:
    event = events.record(actor, verb, project)
    event.created_at = moment
    if actor is None:
        event.organisation_id = owner.id
