"""The promotion path in a real browser: nominate, review, accept, see the standard, be told.

Every page on the way passes axe (WCAG 2.1 AA) and breaks no CSP rule.
"""

from __future__ import annotations

import uuid

import pytest

from registry.extensions import db
from registry.models import Indicator, Project, ProjectTheme, utcnow
from registry.models.vocab import Phase, Role, Visibility
from registry.services import adoptions, ratings, rubric
from tests.browser.conftest import (
    PASSWORD,
    axe_violations,
    complete_second_factor,
    live_org,
    live_user,
)

RATIONALE = "Bewezen in drie gemeenten, goed gedocumenteerd en eenvoudig over te nemen."


@pytest.fixture
def world(live_server):
    """A pilot owned by Utrecht that three municipalities rated and one uses; a curator."""
    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        rubric.seed_default(db.session)

        owner = live_org("GM0344", "Utrecht")
        owner_member = live_user(owner)
        project = Project(
            slug=f"wmo-chatbot-{tag}",
            title=f"Wmo-chatbot {tag}",
            summary="Inwoners stellen hun Wmo-vragen aan een chatbot.",
            results="De wachttijd halveerde.",
            phase=Phase.COMPLETED,
            visibility=Visibility.PUBLISHED,
            published_at=utcnow(),
            owner=owner,
        )
        project.theme_rows = [ProjectTheme(theme="social_domain")]
        db.session.add(project)
        nominator = live_user(live_org("GM0363", "Amsterdam"))
        curator = live_user(live_org("vng", "VNG"), Role.CURATOR)
        db.session.add(Indicator(project_id=project.id, name="Wachttijd", unit="dagen", result=9))
        for code, name in (("GM0014", "Groningen"), ("GM0034", "Almere"), ("GM0037", "Stad")):
            ratings.submit(
                project,
                live_user(live_org(code, name)),
                {c.code: 5 for c in rubric.active_criteria()},
            )
        adoptions.declare(
            project,
            live_user(live_org("GM0047", "Veendam")),
            adoptions.AdoptionData(status="in_use"),
        )
        db.session.commit()
        return {
            "slug": project.slug,
            "title": project.title,
            "nominator": nominator.email,
            "curator": curator.email,
            "owner": owner_member.email,
        }


def log_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    complete_second_factor(page, email)


def accessible(page, axe_source) -> None:
    assert axe_violations(page, axe_source) == []
    assert page.console_errors == []


def test_a_nominated_pilot_becomes_a_standard_and_the_owners_are_told(
    page, live_server, axe_source, world
):
    log_in(page, live_server, world["nominator"])
    page.goto(f"{live_server.url}/projects/{world['slug']}/nominate")
    assert "3 organisaties hebben beoordeeld (3 nodig)" in page.content()
    accessible(page, axe_source)
    page.fill("#motivation", "Werkt goed en is open source; wij willen hem ook.")
    page.get_by_role("button", name="Voordragen").click()
    assert page.url.endswith(f"/projects/{world['slug']}")

    log_in(page, live_server, world["curator"])
    page.goto(live_server.url + "/curation")
    accessible(page, axe_source)
    page.get_by_role("link", name=world["title"]).click()
    accessible(page, axe_source)
    page.get_by_role("button", name="In behandeling nemen").click()
    accessible(page, axe_source)
    page.get_by_label("Aannemen: de pilot wordt een standaard in de catalogus").check()
    page.fill("#rationale", RATIONALE)
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert "/catalogue/" in page.url
    assert RATIONALE in page.content()
    accessible(page, axe_source)

    page.goto(live_server.url + "/catalogue")
    assert world["title"] in page.content()
    assert "In gebruik bij 1 gemeente" in page.content()
    accessible(page, axe_source)

    log_in(page, live_server, world["owner"])
    page.goto(live_server.url + "/notifications")
    assert "aangenomen" in page.content()
    accessible(page, axe_source)
    page.get_by_role("button", name="Alles als gelezen markeren").click()
    assert "U heeft 0 ongelezen meldingen." in page.content()
    assert world["owner"] in live_server.mails()
