"""The partner picker: a searchable combobox over the partners list, keyboard first.

With JavaScript the multi-select becomes a search field with a listbox (the
WAI-ARIA combobox pattern); the chosen partners are listed with a remove
button each and every change is announced. Without JavaScript the plain
select is the control. Either way the form sends the same `partners` field.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from registry.extensions import db
from registry.models import Project
from tests.browser.conftest import axe_violations, sign_in


def active_element(page) -> dict:
    return page.evaluate(
        """() => ({id: document.activeElement.id,
                  label: document.activeElement.getAttribute('aria-label')})"""
    )


def tab_until(page, wanted, key: str = "Tab", limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        state = active_element(page)
        if wanted(state):
            return state
    raise AssertionError(f"not reached with {limit} presses of {key}")


def chosen(page) -> list[str]:
    return page.locator(".combobox__choice span").all_inner_texts()


def partners_of(live_server, title: str) -> set[str]:
    with live_server.app.app_context():
        project = db.session.scalar(select(Project).where(Project.title == title))
        return {org.name for org in project.partners}


@pytest.fixture
def form_page(new_tab, live_server, demo):
    page = new_tab()
    sign_in(page, live_server, demo.member, demo.password)
    page.goto(live_server.url + "/projects/new")
    return page


def test_partners_are_chosen_and_removed_with_the_keyboard_and_saved(
    form_page, live_server, axe_source
):
    page = form_page
    title = f"Samen slim strooien {uuid.uuid4().hex[:6]}"
    page.fill("#title", title)
    page.fill("#summary", "Strooiroutes op basis van wegdeksensoren, met buurgemeenten.")
    assert page.locator("#partners").is_hidden()

    page.focus("#tags")
    tab_until(page, lambda s: s["id"] == "partners-search")
    field = page.locator("#partners-search")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    assert page.locator("label[for=partners-search]").count() == 1

    # Type to filter, arrow to the option, Enter to add.
    page.keyboard.type("mep")
    assert field.get_attribute("aria-expanded") == "true"
    options = page.locator("#partners-listbox [role=option]")
    assert options.all_inner_texts() == ["Meppel"]
    page.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    assert chosen(page) == ["Meppel"]
    assert field.input_value() == ""
    assert field.get_attribute("aria-expanded") == "false"
    expect(page.locator("#partners-status")).to_have_text("Meppel toegevoegd als partner.")

    # Accents and punctuation do not get in the way: "gravenh" finds 's-Gravenhage.
    page.keyboard.type("gravenh")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.type("roni")
    assert "Groningen" in options.all_inner_texts()
    assert violations_with_the_list_open(page, axe_source) == []
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert chosen(page) == ["'s-Gravenhage", "Groningen", "Meppel"]

    # Escape closes the list without choosing; Enter in a half-typed search never sends the form.
    page.keyboard.type("ut")
    page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert "/projects/new" in page.url
    page.keyboard.press("Escape")
    assert field.input_value() == ""

    # Back to the chosen partners and remove Groningen; the focus stays in the list.
    state = tab_until(page, lambda s: s["label"] == "Groningen verwijderen", key="Shift+Tab")
    assert state["label"] == "Groningen verwijderen"
    page.keyboard.press("Enter")
    assert chosen(page) == ["'s-Gravenhage", "Meppel"]
    assert active_element(page)["label"] == "Meppel verwijderen"
    expect(page.locator("#partners-status")).to_have_text("Groningen verwijderd als partner.")

    # The form sends the chosen partners.
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.press("Enter")
    assert partners_of(live_server, title) == {"'s-Gravenhage", "Meppel"}
    assert page.console_errors == []


def violations_with_the_list_open(page, axe_source: str) -> list[dict]:
    assert page.locator("#partners-listbox").is_visible()
    return axe_violations(page, axe_source)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_picker_is_axe_clean_with_partners_chosen(form_page, live_server, axe_source, lang):
    page = form_page
    page.goto(f"{live_server.url}/projects/new?lang={lang}")
    page.focus("#partners-search")
    for name in ("Meppel", "Zwolle"):
        page.keyboard.type(name[:4])
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    assert chosen(page) == ["Meppel", "Zwolle"]
    remove = "Remove Meppel" if lang == "en" else "Meppel verwijderen"
    assert page.get_by_role("button", name=remove).count() == 1
    assert axe_violations(page, axe_source) == []


def test_an_edited_pilot_shows_its_partners_as_chosen(form_page, live_server, demo):
    page = form_page
    with live_server.app.app_context():
        project = db.session.scalar(select(Project).where(Project.slug == demo.own_pilot))
        names = sorted(org.name for org in project.partners)
    page.goto(f"{live_server.url}/projects/{demo.own_pilot}/edit")
    assert sorted(chosen(page)) == names


def test_without_javascript_the_plain_select_sends_the_partners(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, demo.member, demo.password)
        page.goto(live_server.url + "/projects/new")
        assert page.locator("#partners-search").count() == 0
        assert page.locator("#partners").is_visible()
        title = f"Zonder script {uuid.uuid4().hex[:6]}"
        page.fill("#title", title)
        page.fill("#summary", "Een pilot die zonder JavaScript partners kiest.")
        page.select_option("#partners", label=["Meppel", "Zwolle"])
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
        assert partners_of(live_server, title) == {"Meppel", "Zwolle"}
    finally:
        context.close()
