"""On a phone the results come first; the filters open from a button, also by keyboard."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations

PAGES = {
    "search": ("/search?q=inwoners", ".search-hit", ".search-facets .facet__value"),
    "projects": ("/projects", ".card-list .card", "#theme"),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_shows_results_first_and_the_filters_on_request(
    new_tab, live_server, demo, axe_source, name
):
    path, result, filter_control = PAGES[name]
    page = new_tab(PHONE)
    page.goto(live_server.url + path)
    toggle = page.locator(".filter-panel__toggle")
    assert toggle.is_visible()
    assert page.locator(filter_control).first.is_hidden()
    first = page.locator(result).first.bounding_box()
    assert first["y"] < toggle.bounding_box()["y"] + toggle.bounding_box()["height"] + 150
    assert axe_violations(page, axe_source) == []

    # The button is a native disclosure: reached with Tab, opened with Enter, closed with Space.
    toggle.focus()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.locator(filter_control).first.is_visible()
    assert page.locator(".filter-panel").get_attribute("open") is not None
    assert axe_violations(page, axe_source) == []
    page.keyboard.press("Space")
    assert page.locator(filter_control).first.is_hidden()
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_a_wide_screen_shows_the_filters_beside_the_results(
    new_tab, live_server, demo, axe_source, name, lang
):
    path, result, filter_control = PAGES[name]
    page = new_tab(DESKTOP)
    page.goto(f"{live_server.url}{path}{'&' if '?' in path else '?'}lang={lang}")
    assert page.locator(filter_control).first.is_visible()
    assert page.locator(".filter-panel__toggle").is_hidden()
    panel = page.locator(".filter-panel").bounding_box()
    first = page.locator(result).first.bounding_box()
    assert panel["x"] + panel["width"] <= first["x"]
    assert axe_violations(page, axe_source) == []


def test_without_javascript_the_filters_open_from_their_button(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/search?q=inwoners")
        facet = page.locator(".search-facets .facet__value").first
        assert facet.is_hidden()
        page.locator(".filter-panel__toggle").click()
        assert facet.is_visible()
    finally:
        context.close()
