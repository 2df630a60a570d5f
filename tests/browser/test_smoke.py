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


def test_switching_language_keeps_the_page_and_its_query(page, live_server):
    page.goto(live_server.url + "/projects?theme=economy&phase=running")
    with page.expect_navigation():
        page.locator(".language-switch").get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    url = page.url
    assert "/projects?" in url
    assert "theme=economy" in url
    assert "phase=running" in url
    assert page.locator(".language-switch [aria-current]").inner_text() == "English"
    with page.expect_navigation():
        page.locator(".language-switch").get_by_role("link", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "theme=economy" in page.url
