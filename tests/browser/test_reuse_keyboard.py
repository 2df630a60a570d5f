"""Rating and reporting reuse in a real browser, with the keyboard alone, passing axe."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Adoption, Project, Rating, utcnow
from registry.models.vocab import Phase, Role, Visibility
from registry.services import adoptions, ratings, rubric
from tests.browser.conftest import (
    PASSWORD,
    axe_violations,
    complete_second_factor,
    live_org,
    live_user,
)


@pytest.fixture
def world(live_server):
    """A published pilot of Utrecht, rated by two organisations; a rater and an admin to be."""
    tag = uuid.uuid4().hex[:6]
    with live_server.app.app_context():
        rubric.seed_default(db.session)

        project = Project(
            slug=f"b1-taaltool-{tag}",
            title=f"B1-taaltool {tag}",
            summary="Brieven in eenvoudige taal, met een controle op B1-niveau.",
            phase=Phase.COMPLETED,
            visibility=Visibility.PUBLISHED,
            published_at=utcnow(),
            owner=live_org("GM0344", "Utrecht"),
        )
        db.session.add(project)
        db.session.flush()
        codes = [c.code for c in rubric.active_criteria()]
        ratings.submit(
            project, live_user(live_org("GM0014", "Groningen")), dict.fromkeys(codes, 4), "Goed"
        )
        other = live_user(live_org("GM0034", "Almere"))
        ratings.submit(project, other, dict.fromkeys(codes, 2), "Lastig over te nemen")
        adoptions.declare(project, other, adoptions.AdoptionData("in_use", hours=80))
        rater = live_user(live_org("GM0363", "Amsterdam"))
        admin = live_user(live_org("vng", "VNG"), Role.ADMIN)
        db.session.commit()
        return {
            "slug": project.slug,
            "project_id": project.id,
            "rater": rater.email,
            "rater_id": rater.id,
            "admin": admin.email,
            "codes": codes,
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


def focused(page, attribute: str) -> str | None:
    return page.evaluate(f"() => document.activeElement.getAttribute('{attribute}')")


def tab_to(page, name: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, "name") == name:
            return
    raise AssertionError(f"the keyboard never reached {name}")


def test_a_pilot_is_rated_with_the_keyboard_alone(page, live_server, axe_source, world):
    log_in(page, live_server, world["rater"])
    page.goto(f"{live_server.url}/projects/{world['slug']}/rate")
    accessible(page, axe_source)

    tab_to(page, world["codes"][0])
    for index, code in enumerate(world["codes"]):
        if index:
            page.keyboard.press("Tab")
        assert focused(page, "name") == code
        assert focused(page, "value") == "unknown"  # "weet ik niet" until chosen
        page.keyboard.press("ArrowLeft")  # to 5
        if code == "maintenance":
            page.keyboard.press("ArrowLeft")  # to 4
    page.keyboard.press("Tab")
    assert focused(page, "name") == "comment"
    page.keyboard.type("Met toetsenbord beoordeeld.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/projects/{world['slug']}#beoordelingen")
    assert "Bedankt, uw beoordeling is opgeslagen." in page.content()
    accessible(page, axe_source)
    with live_server.app.app_context():
        rating = db.session.scalar(select(Rating).filter_by(user_id=world["rater_id"]))
        assert rating.comment == "Met toetsenbord beoordeeld."
        assert rating.score_by_code()["maintenance"] == 4
        assert rating.score_by_code()["documentation"] == 5


def test_an_empty_rating_is_explained_on_the_page(page, live_server, axe_source, world):
    log_in(page, live_server, world["rater"])
    page.goto(f"{live_server.url}/projects/{world['slug']}/rate")
    tab_to(page, "comment")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # nothing chosen: all "weet ik niet"
    page.wait_for_selector(".error-summary")
    assert "Geef ten minste één criterium een score" in page.content()
    accessible(page, axe_source)


def test_reuse_is_reported_with_the_keyboard_alone(page, live_server, axe_source, world):
    log_in(page, live_server, world["rater"])
    page.goto(f"{live_server.url}/projects/{world['slug']}/adopt")
    accessible(page, axe_source)

    tab_to(page, "status")
    page.keyboard.press("Space")  # interested
    page.keyboard.press("ArrowDown")  # preparing
    page.keyboard.press("ArrowDown")  # in use
    assert focused(page, "value") == "in_use"
    for name, value in (("hours", "120"), ("cost_euros", "15.000"), ("months", "4")):
        page.keyboard.press("Tab")
        assert focused(page, "name") == name
        page.keyboard.type(value)
    tab_to(page, "notes")
    page.keyboard.type("Binnen een kwartaal live.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/projects/{world['slug']}#hergebruik")
    accessible(page, axe_source)
    with live_server.app.app_context():
        adoption = db.session.scalar(
            select(Adoption)
            .where(Adoption.project_id == world["project_id"], Adoption.status == "in_use")
            .order_by(Adoption.id.desc())
        )
        assert (adoption.hours, adoption.cost_euros, adoption.months) == (120, 15000, 4)


def test_the_rubric_pages_pass_axe(page, live_server, axe_source, world):
    log_in(page, live_server, world["admin"])
    page.goto(live_server.url + "/admin/rubric")
    accessible(page, axe_source)
    page.goto(live_server.url + "/admin/rubric/documentation")
    accessible(page, axe_source)
