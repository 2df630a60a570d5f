"""The home page renders in a real browser, passes axe and breaks no CSP rule."""

from tests.browser.conftest import axe_violations


def test_home_page_has_no_accessibility_violations(page, live_server, axe_source):
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "Innovatieregister"
    assert axe_violations(page, axe_source) == []
    assert page.console_errors == []


def test_skip_link_is_the_first_stop_for_the_keyboard(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#inhoud"
