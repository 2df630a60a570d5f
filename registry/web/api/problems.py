"""Errors of the API as `application/problem+json` (RFC 9457), in the request's language.

Every refusal under /api/v1 ends here: a routing 404 or 405, a body too large
(413), a bad media type (415), a domain rule (`Invalid` -> 422 with the field),
a missing or stale `If-Match` (428, 412), and the 500 and 503 of the site's
own error handlers. Never an HTML page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Response
from flask_babel import get_locale
from werkzeug.exceptions import HTTPException

from registry.translation import lazy_gettext as _l

MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: _l("Ongeldig verzoek"),
    401: _l("Niet aangemeld"),
    403: _l("Geen toegang"),
    404: _l("Niet gevonden"),
    405: _l("Methode niet toegestaan"),
    406: _l("Niet aanvaardbaar"),
    409: _l("Conflict"),
    412: _l("Voorwaarde niet vervuld"),
    413: _l("Verzoek te groot"),
    415: _l("Mediatype niet ondersteund"),
    422: _l("Ongeldige gegevens"),
    428: _l("Voorwaarde vereist"),
    429: _l("Te veel verzoeken"),
    500: _l("Interne fout"),
    503: _l("Dienst niet beschikbaar"),
}

DETAILS = {
    400: _l("Het verzoek kon niet worden gelezen."),
    401: _l("Stuur een geldige API-sleutel mee: Authorization: Bearer <sleutel>."),
    403: _l("U heeft geen toestemming voor deze actie."),
    404: _l("Dit adres of deze gegevens bestaan niet (meer), of zijn niet openbaar."),
    405: _l("Deze methode kan op dit adres niet worden gebruikt."),
    406: _l("Deze API antwoordt alleen in JSON."),
    409: _l("De gegevens zijn intussen gewijzigd of bestaan al."),
    412: _l("De pilot is gewijzigd sinds uw versie. Haal hem opnieuw op en probeer het nog eens."),
    413: _l("Het verzoek is te groot."),
    415: _l("Stuur de gegevens als JSON, met Content-Type: application/json."),
    422: _l("De gegevens kloppen niet; zie de fouten per veld."),
    428: _l("Stuur de ETag van uw versie mee in de kop If-Match."),
    429: _l("U heeft te veel verzoeken gedaan. Wacht even en probeer het opnieuw."),
    500: _l("Er ging iets mis aan onze kant. Er is niets opgeslagen."),
    503: _l("De database antwoordt nu niet. Er is niets opgeslagen; probeer het later opnieuw."),
}

# Werkzeug's headers worth keeping (`Allow` on a 405, `Retry-After`, `WWW-Authenticate`).
_KEPT_HEADERS = {"allow", "retry-after", "www-authenticate"}

# marshmallow's own wording, said in the request's language.
MARSHMALLOW = {
    "Unknown field.": _l("Onbekend veld."),
    "Missing data for required field.": _l("Dit veld is verplicht."),
    "Field may not be null.": _l("Dit veld mag niet null zijn."),
    "Invalid value.": _l("Ongeldige waarde."),
    "Invalid type.": _l("Verkeerd type."),
    "Invalid input type.": _l("Verkeerd type: verwacht een JSON-object."),
    "Not a valid string.": _l("Verwacht tekst."),
    "Not a valid integer.": _l("Verwacht een heel getal."),
    "Not a valid number.": _l("Verwacht een getal."),
    "Not a valid list.": _l("Verwacht een lijst."),
    "Not a valid date.": _l("Verwacht een datum (JJJJ-MM-DD)."),
    "Not a valid mapping type.": _l("Verwacht een JSON-object."),
    "Not a valid boolean.": _l("Verwacht true of false."),
    "Number too large.": _l("Het getal is te groot."),
    "Special numeric values (nan or infinity) are not permitted.": _l(
        "NaN en oneindig zijn geen geldige getallen."
    ),
}


def _text(message: object) -> str:
    if isinstance(message, str):
        return str(MARSHMALLOW.get(message, message))
    return str(message)


def field_errors(messages: Any) -> dict[str, list[str]]:
    """marshmallow's nested messages as `{"field.path": ["message", ...]}`."""
    flat: dict[str, list[str]] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list | tuple):
            if all(not isinstance(v, Mapping | list | tuple) for v in value):
                flat.setdefault(path or "_schema", []).extend(_text(v) for v in value)
            else:
                for inner in value:
                    walk(inner, path)
        else:
            flat.setdefault(path or "_schema", []).append(_text(value))

    walk(messages, "")
    return flat


def response(
    status: int,
    detail: object = None,
    *,
    errors: dict[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    error_id: str | None = None,
) -> Response:
    status = status if status in TITLES else (500 if status >= 500 else 400)
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(TITLES[status]),
        "status": status,
        "detail": str(detail) if detail else str(DETAILS[status]),
    }
    if errors:
        body["errors"] = errors
    if error_id:
        body["error_id"] = error_id
    answer = Response(json.dumps(body, ensure_ascii=False), status, mimetype=MEDIA_TYPE)
    answer.headers["Content-Language"] = str(get_locale() or "nl")
    answer.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        answer.headers[name] = value
    return answer


def from_http_error(error: HTTPException) -> Response:
    """Any HTTP error raised under /api/v1, including webargs' refusals of a request."""
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    errors = None
    if messages:
        # webargs keys its messages by location ("json", "query"); the field is what matters.
        errors = field_errors(
            {k: v for loc in messages.values() for k, v in loc.items()}
            if all(isinstance(v, Mapping) for v in messages.values())
            else messages
        )
    detail = data.get("message")
    if detail is None and error.description and error.description != type(error).description:
        detail = error.description
    kept = {k: v for k, v in error.get_headers() if k.lower() in _KEPT_HEADERS}
    kept.update(data.get("headers") or {})
    return response(error.code or 500, detail, errors=errors, headers=kept)
