"""Demo questions and answers on a few published pilots, through the service.

Idempotent: a pilot that already has questions is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from registry.extensions import db
from registry.models import Project, Question, User
from registry.services import questions


@dataclass(frozen=True)
class DemoQuestion:
    pilot: str  # slug
    asker: str  # e-mail
    text: str
    answerer: str | None = None
    answer: str = ""
    helpful: bool = False


QUESTIONS: tuple[DemoQuestion, ...] = (
    DemoQuestion(
        "energiecoaches-meppel",
        "innovator@amsterdam.nl",
        "Hoe hebben jullie de vrijwilligers gevonden, en hoeveel uur per week vraagt het van hen?",
        "innovator@meppel.nl",
        "Via de vrijwilligerscentrale en de voedselbank. De meeste coaches doen twee bezoeken "
        "per week, samen ongeveer vier uur.",
        helpful=True,
    ),
    DemoQuestion(
        "energiecoaches-meppel",
        "innovator@rotterdam.nl",
        "Werkt de aanpak ook in een stad met veel huurwoningen van corporaties?",
    ),
    DemoQuestion(
        "wmo-chatbot-utrecht",
        "innovator@eindhoven.nl",
        "Welke leverancier levert de chatbot, en is er een DPIA die we kunnen inzien?",
        "innovator@utrecht.nl",
        "We gebruiken open source software op ons eigen platform. De DPIA sturen we op "
        "verzoek toe; mail de contactpersoon.",
    ),
)


def seed_questions() -> int:
    """Add the demo questions of pilots that have none yet; the number added."""
    slugs = {q.pilot for q in QUESTIONS}
    pilots = {p.slug: p for p in db.session.scalars(select(Project).where(Project.slug.in_(slugs)))}
    asked = set(
        db.session.scalars(
            select(Question.project_id).where(
                Question.project_id.in_([p.id for p in pilots.values()])
            )
        )
    )
    emails = {q.asker for q in QUESTIONS} | {q.answerer for q in QUESTIONS if q.answerer}
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    added = 0
    for demo in QUESTIONS:
        pilot = pilots.get(demo.pilot)
        asker = users.get(demo.asker)
        if pilot is None or asker is None or pilot.id in asked or not pilot.is_public:
            continue
        question = questions.ask(pilot, asker, demo.text)
        added += 1
        answerer = users.get(demo.answerer or "")
        if answerer is not None:
            answer = questions.answer(question, answerer, demo.answer)
            if demo.helpful:
                questions.mark_helpful(answer, asker)
    return added
