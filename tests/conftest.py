"""Shared fixtures: an app per test on SQLite and on PostgreSQL, and model factories.

Every test that uses `app` runs once per database backend. PostgreSQL is
reached at TEST_POSTGRES_URL (default: the local server, trust auth); when it
is not reachable those runs are skipped, unless REGISTRY_TEST_STRICT=1 (set
by CI) turns the skip into a failure.
"""

from __future__ import annotations

import gc
import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import event
from werkzeug.routing.rules import Rule

from registry import create_app
from registry.demo import seed as demo_seed
from registry.demo.seed import SeedReport
from registry.extensions import db
from registry.models import (
    Base,
    Indicator,
    Organisation,
    OrganisationDomain,
    Project,
    ProjectTag,
    ProjectTheme,
    User,
    utcnow,
)
from registry.models.vocab import OrgKind, Phase, Role, Visibility
from registry.services import adoptions, passwords, ratings, rubric, user_sessions
from registry.services.passwords import hash_password

ROOT = Path(__file__).resolve().parent.parent
# Beside the checkout (/work/main) or beside the folder of worktrees (/work/wt/<branch>).
SHARED_DATA = next(
    (
        p
        for p in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data")
        if p.exists()
    ),
    ROOT.parent / "shared" / "data",
)
STRICT = os.environ.get("REGISTRY_TEST_STRICT") == "1"
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgres").split(",") if b]
PASSWORD = "correct-horse-battery"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def skip_or_fail(reason: str) -> None:
    if STRICT:
        pytest.fail(f"{reason} (REGISTRY_TEST_STRICT=1 forbids skipping)")
    pytest.skip(reason)


# --- What every test would otherwise pay again -------------------------------
#
# Each test builds its own app; these keep the work that comes out the same
# every time (and the garbage it leaves) from being repeated thousands of times.


def pytest_collection_finish(session: pytest.Session) -> None:
    """Leave the imported modules out of the collector's full passes, and run those
    passes less often: each test's app allocates many short-lived objects, and with
    the default thresholds a fifth of the suite's time went to re-scanning what the
    imports had loaded, which never becomes garbage."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


# argon2id as in production, with the smallest cost it allows: production's
# parameters take a sixth of a second a hash, so each sign-in through the form did.
# The parameters are in every hash, so one made here still verifies anywhere.
TEST_PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class SharedBytecodeCache(BytecodeCache):
    """Templates compiled once per process instead of once per app: the cache is keyed
    by the template's name and checked against its source, as Jinja's own caches are."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = SharedBytecodeCache()


def _shared_url_builders(compile_builder):
    """Werkzeug compiles two Python functions for each URL rule of each new app (half of
    the time `create_app` takes). A function depends only on the rule's text, its
    parts and its defaults, and is bound to its rule afterwards, so equal rules can
    share one."""
    builders: dict[tuple, object] = {}

    def shared(rule: Rule, append_unknown: bool = True):
        defaults = rule.defaults or {}
        constants = tuple(
            rule._converters[part].to_url(defaults[part])
            for dynamic, part in rule._trace
            if dynamic and part in defaults
        )
        key = (rule.rule, append_unknown, tuple(rule._trace), tuple(defaults), constants)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    return shared


@pytest.fixture(scope="session", autouse=True)
def cheaper_repeated_work() -> Iterator[None]:
    """The cheap password hashes and the shared URL builders, for the whole session."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", TEST_PASSWORD_HASHER)
        passwords._dummy_hash.cache_clear()
        patch.setattr(Rule, "_compile_builder", _shared_url_builders(Rule._compile_builder))
        yield
    passwords._dummy_hash.cache_clear()


# --- PostgreSQL: one throwaway database per test session -------------------


class PostgresServer:
    """Creates databases on the local server and drops them at the end."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = sa.make_url(admin_url)
        self.engine = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def available(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except Exception as err:  # any failure to connect means: not here
            return f"PostgreSQL not reachable at {self.admin_url.render_as_string()}: {err}"
        return None

    def create_database(self, template: str | None = None) -> str:
        """A new database, empty or a copy of the database at the URL `template`
        (which no one may be connected to)."""
        name = f"registry_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        copy = f' TEMPLATE "{sa.make_url(template).database}"' if template else ""
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
        self.created.append(name)
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def close_to_connections(self, url: str) -> None:
        name = sa.make_url(url).database
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))

    def drop_database(self, url: str) -> None:
        name = sa.make_url(url).database
        with self.engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.created.remove(name)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.engine.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    server = PostgresServer(POSTGRES_ADMIN_URL)
    reason = server.available()
    if reason:
        server.engine.dispose()
        yield None
        return
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer | None) -> str:
    """A database with the schema created once; tests empty it after themselves."""
    if postgres_server is None:
        skip_or_fail(PostgresServer(POSTGRES_ADMIN_URL).available() or "PostgreSQL unavailable")
    url = postgres_server.create_database()
    engine = sa.create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


