"""Signing in: Flask-Login wired to server-side sessions.

The signed cookie's `_user_id` holds the key of a `user_session` row, not a
user id; `load_user` asks the sessions service whether that session is still
alive. A session that has not passed the second factor (curators and admins
always need one) reaches only the pages that complete it.
"""

from __future__ import annotations

from flask import Flask, g, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user

from registry.extensions import db
from registry.models import User, UserSession
from registry.services import user_sessions
from registry.translation import lazy_gettext as _l
from registry.web.api.paths import is_api_request

# What a session still waiting for its second factor may reach.
SECOND_FACTOR_ENDPOINTS = frozenset(
    {
        "static",
        "auth.logout",
        "auth.second_factor",
        "account.two_factor_setup",
        "wellknown.security_txt",
    }
)


def load_user(key: str) -> User | None:
    if is_api_request():
        return None  # the API knows only tokens: a cookie there is nobody (and no CSRF risk)
    record, wrote = user_sessions.resolve(key)
    if wrote:
        db.session.commit()
    if record is None:
        return None
    g.user_session = record
    return record.user


def current_session() -> UserSession | None:
    """The server-side session of this request's signed-in user, if any."""
    if not current_user.is_authenticated:
        return None
    return g.get("user_session")


def sign_in(user: User) -> None:
    """Open a new server-side session and point a fresh cookie at it.

    The old cookie's contents are dropped (so a session id planted before
    sign-in is worthless); only the chosen language survives.
    """
    key = user_sessions.start(
        user, request.user_agent.string, second_factor_done=not user.needs_second_factor
    )
    db.session.commit()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
    session["_user_id"] = key
    g.user_session = db.session.scalar(
        db.select(UserSession).filter_by(key_hash=user_sessions.hash_key(key))
    )


def sign_out(reason: str = user_sessions.EndReason.LOGOUT) -> None:
    """End this browser's session on the server and forget the cookie."""
    record = current_session()
    if record is not None:
        user_sessions.end(record, reason)
        db.session.commit()
    language = session.get("lang")
    logout_user()
    session.clear()
    if language:
        session["lang"] = language


NEXT_KEY = "after_second_factor"


def second_factor_step(next_url: str | None):
    """Where a fresh sign-in that still needs its second factor goes: the code or the setup."""
    if next_url:
        session[NEXT_KEY] = next_url
    if current_user.has_second_factor:
        return redirect(url_for("auth.second_factor"))
    return redirect(url_for("account.two_factor_setup"))


def awaits_second_factor() -> bool:
    record = current_session()
    return record is not None and record.second_factor_at is None


def require_second_factor():
    """Until the second factor is passed (or set up), only the pages that do so are reachable."""
    if request.endpoint in SECOND_FACTOR_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not awaits_second_factor():
        return None
    return second_factor_step(None)


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om deze pagina te bekijken.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(require_second_factor)
