"""The site's three users, end to end in a real browser, one story in four parts.

An innovator of Deventer registers and verifies the address from the mail log,
then registers and publishes a pilot; a member of Amsterdam finds it by
search, rates it, reports that Amsterdam uses it and nominates it; a VNG
curator takes the nomination into review and accepts it; an anonymous visitor
finds the standard in the catalogue and reads the public record.

One test, four parts: the parts depend on each other, and as one test they
stay together when the suite runs on several workers.
"""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Organisation, OrganisationDomain
from tests.browser.conftest import axe_violations, sign_in

TAG = uuid.uuid4().hex[:6]
DOMAIN = f"deventer-{TAG}.nl"
INNOVATOR = f"anne.jansen@{DOMAIN}"
PASSWORD = "een lange zin als wachtwoord"
TITLE = f"Slimme strooiroutes {TAG}"
RATIONALE = "Bewezen in Deventer, overgenomen door Amsterdam en eenvoudig in te voeren."


@pytest.fixture
def deventer(live_server, demo):
    """Deventer owns the e-mail domain of the innovator, so the account is placed there."""
    with live_server.app.app_context():
        deventer = db.session.scalar(select(Organisation).where(Organisation.code == "GM0150"))
        if deventer is None:
            deventer = Organisation(code="GM0150", name="Deventer", province="Overijssel")
            db.session.add(deventer)
        deventer.domains.append(OrganisationDomain(domain=DOMAIN))
        db.session.commit()


def accessible(page, axe_source) -> None:
    assert axe_violations(page, axe_source) == []
    assert page.console_errors == []


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_three_users_take_a_pilot_from_registration_into_the_catalogue(
    new_tab, live_server, axe_source, demo, deventer
):
    tab = new_tab
    pilot_url = an_innovator_registers_verifies_and_publishes_a_pilot(
        tab(), live_server, axe_source
    )
    a_member_of_another_municipality_finds_rates_adopts_and_nominates_it(
        tab(), live_server, axe_source, demo, pilot_url
    )
    entry_url = a_curator_takes_the_nomination_into_review_and_accepts_it(
        tab(), live_server, axe_source, demo
    )
    an_anonymous_visitor_finds_the_standard_and_its_public_record(
        tab(), live_server, axe_source, pilot_url, entry_url
    )


def an_innovator_registers_verifies_and_publishes_a_pilot(page, live_server, axe_source) -> str:
    page.goto(live_server.url + "/register")
    page.fill("#name", "Anne Jansen")
    page.fill("#email", INNOVATOR)
    page.fill("#password", PASSWORD)
    page.fill("#password_confirm", PASSWORD)
    click_and_wait(page, page.locator('main form[action^="/register"] [type=submit]'))
    assert "/register/sent" in page.url
    accessible(page, axe_source)

    mails = live_server.mails()
    assert INNOVATOR in mails
    link = re.findall(r"/verify/[\w.-]+", mails[mails.rindex(f"To: {INNOVATOR}") :])[0]
    page.goto(live_server.url + link)
    assert "Deventer" in page.locator("main").inner_text()
    accessible(page, axe_source)

    sign_in(page, live_server, INNOVATOR, PASSWORD)
    page.goto(live_server.url + "/")
    click_and_wait(page, page.get_by_role("link", name="Pilot registreren"))
    page.fill("#title", TITLE)
    page.fill("#summary", "Strooiroutes op basis van wegdeksensoren: minder zout, even veilig.")
    page.fill("#results", "Een kwart minder zout over twee winters, zonder meer meldingen.")
    page.select_option("#phase", "completed")
    page.get_by_label("Verkeer en mobiliteit").check()
    click_and_wait(page, page.get_by_role("button", name="Opslaan als concept"))
    assert page.locator("main .badge--draft").count() == 1
    click_and_wait(page, page.get_by_role("button", name="Publiceren"))
    assert page.locator("main .badge--draft").count() == 0
    assert page.locator("h1").inner_text() == TITLE
    accessible(page, axe_source)
    return page.url


def a_member_of_another_municipality_finds_rates_adopts_and_nominates_it(
    page, live_server, axe_source, demo, pilot_url: str
) -> None:
    sign_in(page, live_server, demo.member, demo.password)
    page.fill("#site-search-q", f"strooiroutes {TAG}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    click_and_wait(page, page.locator("main").get_by_role("link", name=TITLE))
    assert page.url == pilot_url

    click_and_wait(page, page.get_by_role("link", name="Deze pilot beoordelen"))
    for group in page.locator("fieldset.field--scale").all():
        group.locator('input[value="5"]').check()
    page.fill("#comment", "Goed beschreven; de sensoren waren bij ons al aanwezig.")
    click_and_wait(page, page.get_by_role("button", name="Beoordeling opslaan"))
    assert "Amsterdam" in page.locator("#beoordelingen").inner_text()

    page.goto(pilot_url + "/adopt")
    page.get_by_label("In gebruik", exact=True).check()
    page.fill("#hours", "120")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "Amsterdam" in page.locator("#hergebruik").inner_text()

    page.goto(pilot_url + "/nominate")
    page.fill("#motivation", "Werkt, is goed gedocumenteerd en Amsterdam gebruikt hem al.")
    click_and_wait(page, page.get_by_role("button", name="Voordragen"))
    accessible(page, axe_source)


def a_curator_takes_the_nomination_into_review_and_accepts_it(
    page, live_server, axe_source, demo
) -> str:
    sign_in(page, live_server, demo.curator, demo.password)
    page.goto(live_server.url + "/curation")
    click_and_wait(page, page.locator("main").get_by_role("link", name=TITLE))
    click_and_wait(page, page.get_by_role("button", name="In behandeling nemen"))
    page.get_by_label("Aannemen: de pilot wordt een standaard in de catalogus").check()
    page.fill("#rationale", RATIONALE)
    # Only one municipality rated it so far: accepting takes a written exception.
    page.get_by_label("Ik neem de pilot aan hoewel niet aan alle voorwaarden is voldaan").check()
    click_and_wait(page, page.get_by_role("button", name="Besluit vastleggen"))
    assert "/catalogue/" in page.url
    assert RATIONALE in page.locator("main").inner_text()
    accessible(page, axe_source)
    entry_url = page.url
    # The owners hear of it by e-mail.
    told = rf"To: {re.escape(INNOVATOR)}\nSubject: Voordracht aangenomen: {re.escape(TITLE)}"
    assert re.search(told, live_server.mails())
    return entry_url


def an_anonymous_visitor_finds_the_standard_and_its_public_record(
    page, live_server, axe_source, pilot_url: str, entry_url: str
) -> None:
    page.goto(live_server.url + "/")
    click_and_wait(page, page.get_by_role("link", name="Catalogus", exact=True))
    click_and_wait(page, page.locator("main").get_by_role("link", name=TITLE))
    assert page.url == entry_url
    record = page.locator("main").inner_text()
    for fact in (TITLE, "Deventer", "Amsterdam", RATIONALE):
        assert fact in record
    # The origin pilot is one click away and public too.
    click_and_wait(page, page.locator("main").get_by_role("link", name=TITLE).last)
    assert page.url == pilot_url
    accessible(page, axe_source)
