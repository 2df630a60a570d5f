"""Demo ratings and adoptions: spread, disagreement and verified adopters to look at.

`seed_reuse` goes through the services, so scores, stored aggregates, score
history and events come out exactly as real use would leave them. It is
deterministic (a fixed random seed per pilot) and idempotent: pilots that
already have ratings or adoptions are left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from registry.models import Adoption, Organisation, Project, Rating, User, utcnow
from registry.models.vocab import Phase
from registry.services import adoptions, ratings, rubric

# Criteria that pilots tend to do better or worse on than their overall level.
CRITERION_BIAS = {
    "transferability": 0.1,
    "documentation": -0.2,
    "open_standards": -0.3,
    "proven_results": 0.0,
    "maintenance": -0.4,
    "privacy_security": 0.2,
    "adoption_effort": -0.1,
}


@dataclass(frozen=True)
class Profile:
    """How the peers judge one pilot.

    `level`: the typical score; `spread`: how much organisations differ;
    `raters`: organisations that rate; `adopters`: statuses of organisations
    that report reuse (the first ones also rate, which makes them verified).
    """

    level: float
    spread: float
    raters: int
    adopters: tuple[str, ...] = ()
    second_rater: bool = False  # a colleague from the same organisation rates too


IN_USE, PREPARING, INTERESTED, STOPPED = "in_use", "preparing", "interested", "stopped"

PROFILES: dict[str, Profile] = {
    # Proven and widely reused: ready for the catalogue.
    "wmo-chatbot-utrecht": Profile(
        4.7, 0.4, 7, (IN_USE, IN_USE, IN_USE, PREPARING, PREPARING, INTERESTED), True
    ),
    "brp-inzage-leiden": Profile(4.5, 0.3, 6, (IN_USE, IN_USE, PREPARING, INTERESTED)),
    "digitale-parkeervergunning-amsterdam": Profile(4.3, 0.5, 5, (IN_USE, IN_USE, INTERESTED)),
    "schuldhulp-vroegsignalering-tilburg": Profile(4.2, 0.6, 5, (IN_USE, PREPARING), True),
    "woz-bezwaar-eerst-bellen": Profile(3.8, 0.5, 4, (IN_USE, INTERESTED)),
    "evenementenvergunning-een-loket": Profile(3.7, 0.4, 3, (PREPARING,)),
    "luchtkwaliteit-burgermeetnet": Profile(3.6, 0.7, 4, (IN_USE, STOPPED)),
    "energiecoaches-meppel": Profile(3.9, 0.3, 3, (IN_USE, PREPARING)),
    # Promising, but peers disagree strongly.
    "algoritmeregister-amsterdam": Profile(3.4, 1.5, 6, (PREPARING, INTERESTED, INTERESTED)),
    "signalen-meldingen-openbare-ruimte": Profile(3.3, 1.2, 4, (IN_USE, INTERESTED)),
    "cultuurpas-digitaal-groningen": Profile(3.2, 1.0, 3, (INTERESTED,)),
    # What did not work is knowledge too.
    "slimme-afvalcontainers-rotterdam": Profile(1.7, 0.6, 4, (STOPPED, STOPPED)),
    "keukentafelgesprek-beeldbellen": Profile(2.0, 0.8, 3, (STOPPED,)),
    "voortijdig-schoolverlaten-voorspellen": Profile(1.6, 0.7, 3, ()),
}

# Pilots without a profile get a few ratings by phase: nobody rates an idea yet.
DEFAULT_RATERS: dict[str, tuple[int, int]] = {
    Phase.RUNNING: (0, 2),
    Phase.COMPLETED: (1, 3),
    Phase.STOPPED: (0, 2),
}

# Each comment is written once: two organisations never say the same words.
COMMENTS = {
    "high": (
        "Goed gedocumenteerd; wij hadden het binnen een paar weken draaien.",
        "Overname was eenvoudig dankzij de handleiding en de open broncode.",
        "Sterke evaluatie met nulmeting. Het beheer bij de leverancier is goed geregeld.",
        "Werkt ook in een kleinere gemeente, mits het zaaksysteem een koppeling heeft.",
        "De projectgroep nam ruim de tijd om onze vragen te beantwoorden. Aanrader.",
        "Bij ons na één sprint in productie; de DPIA konden we grotendeels overnemen.",
        "Heldere afspraken over beheer en een actieve gebruikersgroep.",
        "De resultaten zijn onafhankelijk gemeten en komen overeen met onze eigen ervaring.",
        "Open standaarden en een EUPL-licentie: precies wat wij zoeken.",
        "Inwoners merken het verschil; ons klantcontactcentrum krijgt minder vragen.",
        "De aanbesteding was eenvoudig omdat het bestek openbaar is gedeeld.",
        "Goed schaalbaar: wij gebruiken het nu ook voor een tweede regeling.",
    ),
    "mid": (
        "Bruikbaar, maar de documentatie voor overname ontbreekt nog deels.",
        "Interessant. Het beheer na de pilot is nog niet duidelijk belegd.",
        "De resultaten zijn veelbelovend; een onafhankelijke evaluatie zou helpen.",
        "Mooie aanpak, maar de kosten voor de koppelingen vallen hoger uit dan gedacht.",
        "Wij missen een beschrijving van de benodigde rollen en uren.",
        "Werkt, al moesten wij de teksten flink aanpassen aan onze eigen regels.",
        "Goed idee; de looptijd is nog te kort om de effecten te beoordelen.",
        "De broncode is open, de configuratie voor andere gemeenten nog niet.",
        "Nuttig voor grote gemeenten; voor ons is de schaal nog een vraag.",
        "Het privacydeel is op orde, de gebruikerstest verdient een vervolg.",
    ),
    "low": (
        "Sterk afhankelijk van de lokale situatie; bij ons niet overdraagbaar.",
        "Leverancier werkt met een gesloten formaat; dat maakt overnemen duur.",
        "De DPIA is niet gedeeld, daardoor konden wij het niet beoordelen.",
        "Na de pilot is niemand verantwoordelijk voor het beheer; dat is een risico.",
        "De gemeten resultaten vallen tegen en de kosten zijn niet inzichtelijk.",
        "Zonder de oorspronkelijke projectleider is het lastig om het op te pakken.",
        "Te veel maatwerk in het zaaksysteem om het zo over te nemen.",
        "Wij liepen vast op de licentievoorwaarden van de leverancier.",
    ),
}

FIRST_NAMES = (
    "Annelies", "Bas", "Chantal", "Dirk", "Esther", "Freek", "Gerda", "Hamza",
    "Ilse", "Joost", "Karin", "Luuk", "Mila", "Noor", "Olaf", "Priya",
)  # fmt: skip
LAST_NAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
)  # fmt: skip


@dataclass
class ReuseSeedReport:
    users: int = 0
    ratings: int = 0
    adoptions: int = 0
    pilots: list[str] = field(default_factory=list)


def seed_reuse(
    session: Session, *, password_hash: str, now: datetime | None = None
) -> ReuseSeedReport:
    """Add demo ratings and adoptions to the published demo pilots; flush, never commit.

    `session` must be the app's `db.session` (the services write through it).
    `password_hash` is used for the few rater accounts this adds, so they
    sign in with the demo password. Call it after the pilots are seeded.
    """
    now = now or utcnow()
    report = ReuseSeedReport()
    codes = [c.code for c in rubric.active_criteria()]
    organisations = list(
        session.scalars(
            select(Organisation)
            .where(Organisation.active.is_(True))
            .options(selectinload(Organisation.domains))
            .order_by(Organisation.code)
        )
    )
    busy = set(session.scalars(select(Rating.project_id).distinct())) | set(
        session.scalars(select(Adoption.project_id).distinct())
    )
    pilots = session.scalars(
        select(Project)
        .where(
            Project.is_public,
            Project.id.not_in(busy) if busy else Project.id.is_not(None),
        )
        .options(selectinload(Project.partners))
        .order_by(Project.published_at, Project.id)
    )
    people = _People(session, password_hash, report)
    comments = _Comments(set(session.scalars(select(Rating.comment).distinct())))
    for project in list(pilots):
        rng = random.Random(project.slug)
        profile = PROFILES.get(project.slug) or _default_profile(project, rng)
        if profile.raters == 0 and not profile.adopters:
            continue
        _seed_pilot(project, profile, rng, codes, organisations, people, comments, now, report)
        report.pilots.append(project.slug)
    session.flush()
    return report


def _default_profile(project: Project, rng: random.Random) -> Profile:
    low, high = DEFAULT_RATERS.get(project.phase, (0, 0))
    adopters = (INTERESTED,) if project.phase == Phase.RUNNING and rng.random() < 0.4 else ()
    return Profile(round(rng.uniform(2.8, 3.9), 1), 0.6, rng.randint(low, high), adopters)


def _seed_pilot(project, profile, rng, codes, organisations, people, comments, now, report) -> None:
    outside = [o for o in organisations if o.id not in project.member_organisation_ids]
    # Municipalities rate and reuse; the umbrella bodies mostly watch.
    outside.sort(key=lambda o: (o.kind != "municipality", rng.random()))
    count = max(profile.raters, len(profile.adopters))
    chosen = [o for o in outside if o.domains][:count]
    start = (project.published_at or now) + timedelta(days=10)
    moments = sorted(_moment(rng, start, now) for _ in range(2 * len(chosen) + 2))

    actions: list[tuple[datetime, str, Organisation, str | None]] = []
    for index, org in enumerate(chosen):
        if index < len(profile.adopters):
            actions.append((moments.pop(0), "adopt", org, profile.adopters[index]))
        if index < profile.raters:
            actions.append((moments.pop(0), "rate", org, None))
    if profile.second_rater and chosen:
        actions.append((moments.pop(0), "rate_colleague", chosen[0], None))
    actions.sort(key=lambda action: action[0])

    biases = {org.id: rng.gauss(0, profile.spread) for org in chosen}
    for at, kind, org, status in actions:
        if kind == "adopt":
            assert status is not None  # every adopt action carries its status
            user = people.member_of(org, 0)
            adoptions.declare(project, user, _adoption(status, rng), at=at)
            report.adoptions += 1
            continue
        colleague = kind == "rate_colleague"
        user = people.member_of(org, 1 if colleague else 0)
        # A colleague who sees it differently shows the "one voice" rule at work.
        bias = -biases[org.id] if colleague else biases[org.id]
        scores = _scores(profile.level + bias, codes, rng)
        ratings.submit(project, user, scores, comments.take(scores, rng), at=at)
        report.ratings += 1


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return end
    return start + (end - start) * rng.random()


def _scores(level: float, codes: list[str], rng: random.Random) -> dict[str, int | None]:
    scores: dict[str, int | None] = {}
    for code in codes:
        if rng.random() < 0.12:
            scores[code] = None  # "weet ik niet"
            continue
        value = level + CRITERION_BIAS.get(code, 0.0) + rng.gauss(0, 0.5)
        scores[code] = min(5, max(1, round(value)))
    if all(v is None for v in scores.values()):
        scores[codes[0]] = min(5, max(1, round(level)))
    return scores


class _Comments:
    """Hands out each demo comment at most once, also over a second run of the seed."""

    def __init__(self, used: set[str]) -> None:
        self.used = set(used)

    def take(self, scores: dict[str, int | None], rng: random.Random) -> str:
        given = [v for v in scores.values() if v is not None]
        mean = sum(given) / len(given)
        pool = COMMENTS["high" if mean >= 3.8 else "mid" if mean >= 2.8 else "low"]
        left = [text for text in pool if text not in self.used]
        if not left or rng.random() >= 0.8:
            return ""
        text = rng.choice(left)
        self.used.add(text)
        return text


def _adoption(status: str, rng: random.Random) -> adoptions.AdoptionData:
    if status != IN_USE:
        return adoptions.AdoptionData(status=status)
    reported = rng.random() < 0.85
    return adoptions.AdoptionData(
        status=status,
        hours=rng.randrange(40, 480, 10) if reported else None,
        cost_euros=rng.randrange(0, 45_000, 500) if reported and rng.random() < 0.8 else None,
        months=rng.randint(1, 9) if reported else None,
        prerequisites=rng.choice(
            (
                "Koppeling met het zaaksysteem en een DPIA.",
                "Akkoord van de privacy officer; training voor het klantcontactcentrum.",
                "",
            )
        ),
    )


class _People:
    """Rater accounts per organisation: the demo account first, then added colleagues."""

    def __init__(self, session: Session, password_hash: str, report: ReuseSeedReport) -> None:
        self.session = session
        self.password_hash = password_hash
        self.report = report
        self.cache: dict[tuple[int, int], User] = {}

    def member_of(self, org: Organisation, number: int) -> User:
        key = (org.id, number)
        if key in self.cache:
            return self.cache[key]
        members = list(
            self.session.scalars(
                select(User)
                .where(User.organisation_id == org.id, User.disabled.is_(False))
                .where(User.email_verified_at.is_not(None))
                .order_by(User.id)
            )
        )
        user = members[number] if number < len(members) else self._add(org, number)
        self.cache[key] = user
        return user

    def _add(self, org: Organisation, number: int) -> User:
        rng = random.Random(f"{org.code}-{number}")
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = f"{first}.{last}".lower().replace(" ", "")
        email = f"{local}@{org.domains[0].domain}"
        taken = self.session.scalar(
            select(func.count()).select_from(User).where(func.lower(User.email) == email)
        )
        if taken:
            email = f"{local}{number + 2}@{org.domains[0].domain}"
        user = User(
            email=email,
            name=f"{first} {last}",
            password_hash=self.password_hash,
            organisation=org,
            email_verified_at=utcnow(),
        )
        self.session.add(user)
        self.session.flush()
        self.report.users += 1
        return user
