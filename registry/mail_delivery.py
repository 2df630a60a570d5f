"""Delivering the mail outbox: claim a row, hand it to the mail server, record what happened.

A row is claimed with one conditional UPDATE (pending and due, or sending
with an expired lease) that also sets a fresh claim token; only the worker
whose UPDATE changed the row sends it, and every later write names that
token, so a worker that lost its lease cannot mark someone else's attempt.
The mail server accepting the message and the row being marked sent are two
steps: a worker killed between them leaves the row to be sent again after
the lease (at least once, never in parallel).

A failed attempt puts the row back with `next_attempt_at` pushed out
(doubling from MAIL_RETRY_BASE_SECONDS up to MAIL_RETRY_MAX_DELAY_SECONDS);
after MAIL_RETRY_SECONDS since it was written the row is marked failed.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, and_, func, or_, select, update
from sqlalchemy.orm import Session

from registry import mail
from registry.extensions import db
from registry.models import MailOutbox, MailStatus, User, utcnow

log = logging.getLogger("registry.mail")

SENT, RETRY, FAILED, SKIPPED, NOT_CLAIMED = "sent", "retry", "failed", "skipped", "not claimed"
# Pending again because the server could not be reached at all (not: refused this message).
UNREACHABLE = "retry, server unreachable"


def _setting(name: str) -> int:
    return int(current_app.config[name])


def claimable(now: datetime):
    return or_(
        and_(MailOutbox.status == MailStatus.PENDING, MailOutbox.next_attempt_at <= now),
        and_(MailOutbox.status == MailStatus.SENDING, MailOutbox.claimed_until < now),
    )


def claim(session: Session, mail_id: int, now: datetime) -> str | None:
    """The claim token when this caller now owns the row, else None (someone else has it)."""
    token = secrets.token_hex(16)
    result = session.execute(
        update(MailOutbox)
        .where(MailOutbox.id == mail_id, claimable(now))
        .values(
            status=MailStatus.SENDING,
            claim_token=token,
            claimed_until=now + timedelta(seconds=_setting("MAIL_LEASE_SECONDS")),
            attempts=MailOutbox.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return token if cast(CursorResult[Any], result).rowcount == 1 else None


def _finish(session: Session, mail_id: int, token: str, **values: object) -> None:
    session.execute(
        update(MailOutbox)
        .where(MailOutbox.id == mail_id, MailOutbox.claim_token == token)
        .values(claim_token=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def retry_delay(attempts: int) -> timedelta:
    base = _setting("MAIL_RETRY_BASE_SECONDS")
    ceiling = _setting("MAIL_RETRY_MAX_DELAY_SECONDS")
    return timedelta(seconds=min(ceiling, base * 2 ** max(0, min(attempts - 1, 30))))


def deliver(mail_id: int, now: datetime | None = None) -> str:
    """One attempt at one row; what happened: SENT, RETRY, UNREACHABLE, FAILED, SKIPPED
    or NOT_CLAIMED (another worker has it, or it is not due)."""
    now = now or utcnow()
    with Session(db.engine, expire_on_commit=False) as session:
        token = claim(session, mail_id, now)
        if token is None:
            return NOT_CLAIMED
        row = session.get(MailOutbox, mail_id)
        assert row is not None, "a claimed row exists until it is sent"
        recipient = session.get(User, row.user_id) if row.user_id is not None else None
        if recipient is not None and recipient.disabled:
            _finish(
                session, mail_id, token, status=MailStatus.SKIPPED, last_error="recipient disabled"
            )
            return SKIPPED
        outgoing = mail.Outgoing(
            to=row.recipient,
            subject=row.subject,
            text=row.text_body,
            html=row.html_body,
            language=row.language,
            unsubscribe_url=row.unsubscribe_url,
        )
        try:
            mail.transmit(outgoing)
        except (OSError, smtplib.SMTPException) as err:
            return _failed(session, row, token, err)
        _finish(session, mail_id, token, status=MailStatus.SENT, sent_at=utcnow(), last_error="")
        return SENT


def _failed(session: Session, row: MailOutbox, token: str, err: Exception) -> str:
    now = utcnow()
    error = f"{type(err).__name__}: {err}"[:1000]
    give_up_at = row.created_at + timedelta(seconds=_setting("MAIL_RETRY_SECONDS"))
    if now >= give_up_at:
        log.error(
            "Mail %d to %s failed for good after %d attempts: %s",
            row.id,
            row.recipient,
            row.attempts,
            error,
        )
        _finish(session, row.id, token, status=MailStatus.FAILED, last_error=error)
        return FAILED
    log.warning(
        "Mail %d to %s not delivered (attempt %d): %s", row.id, row.recipient, row.attempts, error
    )
    _finish(
        session,
        row.id,
        token,
        status=MailStatus.PENDING,
        next_attempt_at=now + retry_delay(row.attempts),
        last_error=error,
    )
    if isinstance(err, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
        return RETRY
    return UNREACHABLE


@dataclass
class SweepReport:
    attempted: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.outcomes.items())) or "nothing due"


def due_ids(session: Session, now: datetime, limit: int) -> list[int]:
    return list(
        session.scalars(
            select(MailOutbox.id)
            .where(claimable(now))
            .order_by(MailOutbox.next_attempt_at, MailOutbox.id)
            .limit(limit)
        )
    )


def sweep(now: datetime | None = None, limit: int = 200) -> SweepReport:
    """Deliver what is due now. Stops at the first unreachable server: the rest waits its turn."""
    now = now or utcnow()
    with Session(db.engine) as session:
        ids = due_ids(session, now, limit)
    report = SweepReport()
    for mail_id in ids:
        outcome = deliver(mail_id, now=now)
        report.outcomes[outcome] = report.outcomes.get(outcome, 0) + 1
        if outcome != NOT_CLAIMED:
            report.attempted += 1
        if outcome == UNREACHABLE:
            break
    return report


@dataclass
class Status:
    counts: dict[str, int]
    oldest_pending: datetime | None
    recent_failures: list[tuple[int, str, str, int, str]]  # id, recipient, kind, attempts, error


def status(failures: int = 10) -> Status:
    with Session(db.engine) as session:
        counts = dict(
            session.execute(
                select(MailOutbox.status, func.count()).group_by(MailOutbox.status)
            ).all()
        )
        oldest = session.scalar(
            select(MailOutbox.created_at)
            .where(MailOutbox.status.in_(MailStatus.OPEN))
            .order_by(MailOutbox.created_at)
            .limit(1)
        )
        recent = session.execute(
            select(
                MailOutbox.id,
                MailOutbox.recipient,
                MailOutbox.kind,
                MailOutbox.attempts,
                MailOutbox.last_error,
            )
            .where(or_(MailOutbox.status == MailStatus.FAILED, MailOutbox.last_error != ""))
            .where(MailOutbox.status != MailStatus.SENT)
            .order_by(MailOutbox.id.desc())
            .limit(failures)
        ).all()
    return Status(counts, oldest, [(r[0], r[1], r[2], r[3], r[4]) for r in recent])