def empty_all_tables(engine: sa.Engine) -> None:
    """Delete every row and restart the ids, as a fresh database would have them.

    DELETE of a test's few rows takes milliseconds where TRUNCATE of thirty
    tables takes a fifth of a second (it replaces every table's files).
    """
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        conn.execute(
            sa.text(
                "SELECT setval(s.oid, 1, false) FROM pg_class s "
                "JOIN pg_namespace n ON n.oid = s.relnamespace "
                "WHERE s.relkind = 'S' AND n.nspname = current_schema()"
            )
        )


# --- The app -----------------------------------------------------------------


def base_test_config(tmp_path: Path) -> dict:
    return {
        "TESTING": True,
        "ENV_NAME": "testing",
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "SERVER_NAME": None,
        # Tasks run at once, in the caller; tests/test_task_queue.py runs a real worker.
        "TASK_QUEUE_URL": "immediate://",
    }


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with the schema, made once: each test starts from a copy of it
    (copying a file is a hundred times cheaper than creating thirty tables)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    return path


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The empty schema; or, for a test that asks for `seeded_demo`, a copy of the demo."""
    if request.node.get_closest_marker("postgres_only") and backend != "postgres":
        pytest.skip("runs on PostgreSQL only")
    if "seeded_demo" in request.fixturenames:
        demo: SeededDemo = request.getfixturevalue("seeded_demo")
        if demo.search_index.exists():  # if the command built none, the test says so
            shutil.copytree(demo.search_index, tmp_path / "search-index", symlinks=True)
        if backend == "postgres":
            server: PostgresServer = request.getfixturevalue("postgres_server")
            url = server.create_database(template=demo.database_url)
            yield url
            server.drop_database(url)
            return
        template = Path(sa.make_url(demo.database_url).database)
    elif backend == "postgres":
        yield request.getfixturevalue("postgres_url")
        return
    else:
        template = request.getfixturevalue("sqlite_template")
    path = tmp_path / "test.sqlite"
    shutil.copyfile(template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def app_config(tmp_path: Path, database_url: str) -> dict:
    """Override in a test module (or parametrize) to change the configuration."""
    return {**base_test_config(tmp_path), "SQLALCHEMY_DATABASE_URI": database_url}


class FreshContextClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The test's own session (used by the factories) is committed first so the
    request sees the test's data, and expired afterwards so the test reads
    what the request wrote. Without this, requests would share the test's app
    context: its `g`, its cached locale and its database session.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def app(
    app_config: dict,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    request: pytest.FixtureRequest,
):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)
    app.test_client_class = FreshContextClient
    app.jinja_env.bytecode_cache = TEMPLATE_BYTECODE
    with app.app_context():
        if backend == "sqlite":
            db.create_all()  # the tables are there unless a test chose its own database
        # The migration seeds the rubric; tests build tables without it.
        rubric.seed_default(db.session)
        db.session.commit()
        yield app
        db.session.remove()
        if backend == "postgres" and "seeded_demo" not in request.fixturenames:
            empty_all_tables(db.engine)  # the shared database; a demo copy is dropped whole
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- The demo, seeded once per backend ---------------------------------------
#
# `registry seed-demo` takes seconds; the tests about the demo read what it left,
# each from a copy of one seeded database and search index.


@dataclass(frozen=True)
class SeededDemo:
    """A database and search index as `registry seed-demo` left them, to copy from."""

    database_url: str
    search_index: Path
    output: str  # what the command printed
    report: SeedReport  # what `seed_demo` counted as added


def _seed_demo_template(folder: Path, database_url: str) -> SeededDemo:
    """Run `registry seed-demo` on an empty schema (with the rubric, as the app fixture
    gives every test) and leave no connection open, so the database can be copied."""
    reports: list[SeedReport] = []
    seed_demo = demo_seed.seed_demo

    def counted_seed(password: str) -> SeedReport:
        reports.append(seed_demo(password))
        return reports[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGISTRY_INSTANCE_PATH", str(folder / "instance"))
        patch.setattr(demo_seed, "seed_demo", counted_seed)
        app = create_app({**base_test_config(folder), "SQLALCHEMY_DATABASE_URI": database_url})
        app.jinja_env.bytecode_cache = TEMPLATE_BYTECODE
        with app.app_context():
            db.create_all()
            rubric.seed_default(db.session)
            db.session.commit()
            result = app.test_cli_runner().invoke(args=["seed-demo"])
            db.session.remove()
            db.engine.dispose()
    assert result.exit_code == 0, result.output
    return SeededDemo(database_url, folder / "search-index", result.output, reports[0])


@pytest.fixture(scope="session")
def sqlite_demo_template(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> SeededDemo:
    folder = tmp_path_factory.mktemp("sqlite-demo")
    path = folder / "demo.sqlite"
    shutil.copyfile(sqlite_template, path)
    demo = _seed_demo_template(folder, f"sqlite:///{path}")
    # Rows still in a write-ahead log (a connection left open) would be missing from copies.
    assert not path.with_name(f"{path.name}-wal").exists()
    return demo


@pytest.fixture(scope="session")
def postgres_demo_template(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: PostgresServer | None
) -> SeededDemo:
    if postgres_server is None:
        skip_or_fail(PostgresServer(POSTGRES_ADMIN_URL).available() or "PostgreSQL unavailable")
    demo = _seed_demo_template(
        tmp_path_factory.mktemp("postgres-demo"), postgres_server.create_database()
    )
    # A copy cannot be made while anyone is connected to its template: keep autovacuum out.
    postgres_server.close_to_connections(demo.database_url)
    return demo


@pytest.fixture
def seeded_demo(backend: str, request: pytest.FixtureRequest) -> SeededDemo:
    """The test's database and search index start as `registry seed-demo` left them
    (see `database_url`); changes stay in the test's own copy."""
    return request.getfixturevalue(f"{backend}_demo_template")


