"""A real Chromium against the app served on 127.0.0.1.

The server runs in a thread with its own SQLite database and CSRF switched
on, as a user's browser meets it. Chromium is Debian's (/usr/bin/chromium);
without it the browser tests are skipped, and with REGISTRY_TEST_STRICT=1
they fail instead.

One server and one browser serve the whole session, also when a test module
elsewhere imports these fixtures by name: that makes a second definition of
the same session fixture, and both get the one shared instance.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from registry import create_app
from registry.extensions import db
from registry.models import Organisation, User, utcnow
from registry.models.vocab import Role
from registry.services.passwords import hash_password
from tests.conftest import PASSWORD, base_test_config, skip_or_fail

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).parent / "artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# --- One instance per session, however many definitions ask for it -------------------

_shared: dict[str, list] = {}


@contextmanager
def shared(key: str, opener: Callable[[], AbstractContextManager]) -> Iterator[object]:
    """Open `opener()` once for all users of `key`; close it when the last one is done."""
    entry = _shared.get(key)
    if entry is None:
        stack = ExitStack()
        entry = _shared[key] = [stack.enter_context(opener()), 0, stack]
    entry[1] += 1
    try:
        yield entry[0]
    finally:
        entry[1] -= 1
        if entry[1] == 0:
            del _shared[key]
            entry[2].close()


# --- The server --------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    app: object
    mail_log: Path
    seeded: dict = field(default_factory=dict)

    def mails(self) -> str:
        return self.mail_log.read_text(encoding="utf-8") if self.mail_log.exists() else ""


def _whole_answers(app):
    """The app's answers read whole before they are sent.

    The development server leaves a static file's handle open when the browser
    drops the connection half-way (it does when it navigates on), and the
    unclosed file would fail an unrelated test as a warning. Read whole, every
    answer's file is closed before a byte goes out.
    """

    def wsgi(environ, start_response):
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            if hasattr(answer, "close"):
                answer.close()

    return wsgi


@contextmanager
def _serve(folder: Path) -> Iterator[LiveServer]:
    config = {
        **base_test_config(folder),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite'}",
        "WTF_CSRF_ENABLED": True,
        "MAIL_LOG_FILE": str(folder / "mail.log"),
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGISTRY_INSTANCE_PATH", str(folder / "instance"))
        app = create_app(config)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, _whole_answers(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.port}"
        yield LiveServer(url=url, app=app, mail_log=folder / "mail.log")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with shared("live_server", lambda: _serve(tmp_path_factory.mktemp("live"))) as server:
        yield server


# --- The browser ---------------------------------------------------------------------


@contextmanager
def _launch():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with shared("browser", _launch) as instance:
        yield instance


def save_screenshot(page, request: pytest.FixtureRequest, suffix: str = "") -> None:
    """Keep what the browser showed when a test failed."""
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed or page.is_closed():
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.nodeid)
    page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)


def watch_console(page) -> None:
    """Collect console errors (a CSP violation shows up there) on `page.console_errors`."""
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.console_errors = errors


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh browser tab; a failing test leaves a screenshot in tests/browser/artifacts."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watch_console(page)
    yield page
    save_screenshot(page, request)
    context.close()


@pytest.fixture
def new_tab(browser, request: pytest.FixtureRequest):
    """Open fresh tabs, each with its own cookies; a failing test leaves a screenshot of each."""
    pages: list = []

    def open_tab(viewport: dict = DESKTOP):
        page = browser.new_context(viewport=viewport).new_page()
        watch_console(page)
        pages.append(page)
        return page

    yield open_tab
    for number, page in enumerate(pages):
        save_screenshot(page, request, f"-{number}" if number else "")
        page.context.close()


@pytest.fixture
def screenshots(request: pytest.FixtureRequest):
    """Wrap a longer-lived tab so that this test, if it fails, leaves its screenshot."""
    pages: list = []

    def keep(page):
        pages.append(page)
        return page

    yield keep
    for number, page in enumerate(pages):
        save_screenshot(page, request, f"-{number}" if number else "")


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        skip_or_fail(f"axe-core not installed at {AXE_SCRIPT} (npm install --prefix tests/browser)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page, axe_source: str) -> list[dict]:
    """Run axe-core in the page for WCAG 2.1 A and AA; the evaluation is not an
    inline script, so the page's Content-Security-Policy stays as it is."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    # Only violations are read; skipping the details of passes makes a run much faster.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


# --- The demo site: every page type has something to show ---------------------------


@dataclass(frozen=True)
class DemoSite:
    """The seeded demo data, as the accounts and addresses the tests visit."""

    password: str
    member: str  # a member of Amsterdam
    owner_member: str  # a member of Utrecht
    curator: str
    admin: str
    own_pilot: str  # published by Amsterdam
    other_pilot: str  # published by Utrecht, not rated by Amsterdam's member
    other_pilot_title: str
    draft: str  # Utrecht's draft
    entry: str  # an active catalogue entry
    entry_pilot: str  # the pilot it grew from
    submitted_nomination: int
    in_review_nomination: int
    question: int  # on other_pilot: asked by `member`, answered by `owner_member`


