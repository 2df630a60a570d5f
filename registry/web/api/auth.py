"""Who is calling: a personal API token in `Authorization: Bearer`, or nobody.

The API ignores the session cookie altogether (`web/sessions.load_user`
answers None for API paths), so a signed-in browser is anonymous here and a
page elsewhere cannot make it write: there is no cookie to ride on, which is
why the API needs no CSRF token.
"""

from __future__ import annotations

import hashlib

from flask import g, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import Forbidden, Unauthorized

from registry.extensions import db
from registry.models import ApiToken, User
from registry.services import api_tokens
from registry.translation import lazy_gettext as _l

CHALLENGE = 'Bearer realm="innovatieregister"'
INVALID = _l(
    "Deze API-sleutel is onbekend, verlopen of ingetrokken, of het account is geblokkeerd."
)
MISSING = _l("Voor deze actie is een API-sleutel nodig: Authorization: Bearer <sleutel>.")


class _Unauthorized(Unauthorized):
    """A 401 that says how to authenticate (RFC 6750)."""

    def __init__(self, description: object, error: str | None = None) -> None:
        super().__init__(str(description))
        self.challenge = f'{CHALLENGE}, error="{error}"' if error else CHALLENGE

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("WWW-Authenticate", self.challenge)]


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise _Unauthorized(INVALID, "invalid_request")
    return secret.strip()


def token() -> ApiToken | None:
    """The request's token, checked once per request; 401 for a token that does not work."""
    if "api_token" not in g:
        secret = _bearer()
        found = None
        if secret is not None:
            found, wrote = api_tokens.authenticate(secret)
            if wrote:
                db.session.commit()
            if found is None:
                raise _Unauthorized(INVALID, "invalid_token")
        g.api_token = found
    return g.api_token


def caller(scope: str) -> User:
    """The token's user, when the token carries `scope`; 401 without a token, 403 without it."""
    found = token()
    if found is None:
        raise _Unauthorized(MISSING)
    if not found.has_scope(scope):
        raise Forbidden(
            str(_l("Deze API-sleutel mist de bevoegdheid %(scope)s.", scope=scope)),
        )
    return found.user


def rate_key() -> str:
    """Limits count per token when one is sent, else per client address.

    The header's hash, not a database lookup: the limiter runs before the view.
    """
    header = request.headers.get("Authorization", "")
    if header:
        return "api-token:" + hashlib.sha256(header.encode()).hexdigest()[:32]
    return "api-ip:" + (get_remote_address() or "")
