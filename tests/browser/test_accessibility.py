"""axe-core finds no WCAG 2.1 A/AA violation on any page type, in Dutch and in English.

Each role keeps one signed-in tab for the whole module (signed in through the
real login form), so the matrix costs a page load and an axe run per page.
Pages "with errors" are the form submitted empty, as a hurried user would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.browser.conftest import (
    DESKTOP,
    DemoSite,
    axe_violations,
    sign_in,
    watch_console,
)


@dataclass(frozen=True)
class PageType:
    role: str
    name: str
    path: Callable[[DemoSite], str]
    submit: str | None = None  # the form to submit empty, for the page with its errors
    status: int = 200

    def __str__(self) -> str:
        return f"{self.role}-{self.name}"


PAGES = [
    # Anyone
    PageType("visitor", "home", lambda d: "/"),
    PageType("visitor", "pilots-filtered", lambda d: "/projects?theme=economy&phase=running"),
    PageType("visitor", "pilots-past-the-end", lambda d: "/projects?page=999"),
    PageType("visitor", "pilot-in-catalogue", lambda d: f"/projects/{d.entry_pilot}"),
    PageType("visitor", "catalogue", lambda d: "/catalogue?status=active"),
    PageType("visitor", "catalogue-entry", lambda d: f"/catalogue/{d.entry}"),
    PageType("visitor", "catalogue-search", lambda d: "/catalogue?q=inwonres"),
    PageType("visitor", "search", lambda d: "/search?q=inwoners"),
    PageType("visitor", "search-no-words", lambda d: "/search?q=de+het"),
    PageType("visitor", "search-or-not", lambda d: "/search?q=inwoners+OR+wmo+NOT+afval"),
    PageType("visitor", "search-facet", lambda d: "/search?q=inwoners&phase=completed"),
    PageType("visitor", "search-nothing", lambda d: "/search?q=qwxzyvk"),
    PageType("visitor", "search-past-the-end", lambda d: "/search?q=inwoners&page=99"),
    PageType("visitor", "organisations", lambda d: "/organisations"),
    PageType("visitor", "organisation", lambda d: "/organisations/GM0344"),
    PageType("visitor", "api-documentation", lambda d: "/api"),
    PageType("visitor", "organisation-opportunities", lambda d: "/organisations/GM0014"),
    PageType("visitor", "statistics", lambda d: "/statistics"),
    PageType("visitor", "login", lambda d: "/login"),
    PageType("visitor", "login-errors", lambda d: "/login", submit='form[action^="/login"]'),
    PageType("visitor", "register", lambda d: "/register"),
    PageType(
        "visitor", "register-errors", lambda d: "/register", submit='form[action^="/register"]'
    ),
    PageType("visitor", "reset", lambda d: "/reset"),
    PageType("visitor", "not-found", lambda d: "/bestaat-niet", status=404),
    PageType("visitor", "accessibility", lambda d: "/toegankelijkheid"),
    PageType("visitor", "privacy", lambda d: "/privacy"),
    PageType("visitor", "pilot-brief", lambda d: f"/projects/{d.entry_pilot}/brief"),
    PageType("visitor", "catalogue-brief", lambda d: f"/catalogue/{d.entry}/brief"),
    PageType(
        "visitor", "compare", lambda d: f"/compare?p={d.other_pilot}&p={d.own_pilot}&s={d.entry}"
    ),
    PageType("visitor", "compare-wrong", lambda d: "/compare?p=bestaat-niet&p=bestaat-niet"),
    PageType("visitor", "compare-add", lambda d: f"/compare?p={d.other_pilot}&q=e"),
    PageType("visitor", "pilots-choosing", lambda d: f"/projects?compare_p={d.other_pilot}"),
    PageType("visitor", "pilot-questions", lambda d: f"/projects/{d.other_pilot}/questions"),
    PageType("visitor", "question", lambda d: f"/projects/{d.other_pilot}/questions/{d.question}"),
    # A member of Amsterdam
    PageType("member", "home", lambda d: "/"),
    PageType("member", "pilot-new", lambda d: "/projects/new"),
    PageType(
        "member", "pilot-new-errors", lambda d: "/projects/new", submit='form[action^="/projects"]'
    ),
    PageType("member", "pilot-import", lambda d: "/projects/new/import"),
    PageType(
        "member",
        "pilot-import-errors",
        lambda d: "/projects/new/import",
        submit='form[action$="/import"]',
    ),
    PageType("member", "own-pilot", lambda d: f"/projects/{d.own_pilot}"),
    PageType("member", "own-pilot-edit", lambda d: f"/projects/{d.own_pilot}/edit"),
    PageType("member", "other-pilot", lambda d: f"/projects/{d.other_pilot}"),
    PageType("member", "rate", lambda d: f"/projects/{d.other_pilot}/rate"),
    PageType(
        "member",
        "rate-errors",
        lambda d: f"/projects/{d.other_pilot}/rate",
        submit='form[action$="/rate"]',
    ),
    PageType("member", "adopt", lambda d: f"/projects/{d.other_pilot}/adopt"),
    PageType(
        "member",
        "adopt-errors",
        lambda d: f"/projects/{d.other_pilot}/adopt",
        submit='form[action$="/adopt"]',
    ),
    PageType("member", "nominate", lambda d: f"/projects/{d.other_pilot}/nominate"),
    PageType(
        "member",
        "nominate-errors",
        lambda d: f"/projects/{d.other_pilot}/nominate",
        submit='form[action$="/nominate"]',
    ),
    PageType("member", "notifications", lambda d: "/notifications"),
    PageType(
        "member", "question-asked", lambda d: f"/projects/{d.other_pilot}/questions/{d.question}"
    ),
    PageType(
        "member",
        "ask-errors",
        lambda d: f"/projects/{d.other_pilot}/questions",
        submit='form[action$="/questions"]',
    ),
    PageType(
        "member", "compare-with-contacts", lambda d: f"/compare?p={d.other_pilot}&s={d.entry}"
    ),
    PageType("member", "notifications-filtered", lambda d: "/notifications?kind=project_rated"),
    PageType("member", "notification-settings", lambda d: "/notifications/settings"),
    PageType("member", "following", lambda d: "/following"),
    PageType("member", "pilots-of-a-theme", lambda d: "/projects?theme=economy"),
    PageType("member", "member-catalogue", lambda d: "/catalogue"),
    PageType("member", "forbidden", lambda d: "/admin", status=403),
    PageType("member", "account", lambda d: "/account"),
    PageType("member", "account-password", lambda d: "/account/password"),
    PageType(
        "member",
        "account-password-errors",
        lambda d: "/account/password",
        submit='form[action="/account/password"]',
    ),
    PageType("member", "account-email", lambda d: "/account/email"),
    PageType("member", "two-factor-setup", lambda d: "/account/two-factor"),
    PageType(
        "member",
        "two-factor-setup-errors",
        lambda d: "/account/two-factor",
        submit='form[action="/account/two-factor"]',
    ),
    # A VNG curator
    PageType("curator", "curation", lambda d: "/curation"),
    PageType("curator", "account-with-two-factor", lambda d: "/account"),
    PageType("curator", "synonyms", lambda d: "/curation/synonyms"),
    PageType("curator", "nomination-submitted", lambda d: f"/curation/{d.submitted_nomination}"),
    PageType("curator", "nomination-in-review", lambda d: f"/curation/{d.in_review_nomination}"),
    PageType(
        "curator",
        "decision-errors",
        lambda d: f"/curation/{d.in_review_nomination}",
        submit='form[action$="/decide"]',
    ),
    PageType("curator", "catalogue-entry", lambda d: f"/catalogue/{d.entry}"),
    PageType("curator", "catalogue-edit", lambda d: f"/catalogue/{d.entry}/edit"),
    PageType("curator", "catalogue-status", lambda d: f"/catalogue/{d.entry}/status"),
    PageType(
        "curator",
        "question-moderation",
        lambda d: f"/projects/{d.other_pilot}/questions/{d.question}",
    ),
    # A member of the pilot's owner, who answers
    PageType(
        "owner", "question-to-answer", lambda d: f"/projects/{d.other_pilot}/questions/{d.question}"
    ),
    PageType(
        "owner",
        "answer-errors",
        lambda d: f"/projects/{d.other_pilot}/questions/{d.question}",
        submit='form[action$="/answers"]',
    ),
    # An administrator
    PageType("admin", "admin", lambda d: "/admin"),
    PageType("admin", "users", lambda d: "/admin/users"),
    PageType("admin", "organisations", lambda d: "/admin/organisations"),
    PageType("admin", "domains", lambda d: "/admin/organisations/GM0344/domains"),
    PageType("admin", "rubric", lambda d: "/admin/rubric"),
]


@pytest.fixture(scope="module", autouse=True)
def also_adopted_shown(live_server):
    """The demo's pilots share few adopters: show every pair, so the section is checked too."""
    config = live_server.app.config
    before = config["ALSO_ADOPTED_MIN_ORGANISATIONS"]
    config["ALSO_ADOPTED_MIN_ORGANISATIONS"] = 1
    yield
    config["ALSO_ADOPTED_MIN_ORGANISATIONS"] = before


