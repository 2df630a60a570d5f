"""Error pages in the site's style and the user's language; never a stack trace.

An unexpected error and an unavailable database get an error id: short,
random, shown on the page and written in the log next to the exception, so a
user's report ("foutcode 3f9a1c2e") leads straight to the log line.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from registry.extensions import db
from registry.translation import lazy_gettext as _l
from registry.web import health
from registry.web.api import problems
from registry.web.api.paths import is_api_request

TITLES = {
    400: _l("Er ging iets mis met uw verzoek"),
    403: _l("Geen toegang"),
    404: _l("Pagina niet gevonden"),
    405: _l("Deze actie kan zo niet"),
    409: _l("Iemand anders was u voor"),
    413: _l("Het bestand is te groot"),
    429: _l("Even geduld"),
    500: _l("Er ging iets mis aan onze kant"),
    503: _l("De site is even niet beschikbaar"),
}

EXPLANATIONS = {
    400: _l("Het verzoek kon niet worden verwerkt. Probeer het opnieuw vanaf de vorige pagina."),
    403: _l("U heeft geen toestemming voor deze pagina of actie."),
    404: _l("De pagina bestaat niet (meer), of u heeft er geen toegang toe."),
    405: _l("Deze pagina kan niet op deze manier worden gebruikt."),
    409: _l("De gegevens zijn intussen gewijzigd. Laad de pagina opnieuw."),
    413: _l("Bestanden mogen samen hoogstens 10 MB groot zijn."),
    429: _l("U heeft dit te vaak geprobeerd. Wacht een paar minuten en probeer het opnieuw."),
    500: _l(
        "Uw gegevens zijn niet verloren gegaan, maar de actie is niet uitgevoerd. "
        "Probeer het later opnieuw."
    ),
    503: _l(
        "De database van het register antwoordt nu niet. Er is niets opgeslagen; "
        "probeer het over een paar minuten opnieuw."
    ),
}

# Werkzeug's own headers worth keeping on our error page (`Allow` on a 405,
# `Retry-After` on a 429 or 503); the body and its length are ours.
_KEPT_HEADERS = {"allow", "retry-after", "www-authenticate"}

# Not a bug in a statement (a ProgrammingError, an IntegrityError): the server
# is down, refused the connection, or the database stayed locked too long.
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


def new_error_id() -> str:
    return secrets.token_hex(4)


def render_error(code: int, detail: object = None, error_id: str | None = None):
    if is_api_request():
        return problems.response(code, detail, error_id=error_id)
    code = code if code in TITLES else 500
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=TITLES[code],
            explanation=detail or EXPLANATIONS[code],
            error_id=error_id,
        ),
        code,
    )


def handle_http_error(error: HTTPException):
    if is_api_request():
        return problems.from_http_error(error)
    detail = None
    # A message we passed to abort() ourselves is meant for the user; Werkzeug's
    # English defaults are not.
    if error.description and error.description != type(error).description:
        detail = error.description
    if error.code not in TITLES:
        return error
    body, code = render_error(error.code, detail)
    kept = [(k, v) for k, v in error.get_headers() if k.lower() in _KEPT_HEADERS]
    return body, code, kept


def handle_csrf_error(error: CSRFError):
    return render_error(
        400,
        _l(
            "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens."
        ),
    )


def handle_untrusted_host(error: SecurityError):
    """A Host header outside TRUSTED_HOSTS: no page of ours, since no link can be built for it."""
    message = _l("Deze site is niet bereikbaar onder dit adres.")
    return Response(f"{message}\n", 400, mimetype="text/plain")


def _forget_session() -> None:
    """Roll back; on a dead connection the rollback itself may fail, which changes nothing."""
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        db.session.close()


def handle_unexpected(error: Exception):
    original = getattr(error, "original_exception", None) or error
    if is_database_unavailable(original):
        return handle_database_unavailable(original)
    _forget_session()
    error_id = new_error_id()
    current_app.logger.error(
        "Unhandled error %s on %s %s", error_id, request.method, request.path, exc_info=original
    )
    return render_error(500, error_id=error_id)


def is_database_unavailable(error: BaseException) -> bool:
    """The same request may well succeed in a minute, so the answer is 503, not 500."""
    return isinstance(error, DATABASE_UNAVAILABLE)


def handle_database_unavailable(error: Exception):
    _forget_session()
    error_id = new_error_id()
    current_app.logger.error(
        "Database unavailable, error %s on %s %s",
        error_id,
        request.method,
        request.path,
        exc_info=error,
    )
    if health.is_health_check():
        return health.database_down(error_id)
    # The page must render without the database: no user to load, no counts to show.
    g._login_user = AnonymousUserMixin()
    body, code = render_error(503, error_id=error_id)
    return body, code, {"Retry-After": "60"}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(SecurityError, handle_untrusted_host)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, handle_database_unavailable)