# --- Factories ---------------------------------------------------------------

_counter = itertools.count(1)


@cache
def _password_hash(password: str) -> str:
    return hash_password(password)


@pytest.fixture
def make_org(app) -> Callable[..., Organisation]:
    def make(
        code: str | None = None,
        name: str | None = None,
        kind: str = OrgKind.MUNICIPALITY,
        province: str | None = "Utrecht",
        domains: tuple[str, ...] = (),
    ) -> Organisation:
        code = code or f"GM9{next(_counter):03d}"
        existing = db.session.scalar(sa.select(Organisation).filter_by(code=code))
        if existing:
            return existing
        org = Organisation(code=code, name=name or f"Gemeente {code}", kind=kind, province=province)
        org.domains = [OrganisationDomain(domain=d) for d in domains]
        db.session.add(org)
        db.session.flush()
        return org

    return make


@pytest.fixture
def make_user(make_org) -> Callable[..., User]:
    def make(
        org: str | Organisation | None = "GM0344",
        role: str = Role.MEMBER,
        email: str | None = None,
        name: str | None = None,
        password: str = PASSWORD,
        verified: bool = True,
    ) -> User:
        organisation = make_org(org) if isinstance(org, str) else org
        n = next(_counter)
        user = User(
            email=email or f"user{n}@example.nl",
            name=name or f"Gebruiker {n}",
            password_hash=_password_hash(password),
            role=role,
            organisation=organisation,
            email_verified_at=utcnow() if verified else None,
        )
        db.session.add(user)
        db.session.flush()
        return user

    return make


@pytest.fixture
def make_project(make_org) -> Callable[..., Project]:
    def make(
        owner: str | Organisation = "GM0344",
        title: str | None = None,
        published: bool = True,
        phase: str = Phase.RUNNING,
        partners: tuple[str, ...] = (),
        themes: tuple[str, ...] = ("social_domain",),
        tags: tuple[str, ...] = (),
        **fields,
    ) -> Project:
        n = next(_counter)
        owner_org = make_org(owner) if isinstance(owner, str) else owner
        title = title or f"Pilot nummer {n}"
        project = Project(
            slug=fields.pop("slug", None) or f"pilot-{n}",
            title=title,
            summary=fields.pop("summary", f"Samenvatting van {title}."),
            phase=phase,
            visibility=Visibility.PUBLISHED if published else Visibility.DRAFT,
            owner=owner_org,
            published_at=utcnow() if published else None,
            start_date=fields.pop("start_date", date(2024, 1, 1)),
            **fields,
        )
        project.partners = [make_org(code) for code in partners]
        project.theme_rows = [ProjectTheme(theme=t) for t in themes]
        project.tag_rows = [ProjectTag(tag=t) for t in tags]
        db.session.add(project)
        db.session.flush()
        return project

    return make


