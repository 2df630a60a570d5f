"""The Innovatieregister web application.

`create_app` builds the app in named steps; nothing runs at import time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("REGISTRY_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, test_config)
    init_logging(app)
    init_extensions(app)
    trust_proxies(app)
    init_search(app)
    init_task_queue(app)
    register_session_hooks(app)
    register_blueprints(app)
    register_web_hooks(app)
    register_cli(app)
    return app


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    from registry import config

    app.config.update(config.defaults(app.instance_path))
    app.config.update(config.from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    config.check(app.config, os.environ, served_by_wsgi_server="gunicorn" in sys.modules)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def init_logging(app: Flask) -> None:
    from registry import mail

    mail.init_app(app)


def init_extensions(app: Flask) -> None:
    from registry import connection_check, i18n, sqlite
    from registry.extensions import csrf, db, limiter, login_manager
    from registry.services import throttle
    from registry.web import sessions

    db.init_app(app)
    with app.app_context():
        sqlite.configure(db.engine, float(app.config["SQLITE_BUSY_TIMEOUT"]))
        connection_check.configure(db.engine)
    if "gunicorn" not in sys.modules:
        # Web workers never migrate, and Flask-Migrate with Alembic would take 12 MB
        # of each worker's memory: only the CLI and tests get `registry db`.
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    throttle.init_app(app)
    i18n.init_app(app)
    sessions.init_app(app, login_manager)


def trust_proxies(app: Flask) -> None:
    """Take the client address and scheme from X-Forwarded-* only from proxies we know of.

    Without a proxy in front, those headers come from the client and would
    let anyone pick the address that sign-in throttling counts.
    """
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def init_search(app: Flask) -> None:
    from registry import search

    search.init_app(app)


def init_task_queue(app: Flask) -> None:
    from registry import tasks

    tasks.init_app(app)


def register_session_hooks(app: Flask) -> None:
    """Every database session hook, and what runs after each request (see `lifecycle`)."""
    from registry import lifecycle

    lifecycle.register_session_hooks(app)


def register_blueprints(app: Flask) -> None:
    from registry.web import (
        account,
        admin,
        auth,
        health,
        main,
        organisations,
        projects,
        reuse,
        search,
    )

    for module in (main, health, auth, account, projects, organisations, admin, reuse, search):
        app.register_blueprint(module.bp)
    # Promotion into the catalogue.
    from registry.web import catalogue, curation, nominations, notifications

    for module in (nominations, curation, catalogue, notifications):
        app.register_blueprint(module.bp)
    # Interoperability: feeds, open-data exports, sitemap and catalogue description.
    from registry.web import exports, feeds, findable

    for module in (feeds, exports, findable):
        app.register_blueprint(module.bp)
    # Insight for councils and VNG: the register in figures.
    from registry.web import statistics

    app.register_blueprint(statistics.bp)
    from registry.web import security_txt

    app.register_blueprint(security_txt.bp)
    # For councils: comparing pilots and standards.
    from registry.web import compare

    app.register_blueprint(compare.bp)
    # Following pilots, themes, organisations and the catalogue.
    from registry.web import follows

    app.register_blueprint(follows.bp)
    # The open API and its documentation page.
    from registry.web import api, api_docs

    api.init_app(app)
    app.register_blueprint(api_docs.bp)


def register_web_hooks(app: Flask) -> None:
    from registry.web import boundary, caching, errors, input_guard, security, templating

    input_guard.init_app(app)
    errors.init_app(app)
    boundary.register_domain_errors(app)
    caching.init_app(app)
    security.init_app(app)
    templating.init_app(app)


def register_cli(app: Flask) -> None:
    from registry import cli

    cli.init_app(app)
