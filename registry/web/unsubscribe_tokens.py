"""Signed one-click unsubscribe tokens: who, and which kind of notification mail.

Signed with SECRET_KEY under a salt of their own, so no other token of the
site (a reset link, a session) can be replayed here. They do not expire: an
unsubscribe link in an old mail must still work.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "registry.notification-unsubscribe"


class Unsubscribe(NamedTuple):
    user_id: int
    kind: str


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make(user_id: int, kind: str) -> str:
    return _serializer().dumps([user_id, kind])


def read(token: str) -> Unsubscribe | None:
    """What a token asks for, or None when it was not signed by this site."""
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or isinstance(value[0], bool)
        or not isinstance(value[1], str)
    ):
        return None
    return Unsubscribe(value[0], value[1])
