"""Error pages in the site's style and the user's language; never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from registry.extensions import db

TITLES = {
    400: _l("Er ging iets mis met uw verzoek"),
    403: _l("Geen toegang"),
    404: _l("Pagina niet gevonden"),
    405: _l("Deze actie kan zo niet"),
    409: _l("Iemand anders was u voor"),
    413: _l("Het bestand is te groot"),
    429: _l("Even geduld"),
    500: _l("Er ging iets mis aan onze kant"),
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
}


def render_error(code: int, detail: object = None):
    code = code if code in TITLES else 500
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=TITLES[code],
            explanation=detail or EXPLANATIONS[code],
        ),
        code,
    )


def handle_http_error(error: HTTPException):
    detail = None
    # A message we passed to abort() ourselves is meant for the user; Werkzeug's
    # English defaults are not.
    if error.description and error.description != type(error).description:
        detail = error.description
    if error.code not in TITLES:
        return error
    return render_error(error.code, detail)


def handle_csrf_error(error: CSRFError):
    return render_error(
        400,
        _l(
            "Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens."
        ),
    )


def handle_unexpected(error: Exception):
    db.session.rollback()
    original = getattr(error, "original_exception", None) or error
    current_app.logger.error(
        "Unhandled error on %s %s", request.method, request.path, exc_info=original
    )
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
