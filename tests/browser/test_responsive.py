"""320 px wide (a small phone, or 400% zoom) without sideways scrolling; pages that print well."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, sign_in

VISITOR_PAGES = [
    "/",
    "/projects?theme=economy",
    "pilot",
    "/catalogue",
    "entry",
    "/search?q=inwoners",
    "/organisations",
    "/organisations/GM0344",
    "/login",
    "/register",
    "/toegankelijkheid",
    "/privacy",
    "brief",
    "compare",
    "question",
]
MEMBER_PAGES = ["/projects/new", "rate", "adopt", "nominate", "/notifications"]
CURATOR_PAGES = ["/curation", "nomination"]


def resolve(path: str, demo) -> str:
    return {
        "pilot": f"/projects/{demo.entry_pilot}",
        "entry": f"/catalogue/{demo.entry}",
        "rate": f"/projects/{demo.other_pilot}/rate",
        "adopt": f"/projects/{demo.other_pilot}/adopt",
        "nominate": f"/projects/{demo.other_pilot}/nominate",
        "nomination": f"/curation/{demo.in_review_nomination}",
        "brief": f"/projects/{demo.entry_pilot}/brief",
        "entry-brief": f"/catalogue/{demo.entry}/brief",
        "compare": f"/compare?p={demo.entry_pilot}&p={demo.other_pilot}&s={demo.entry}",
        "question": f"/projects/{demo.other_pilot}/questions/{demo.question}",
    }.get(path, path)


@pytest.fixture(scope="module")
def phones(browser, live_server, demo):
    opened: dict[str, object] = {}
    accounts = {"member": demo.member, "curator": demo.curator}

    def phone(role: str):
        if role not in opened:
            page = browser.new_context(viewport=PHONE).new_page()
            if role in accounts:
                sign_in(page, live_server, accounts[role], demo.password)
            opened[role] = page
        return opened[role]

    yield phone
    for page in opened.values():
        page.context.close()


@pytest.mark.parametrize(
    ("role", "path"),
    [("visitor", p) for p in VISITOR_PAGES]
    + [("member", p) for p in MEMBER_PAGES]
    + [("curator", p) for p in CURATOR_PAGES],
)
def test_page_fits_a_320_pixel_screen(phones, live_server, demo, screenshots, role, path):
    page = screenshots(phones(role))
    page.goto(live_server.url + resolve(path, demo))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    # The menu is folded behind its button, and the button is there to open it.
    assert page.locator(".menu-toggle").is_visible()


@pytest.mark.parametrize("path", ["pilot", "entry", "brief", "entry-brief"])
def test_pilot_and_catalogue_pages_print_their_content_and_source(page, live_server, demo, path):
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    url = live_server.url + resolve(path, demo)
    page.goto(url)
    assert page.locator("main h1").is_visible()
    for chrome in (".main-nav", ".site-header__search", ".language-switch", ".site-footer__nav"):
        assert not page.locator(chrome).is_visible(), f"{chrome} is printed"
    source = page.locator(".print-source")
    assert source.is_visible()
    assert url in source.inner_text()
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_the_brief_prints_without_its_tools_and_offers_a_print_button_on_screen(
    page, live_server, demo
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + resolve("brief", demo))
    assert page.locator("[data-print]").is_visible()  # shown by the script
    page.emulate_media(media="print")
    assert not page.locator("[data-print]").is_visible()
    assert not page.locator(".page-contents").is_visible()
    assert page.locator("#brief-cost-title").is_visible()
