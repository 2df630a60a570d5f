"""The keyboard alone: sign in, register and publish a pilot, search, open a result, rate it.

Every stop of the Tab key must show where the focus is (an outline or a ring
of at least 2 px), the first stop is the skip link, errors are announced and
lead to their field, and the focus never gets stuck.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

FOCUS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  // Any shadow with a size: the colour is stripped first, its digits are not a size.
  const ring = style.boxShadow !== 'none'
    && /[1-9][0-9.]*px/.test(style.boxShadow.replace(/rgba?\([^)]*\)/g, ''));
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    type: el.getAttribute('type'),
    name: el.getAttribute('name'),
    value: el.value === undefined ? null : el.value,
    href: el.getAttribute('href'),
    text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 80),
    visible: outline || ring,
    style: `outline: ${style.outlineStyle} ${style.outlineWidth}; box-shadow: ${style.boxShadow}`,
    inMain: !!el.closest('main'),
    inSearch: !!el.closest('[role=search]'),
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    path: el.id ? '#' + el.id
      : el.tagName + (el.getAttribute('href') || el.getAttribute('name') || ''),
  };
}"""

# Everything the Tab key should reach, in document order.
TABBABLE = """() => {
  const seenGroups = new Set();
  return [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [tabindex]:not([tabindex="-1"])'
  )].filter(el => {
    if (el.disabled || el.getClientRects().length === 0) return false;
    if (getComputedStyle(el).visibility === 'hidden') return false;
    if (el.type !== 'radio') return true;
    // A radio group is one stop: its checked button, or its first when none is checked.
    const checked = document.querySelector(`input[type=radio][name="${el.name}"]:checked`);
    if (checked) return el === checked;
    if (seenGroups.has(el.name)) return false;
    seenGroups.add(el.name);
    return true;
  }).map(el => el.id ? '#' + el.id
    : el.tagName + (el.getAttribute('href') || el.getAttribute('name') || ''));
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUS)


def assert_visible_focus(state: dict | None) -> None:
    assert state is not None, "the focus left the page"
    assert state["visible"], f"no visible focus on {state['path']} ({state['style']})"
    assert state["onScreen"], f"the focused {state['path']} is not on screen"


def tab_to(page, wanted: Callable[[dict], bool], limit: int = 150, key: str = "Tab") -> dict:
    """Press Tab until `wanted(focus)`, checking the focus is visible at every stop."""
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page)
        assert_visible_focus(state)
        if wanted(state):
            return state
    raise AssertionError(f"not reached with {limit} presses of {key}")


def link_to(pattern: str) -> Callable[[dict], bool]:
    return lambda s: s["tag"] == "a" and bool(re.search(pattern, s["href"] or ""))


def with_id(id_: str) -> Callable[[dict], bool]:
    return lambda s: s["id"] == id_


def submit_button(s: dict) -> bool:
    return s["tag"] == "button" and s["type"] == "submit" and s["inMain"] and not s["inSearch"]


def press_and_wait(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def sign_in_with_keyboard(page, live_server, email: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/login")
    tab_to(page, with_id("email"))
    page.keyboard.type(email)
    tab_to(page, with_id("password"))
    page.keyboard.type(password)
    press_and_wait(page)
    assert "/login" not in page.url


def test_a_member_registers_publishes_searches_and_rates_with_the_keyboard_alone(
    page, live_server, demo
):
    sign_in_with_keyboard(page, live_server, demo.member, demo.password)

    # The first stop is the skip link; it leads past the header into the content.
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["href"] == "#inhoud"
    assert_visible_focus(skip)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"

    # Register a pilot; first send the empty form to meet the errors.
    tab_to(page, link_to(r"^/projects/new$"))
    press_and_wait(page)
    tab_to(page, submit_button)
    press_and_wait(page)
    summary = focused(page)
    assert summary is not None, "the error summary did not receive the focus"
    assert "error-summary" in page.evaluate("document.activeElement.className")
    assert_visible_focus(summary)
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    for field, message in (("title", "Vul een titel in."), ("summary", "Vul een samenvatting in.")):
        control = page.locator(f"#{field}")
        assert control.get_attribute("aria-invalid") == "true"
        described = control.get_attribute("aria-describedby").split()
        assert f"{field}-error" in described
        assert message in page.locator(f"#{field}-error").inner_text()
        assert page.locator(f'.error-summary a[href="#{field}"]').count() == 1

    # The summary's first link puts the cursor in the title field.
    tab_to(page, link_to("^#title$"))
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "title"
    title = f"Slim strooien {uuid.uuid4().hex[:6]}"
    page.keyboard.type(title)
    tab_to(page, with_id("summary"))
    page.keyboard.type("Strooiroutes op basis van wegdeksensoren; minder zout, even veilig.")
    tab_to(page, submit_button)
    press_and_wait(page)
    assert re.search(r"/projects/[a-z0-9-]+$", page.url), page.url
    pilot_url = page.url

    tab_to(page, lambda s: s["tag"] == "button" and s["text"] == "Publiceren")
    press_and_wait(page)
    assert page.url == pilot_url
    assert page.locator("main .badge--draft").count() == 0

    # Search from the header and open the result.
    wanted = demo.other_pilot
    tab_to(page, with_id("site-search-q"))
    page.keyboard.type(demo.other_pilot_title)
    press_and_wait(page)
    assert "/search" in page.url
    tab_to(page, link_to(rf"^/projects/{re.escape(wanted)}$"))
    press_and_wait(page)
    assert page.url.endswith(f"/projects/{wanted}")

    # Rate it: a score of 5 on the first two criteria, the rest "don't know".
    tab_to(page, link_to(rf"^/projects/{re.escape(wanted)}/rate$"))
    press_and_wait(page)
    for _ in range(2):
        radio = tab_to(page, lambda s: s["type"] == "radio")
        page.keyboard.press("ArrowLeft")  # from "weet ik niet" to 5
        assert_visible_focus(focused(page))
        assert page.locator(f'input[name="{radio["name"]}"]:checked').get_attribute("value") == "5"
    tab_to(page, submit_button)
    press_and_wait(page)
    assert re.search(rf"/projects/{re.escape(wanted)}(#.*)?$", page.url), page.url
    assert page.locator(".flash-messages").count() == 1
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("who", "path"),
    [
        (None, "/"),
        (None, "/search?q=inwoners"),
        ("member", "/projects/new"),
        ("member", "pilot"),
    ],
)
def test_tab_reaches_every_control_in_page_order_and_never_gets_stuck(
    page, live_server, demo, who, path
):
    from tests.browser.conftest import sign_in

    if who:
        sign_in(page, live_server, demo.member, demo.password)
    if path == "pilot":
        path = f"/projects/{demo.other_pilot}"
    page.goto(live_server.url + path)
    assert page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count() == 0
    expected = page.evaluate(TABBABLE)
    seen: list[str] = []
    # A date field takes three presses (day, month, year); every other control one.
    for _ in range(3 * len(expected) + 5):
        page.keyboard.press("Tab")
        state = focused(page)
        if state is None:  # past the last control: the focus left the page, as it should
            break
        assert_visible_focus(state)
        if not (state["type"] == "date" and seen and seen[-1] == state["path"]):
            seen.append(state["path"])
    else:
        raise AssertionError("the focus never left the page: a keyboard trap")
    from itertools import zip_longest

    side_by_side = "\n".join(f"{a:60} {b}" for a, b in zip_longest(seen, expected, fillvalue=""))
    assert seen == expected, "pressed Tab | page order\n" + side_by_side


def test_the_phone_menu_opens_and_closes_with_the_keyboard(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/projects")
        toggle = page.locator(".menu-toggle")
        assert toggle.is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator(".main-nav__list").is_visible()
        tab_to(page, lambda s: "menu-toggle" in page.evaluate("document.activeElement.className"))
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        state = tab_to(page, lambda s: s["tag"] == "a")
        assert state["href"] == "/projects"
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert "menu-toggle" in page.evaluate("document.activeElement.className")
    finally:
        context.close()


def test_without_javascript_the_phone_menu_is_simply_open(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/projects")
        assert not page.locator(".menu-toggle").is_visible()
        assert page.get_by_role("link", name="Catalogus").is_visible()
    finally:
        context.close()


def test_the_pilot_pages_contents_lead_to_their_section_by_keyboard(page, live_server, demo):
    """Enter on a link of the table of contents brings its section into view, and the next
    Tab continues inside that section: the contents work as a way through the page."""
    page.goto(f"{live_server.url}/projects/{demo.entry_pilot}")
    tab_to(page, link_to(r"^#timeline-title$"))
    page.keyboard.press("Enter")
    # The browser reports the new address a moment after the key: wait for it, briefly.
    expect(page).to_have_url(re.compile(r"#timeline-title$"), timeout=5000)
    heading = page.locator("#timeline-title")
    assert heading.evaluate("h => h.getBoundingClientRect().top < innerHeight")
    page.keyboard.press("Tab")
    state = focused(page)
    assert_visible_focus(state)
    assert page.evaluate(
        "() => document.getElementById('timeline-title').compareDocumentPosition("
        "document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