@pytest.fixture
def make_indicator():
    def make(project: Project, name: str = "Wachttijd", **fields) -> Indicator:
        indicator = Indicator(project=project, name=name, **fields)
        db.session.add(indicator)
        db.session.flush()
        return indicator

    return make


@pytest.fixture
def make_rating(app):
    """A rating through the service (so aggregates are refreshed); `scores` maps code -> 1..5.

    `scores` may be an int, meaning that score on every active criterion.
    """

    def make(project: Project, user: User, scores=3, comment: str = "", **kwargs):
        if isinstance(scores, int):
            scores = {c.code: scores for c in rubric.active_criteria()}
        return ratings.submit(project, user, scores, comment, **kwargs)

    return make


@pytest.fixture
def make_adoption(app):
    """An adoption through the service, by `user` for their organisation."""

    def make(project: Project, user: User, status: str = "in_use", **effort):
        return adoptions.declare(project, user, adoptions.AdoptionData(status=status, **effort))

    return make


def session_key(user: User, second_factor: bool = True) -> str:
    """A server-side session for `user`, as a completed sign-in leaves it; the cookie's key.

    With `second_factor`, curators and admins are given an authenticator (as
    the site requires of them) and the session counts as having passed it.
    """
    if second_factor and user.is_curator and not user.has_second_factor:
        user.totp_secret = TEST_TOTP_SECRET
        user.totp_enabled_at = utcnow()
    key = user_sessions.start(user, "pytest", second_factor_done=second_factor)
    db.session.commit()
    return key


def sign_in_client(client: FlaskClient, user: User, second_factor: bool = True) -> str:
    key = session_key(user, second_factor)
    with client.session_transaction() as session:
        session["_user_id"] = key
        session["_fresh"] = True
    return key


@pytest.fixture
def login(client):
    """Sign a user in as the login view does: a server-side session named by the cookie.

    The login form itself is tested in the accounts tests; other tests only
    need a signed-in client. `second_factor=False` leaves the session waiting
    for its second factor, as it is between password and code.
    """

    def do(user: User, second_factor: bool = True) -> User:
        sign_in_client(client, user, second_factor)
        return user

    return do


# --- Counting SQL statements --------------------------------------------------


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app) -> Callable[[], contextmanager]:
    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def on_execute(conn, cursor, statement, parameters, context, executemany):
            counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", on_execute)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", on_execute)

    return counting


# --- Promotion into the catalogue: nominations and catalogue entries ---------------


@pytest.fixture
def make_nomination(make_project, make_user):
    """A nomination row in any state, written directly (the services are tested themselves)."""
    from registry.models import Nomination

    def make(
        project: Project | None = None,
        nominator: User | None = None,
        state: str = "submitted",
        motivation: str = "Deze pilot werkt en is goed overdraagbaar naar andere gemeenten.",
        **fields,
    ) -> Nomination:
        project = project or make_project(phase=Phase.COMPLETED)
        nominator = nominator or make_user(org="GM0363")
        nomination = Nomination(
            project=project, nominator=nominator, motivation=motivation, state=state, **fields
        )
        db.session.add(nomination)
        db.session.flush()
        return nomination

    return make


@pytest.fixture
def make_entry(make_project, make_org):
    """A catalogue entry (with an origin pilot unless `project=None` is passed explicitly)."""
    from registry.models import CatalogueEntry, CatalogueEntryTheme

    missing = object()

    def make(
        project: Project | object | None = missing,
        name: str | None = None,
        status: str = "active",
        maintainer: str = "GM0344",
        themes: tuple[str, ...] = ("social_domain",),
        standard_since: date = date(2025, 1, 1),
        **fields,
    ) -> CatalogueEntry:
        if project is missing:
            project = make_project(phase=Phase.COMPLETED, owner=maintainer)
        n = next(_counter)
        entry = CatalogueEntry(
            slug=fields.pop("slug", None) or f"standaard-{n}",
            name=name or f"Standaard nummer {n}",
            description=fields.pop("description", "Een bewezen oplossing."),
            maintainer=make_org(maintainer),
            version=fields.pop("version", "1.0"),
            standard_since=standard_since,
            origin_project=project,
            status=status,
            **fields,
        )
        entry.theme_rows = [CatalogueEntryTheme(theme=t) for t in themes]
        db.session.add(entry)
        db.session.flush()
        return entry

    return make
