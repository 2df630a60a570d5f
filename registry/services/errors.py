"""Domain errors raised by services; views turn them into messages or status codes."""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors a service raises when a rule says no.

    `reason` is a user-facing sentence (usually a lazy gettext string).
    `field`, when set, names the form field the message belongs to.
    """

    def __init__(self, reason: object = "", field: str | None = None) -> None:
        # Kept lazy: a translated reason becomes text only when shown, in the
        # language of the request that shows it.
        super().__init__(reason)
        self.reason = reason
        self.field = field


class NotAllowed(DomainError):
    """The user may not do this."""


class Invalid(DomainError):
    """The input breaks a rule of the domain."""


class Conflict(DomainError):
    """Someone else changed the thing since the user loaded it, or it already exists."""


class NotFound(DomainError):
    """There is no such thing, or the user may not know it exists."""