@pytest.fixture(scope="module")
def tabs(browser, live_server, demo):
    """One tab per role, signed in once."""
    opened: dict[str, object] = {}
    accounts = {
        "member": demo.member,
        "owner": demo.owner_member,
        "curator": demo.curator,
        "admin": demo.admin,
    }

    def tab(role: str):
        if role not in opened:
            page = browser.new_context(viewport=DESKTOP).new_page()
            watch_console(page)
            if role in accounts:
                sign_in(page, live_server, accounts[role], demo.password)
            opened[role] = page
        return opened[role]

    yield tab
    for page in opened.values():
        page.context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page_type", PAGES, ids=str)
def test_page_type_has_no_wcag_violations(
    page_type: PageType, lang: str, tabs, live_server, demo, axe_source, screenshots
):
    page = screenshots(tabs(page_type.role))
    page.console_errors.clear()
    path = page_type.path(demo)
    separator = "&" if "?" in path else "?"
    response = page.goto(f"{live_server.url}{path}{separator}lang={lang}")
    assert response.status == page_type.status
    if page_type.submit:
        with page.expect_navigation():
            page.locator(f"main {page_type.submit} [type=submit]").last.click()
        assert page.locator(".error-summary, .field__error").count() > 0, "no errors shown"
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(page, axe_source) == []
    # An error page announces its own status in the console; anything else is a fault.
    expected = f"status of {page_type.status}" if page_type.status != 200 else None
    assert [e for e in page.console_errors if not (expected and expected in e)] == []
