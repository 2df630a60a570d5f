"""Two-factor sign-in: TOTP codes from an authenticator app, and single-use recovery codes.

Codes are accepted one time step (30 s) either side of now, for clocks that
drift, and never twice: the time step of the last accepted code is stored and
a code must be of a later step. Recovery codes are kept as hashes and struck
off when used. Curators and admins must have a second factor; members may.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import pyotp
from sqlalchemy import delete, func, select

from registry.extensions import db
from registry.models import RecoveryCode, User, utcnow
from registry.services import events, permissions
from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l

ISSUER = "Innovatieregister"
RECOVERY_CODE_COUNT = 10
WINDOW_STEPS = 1
WRONG_CODE = _l("Deze code klopt niet. Gebruik de nieuwste code uit uw app.")

_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def readable_secret(secret: str) -> str:
    """The secret in groups of four, for typing it over."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str:
    return re.sub(r"\s", "", code or "")


def matching_step(secret: str, code: str, after_step: int, now: float | None = None) -> int | None:
    """The time step whose code this is (later than `after_step`), or None."""
    code = _digits(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(time.time() if now is None else now)
    for step in range(current - WINDOW_STEPS, current + WINDOW_STEPS + 1):
        if step > after_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _normal(code: str) -> str:
    return re.sub(r"[\s-]", "", (code or "").lower())


def _recovery_hash(code: str, salt: str | None = None) -> str:
    """`salt$sha256(salt + code)`: a code has about 50 bits, so each gets its own 32-bit salt."""
    salt = salt or secrets.token_hex(4)
    return f"{salt}${hashlib.sha256((salt + _normal(code)).encode()).hexdigest()}"


def _matches(stored: str, code: str) -> bool:
    salt, _, _digest = stored.partition("$")
    return hmac.compare_digest(stored, _recovery_hash(code, salt))


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def enable(user: User, secret: str, code: str) -> list[str]:
    """Turn on two-factor sign-in once the app shows the right code; the recovery codes.

    The codes are returned once, to be shown once; only their hashes are kept.
    """
    step = matching_step(secret, code, after_step=0)
    if step is None:
        raise Invalid(WRONG_CODE, field="code")
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _replace_recovery_codes(user)
    events.record(user, "two_factor_enabled", user)
    db.session.flush()
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(c)) for c in codes)
    db.session.flush()
    return codes


def check(user: User, code: str) -> None:
    """Accept an app code or an unused recovery code (striking it off); Invalid otherwise."""
    if not user.has_second_factor:
        raise Invalid(WRONG_CODE, field="code")
    step = matching_step(user.totp_secret or "", code, after_step=user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        db.session.flush()
        return
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    recovery = next((row for row in unused if _matches(row.code_hash, code)), None)
    if recovery is None:
        raise Invalid(WRONG_CODE, field="code")
    recovery.used_at = utcnow()
    events.record(user, "recovery_code_used", user, remaining=remaining_recovery_codes(user) - 1)
    db.session.flush()


def remaining_recovery_codes(user: User) -> int:
    count = db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    return count or 0


def new_recovery_codes(user: User, code: str) -> list[str]:
    """Replace the recovery codes, after a current code proves the app is at hand."""
    check(user, code)
    codes = _replace_recovery_codes(user)
    events.record(user, "recovery_codes_replaced", user)
    return codes


def disable(user: User, code: str) -> None:
    """Turn two-factor sign-in off (members only), after a current code."""
    permissions.require(permissions.can_turn_off_two_factor(user))
    check(user, code)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = 0
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    events.record(user, "two_factor_disabled", user)
    db.session.flush()