def _seed(server: LiveServer) -> DemoSite:
    from registry.demo import seed
    from registry.demo.catalogue import seed_catalogue
    from registry.demo.reuse import seed_reuse
    from registry.models import CatalogueEntry, Nomination, Organisation, Project, Rating, User
    from registry.models.vocab import Visibility
    from registry.search import service as search_service
    from registry.services import rubric
    from registry.services.passwords import hash_password

    app = server.app
    password = app.config["DEMO_PASSWORD"]
    with app.app_context():
        rubric.seed_default(db.session)
        seed.seed_demo(password)
        # Idempotent: these add nothing when seed_demo already covers them.
        seed_reuse(db.session, password_hash=hash_password(password))
        seed_catalogue()
        db.session.commit()
        search_service(app).rebuild()

        def pilot(code: str, visibility: str, unrated_by: User | None = None) -> str:
            query = (
                select(Project.slug)
                .join(Organisation, Organisation.id == Project.owner_id)
                .where(Organisation.code == code, Project.visibility == visibility)
                .where(Project.hidden_at.is_(None))
                .order_by(Project.slug)
            )
            if unrated_by is not None:
                rated = select(Rating.project_id).where(Rating.user_id == unrated_by.id)
                query = query.where(Project.id.not_in(rated))
            return db.session.scalars(query).first()

        def nomination(state: str) -> int:
            return db.session.scalar(
                select(Nomination.id).where(Nomination.state == state).order_by(Nomination.id)
            )

        member = db.session.scalar(select(User).where(User.email == "innovator@amsterdam.nl"))
        other = pilot("GM0344", Visibility.PUBLISHED, unrated_by=member)
        entry = db.session.scalar(
            select(CatalogueEntry)
            .where(CatalogueEntry.status == "active", CatalogueEntry.origin_project_id.is_not(None))
            .order_by(CatalogueEntry.slug)
        )
        question = _seed_question(other, member)
        return DemoSite(
            password=password,
            member=member.email,
            owner_member="innovator@utrecht.nl",
            curator="curator@vng.nl",
            admin="admin@vng.nl",
            own_pilot=pilot("GM0363", Visibility.PUBLISHED),
            other_pilot=other,
            other_pilot_title=db.session.scalar(select(Project.title).where(Project.slug == other)),
            draft=pilot("GM0344", Visibility.DRAFT),
            entry=entry.slug,
            entry_pilot=entry.origin_project.slug,
            submitted_nomination=nomination("submitted"),
            in_review_nomination=nomination("in_review"),
            question=question,
        )


def _seed_question(slug: str, asker) -> int:
    """A question with an answer, for the question pages (idempotent like the demo seed)."""
    from registry.models import Project, Question
    from registry.services import questions

    project = db.session.scalar(select(Project).where(Project.slug == slug))
    existing = db.session.scalar(select(Question.id).where(Question.project_id == project.id))
    if existing is not None:
        return existing
    owner = db.session.scalar(select(User).where(User.email == "innovator@utrecht.nl"))
    question = questions.ask(project, asker, "Hoeveel uur kostte het koppelen aan het zaaksysteem?")
    questions.answer(question, owner, "Ongeveer veertig uur, vooral voor het testen.")
    db.session.commit()
    return question.id


@pytest.fixture(scope="session")
def demo(live_server) -> DemoSite:
    """The live server with the demo data (organisations, pilots, ratings, catalogue)."""
    if "demo" not in live_server.seeded:
        live_server.seeded["demo"] = _seed(live_server)
    return live_server.seeded["demo"]


def sign_in(page, live_server: LiveServer, email: str, password: str) -> None:
    """Through the real login form, CSRF token and all."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    complete_second_factor(page, email)
    assert "/login" not in page.url, f"could not sign in as {email}"


# Authenticator secrets set up by the browser tests, by e-mail address.
_TOTP_SECRETS: dict[str, str] = {}


def complete_second_factor(page, email: str) -> None:
    """Set up or pass the second step, as a curator with an authenticator app would."""
    if page.url.endswith("/account/two-factor"):
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        _TOTP_SECRETS[email] = secret
        page.fill("#code", pyotp.TOTP(secret).now())
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        page.goto(page.url.split("/account")[0] + "/")
    elif page.url.endswith("/login/code"):
        totp = pyotp.TOTP(_TOTP_SECRETS[email])
        # A code works once: a second sign-in within 30 seconds uses the next one.
        for step in (0, 1):
            page.fill("#code", totp.generate_otp(totp.timecode(datetime.now()) + step))
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            if not page.url.endswith("/login/code"):
                break


# --- Rows for the live server's database (call inside its app context) -------


def live_org(code: str, name: str) -> Organisation:
    """The organisation with `code`, added when the live database lacks it."""
    found = db.session.scalar(select(Organisation).filter_by(code=code))
    if found is None:
        found = Organisation(code=code, name=name, province="Utrecht")
        db.session.add(found)
    return found


def live_user(organisation: Organisation, role: str = Role.MEMBER) -> User:
    """A verified account with a unique e-mail that signs in with PASSWORD."""
    account = User(
        email=f"{role}-{uuid.uuid4().hex[:8]}@example.nl",
        name=f"Medewerker {organisation.name}",
        password_hash=hash_password(PASSWORD),
        role=role,
        organisation=organisation,
        email_verified_at=utcnow(),
    )
    db.session.add(account)
    db.session.flush()
    return account
