"""Mail through the outbox: written with the change, delivered by the queue, never lost or doubled.

A real SMTP server (aiosmtpd) is started and stopped by each test; tasks run
in immediate mode, so a commit makes one delivery attempt at once, and
`mail_delivery.sweep()` is what the worker runs every minute.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from registry import mail_delivery, mail_outbox
from registry.extensions import db
from registry.models import (
    MailOutbox,
    MailStatus,
    NominationState,
    Notification,
    NotificationPreference,
    utcnow,
)
from registry.models.vocab import Role
from registry.services import curation, notifications
from registry.services.readiness import Thresholds
from registry.web import unsubscribe_tokens
from tests.smtp_servers import HangingUpServer, LocalSMTP, free_port

RATIONALE = "De pilot is goed gedocumenteerd en al bij andere gemeenten in gebruik."


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def app_config(app_config, smtp_port):
    return {
        **app_config,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_USE_TLS": False,
        "MAIL_TIMEOUT_SECONDS": 0.5,
        # Time "passes" between attempts: a failed mail is due again at once.
        "MAIL_RETRY_BASE_SECONDS": 0,
    }


@pytest.fixture
def smtp(smtp_port):
    server = LocalSMTP(smtp_port)
    yield server
    server.stop()


def rows() -> list[MailOutbox]:
    # End the test's transaction: on SQLite (WAL) an open one keeps reading its old snapshot.
    db.session.commit()
    return list(db.session.scalars(select(MailOutbox).order_by(MailOutbox.id)))


def queue_one(user, kind="verify", text="Hallo") -> MailOutbox:
    row = mail_outbox.queue(
        db.session,
        to=user.email,
        subject="Onderwerp",
        text=text,
        kind=kind,
        language="nl",
        user_id=user.id,
    )
    db.session.commit()
    return row


@pytest.fixture
def curator(make_user, make_org):
    make_org("vng", name="VNG", kind="association", province=None)
    return make_user(org="vng", role=Role.CURATOR)


# --- Nothing lost while the server is down -------------------------------------------


def test_a_reset_asked_while_the_mail_server_is_down_arrives_when_it_is_back(
    client, make_user, smtp
):
    make_user(email="anna@utrecht.nl")
    response = client.post("/reset", data={"email": "anna@utrecht.nl"})
    assert response.status_code == 302
    [row] = rows()
    assert row.status == MailStatus.PENDING
    assert row.attempts == 1
    assert "Connection" in row.last_error
    assert row.kind == "reset"

    smtp.start()
    mail_delivery.sweep()
    [message] = smtp.to("anna@utrecht.nl")
    assert message["Subject"] == "Nieuw wachtwoord instellen"
    assert "/reset/" in message.get_body(("plain",)).get_content()
    assert message["List-Unsubscribe"] is None  # account mail: nothing to unsubscribe from
    [row] = rows()
    assert (row.status, row.attempts, row.last_error) == (MailStatus.SENT, 2, "")
    assert row.sent_at is not None

    mail_delivery.sweep()
    assert len(smtp.messages) == 1


def test_a_decision_made_while_the_mail_server_is_down_arrives_when_it_is_back(
    make_project, make_nomination, make_user, curator, smtp
):
    project = make_project(title="Pilot <b>vet</b> & zo")
    nominator = make_user(org="GM0363", email="nina@amersfoort.nl")
    nomination = make_nomination(
        project=project,
        nominator=nominator,
        state=NominationState.IN_REVIEW,
        curator=curator,
        reviewed_at=utcnow(),
    )
    db.session.commit()
    curation.decide(
        nomination, curator, "reject", RATIONALE, thresholds=Thresholds(), today=date(2026, 11, 1)
    )
    db.session.commit()
    [row] = [r for r in rows() if r.recipient == "nina@amersfoort.nl"]
    assert (row.status, row.attempts, row.kind) == (MailStatus.PENDING, 1, "nomination_rejected")

    smtp.start()
    mail_delivery.sweep()
    [message] = smtp.to("nina@amersfoort.nl")
    assert message["Subject"] == "Voordracht afgewezen: Pilot <b>vet</b> & zo"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert "/notifications/unsubscribe/" in unsubscribe
    text = message.get_body(("plain",)).get_content()
    assert RATIONALE in text
    assert "/notifications" in text
    assert unsubscribe in text
    html = message.get_body(("html",)).get_content()
    assert '<html lang="nl">' in html
    assert "Pilot &lt;b&gt;vet&lt;/b&gt; &amp; zo" in html
    assert "<b>vet" not in html
    assert "<img" not in html
    assert f'<a href="{unsubscribe}">' in html
    assert rows()[0].status == MailStatus.SENT


def test_a_rolled_back_change_writes_no_mail(make_user, make_nomination, smtp):
    smtp.start()
    user = make_user()
    nomination = make_nomination()
    db.session.commit()
    notifications.notify([user], "nomination_rejected", nomination, project_title="x")
    db.session.rollback()
    assert rows() == []
    assert smtp.messages == []


def test_mail_waits_for_the_outer_commit_not_a_savepoint(make_user, make_nomination):
    user = make_user()
    nomination = make_nomination()
    db.session.commit()
    notifications.notify([user], "nomination_rejected", nomination, project_title="x")
    with db.session.begin_nested():
        pass
    notifications.discard_pending_mail()  # as the demo data does: nobody is told
    db.session.commit()
    assert rows() == []


# --- A server that misbehaves --------------------------------------------------------


def refuse(smtp, port):
    smtp.handler.reply = "554 5.7.1 Geweigerd"
    return smtp.start()


def stall(smtp, port):
    smtp.handler.delay = 2.0
    return smtp.start()


def hang_up(smtp, port):
    return HangingUpServer(port).start()


@pytest.mark.parametrize(
    ("misbehave", "error"),
    [
        (refuse, "554"),
        (stall, "timed out"),
        (hang_up, "SMTPServerDisconnected"),
    ],
    ids=["refuses", "times-out", "hangs-up"],
)
def test_a_misbehaving_server_leaves_the_mail_pending_with_the_error(
    make_user, smtp, smtp_port, misbehave, error
):
    server = misbehave(smtp, smtp_port)
    try:
        user = make_user()
        queue_one(user)
        [row] = rows()
        assert row.status == MailStatus.PENDING
        assert row.attempts == 1
        assert error in row.last_error
        assert row.sent_at is None
        assert row.next_attempt_at >= row.created_at
    finally:
        server.stop()
    assert smtp.messages == []


def test_mail_is_retried_with_backoff_and_marked_failed_after_the_retry_window(app, make_user):
    app.config.update(MAIL_RETRY_BASE_SECONDS=60, MAIL_RETRY_MAX_DELAY_SECONDS=3600)
    user = make_user()
    queue_one(user)
    [row] = rows()
    first_wait = row.next_attempt_at - utcnow()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)
    assert mail_delivery.retry_delay(2) == timedelta(seconds=120)
    assert mail_delivery.retry_delay(40) == timedelta(seconds=3600)
    assert mail_delivery.sweep().attempted == 0  # not due yet

    row.created_at = utcnow() - timedelta(seconds=app.config["MAIL_RETRY_SECONDS"] + 1)
    row.next_attempt_at = utcnow()
    db.session.commit()
    assert mail_delivery.sweep().outcomes == {mail_delivery.FAILED: 1}
    [row] = rows()
    assert row.status == MailStatus.FAILED
    assert "Connection" in row.last_error


def test_a_recipient_disabled_before_delivery_is_skipped(make_user, smtp):
    user = make_user()
    queue_one(user)
    user.disabled = True
    db.session.commit()
    smtp.start()
    mail_delivery.sweep()
    [row] = rows()
    assert row.status == MailStatus.SKIPPED
    assert smtp.messages == []


# --- Never twice -----------------------------------------------------------------------


def test_two_deliveries_racing_for_one_mail_send_it_once(app, make_user, smtp):
    user = make_user()
    mail_id = queue_one(user).id  # the server is down: pending, due again at once
    smtp.handler.delay = 0.3
    smtp.start()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def deliver() -> None:
        with app.app_context():
            start.wait()
            outcomes.append(mail_delivery.deliver(mail_id))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes) == [mail_delivery.NOT_CLAIMED, mail_delivery.SENT]
    assert len(smtp.messages) == 1
    assert rows()[0].status == MailStatus.SENT


def test_a_mail_claimed_by_a_worker_that_died_is_sent_after_the_lease(make_user, smtp):
    user = make_user()
    row = queue_one(user)
    row.status = MailStatus.SENDING
    row.claim_token = "dead-worker"
    row.claimed_until = utcnow() + timedelta(minutes=5)
    db.session.commit()
    smtp.start()
    assert mail_delivery.sweep().attempted == 0
    assert smtp.messages == []

    row.claimed_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert mail_delivery.sweep().outcomes == {mail_delivery.SENT: 1}
    assert len(smtp.messages) == 1
    [row] = rows()
    assert (row.status, row.claim_token) == (MailStatus.SENT, None)


# --- One-click unsubscribe -----------------------------------------------------------


def preferences() -> int:
    return db.session.scalar(select(func.count()).select_from(NotificationPreference))


def forged_tokens(user) -> list[str]:
    valid = unsubscribe_tokens.make(user.id, "nomination_rejected")
    payload, signature = valid.rsplit(".", 1)
    other_secret = URLSafeSerializer("another-secret", salt=unsubscribe_tokens.SALT)
    return [
        other_secret.dumps([user.id, "nomination_rejected"]),
        payload + "." + signature[::-1],
        unsubscribe_tokens.make(user.id, "no_such_kind"),
        unsubscribe_tokens.make(987654321, "nomination_rejected"),
        "not-a-token",
        "x" * 2000,
    ]


def test_a_forged_unsubscribe_link_changes_nothing_and_says_so(client, make_user):
    user = make_user()
    db.session.commit()
    for token in forged_tokens(user):
        response = client.post(f"/notifications/unsubscribe/{token}")
        assert response.status_code in (400, 404), token
        if response.status_code == 400:
            assert "Er is niets gewijzigd" in response.get_data(as_text=True)
    assert preferences() == 0


def test_one_click_unsubscribe_turns_that_kind_of_mail_off_and_nothing_else(
    app, client, make_user, make_nomination, smtp
):
    smtp.start()
    user = make_user()
    nomination = make_nomination()
    db.session.commit()
    token = unsubscribe_tokens.make(user.id, "nomination_rejected")
    # A mail scanner following the link changes nothing.
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200
    assert "Afmelden" in page.get_data(as_text=True)
    assert preferences() == 0

    # A mail client's one-click POST carries no CSRF token; it must not need one here.
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert "geen e-mail meer" in response.get_data(as_text=True)
    assert client.post("/notifications/read").status_code == 400  # other forms keep CSRF
    again = client.post(f"/notifications/unsubscribe/{token}")
    assert "al afgemeld" in again.get_data(as_text=True)

    notifications.notify([user], "nomination_rejected", nomination, project_title="x")
    notifications.notify([user], "nomination_in_review", nomination, project_title="x")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2
    assert [row.kind for row in rows()] == ["nomination_in_review"]
    assert [m["Subject"] for m in smtp.messages] == ["Voordracht in behandeling: x"]


# --- Operators ---------------------------------------------------------------------------


def test_mail_status_shows_the_backlog_the_oldest_pending_and_failures(runner, make_user):
    user = make_user()
    queue_one(user)
    failed = queue_one(user)
    failed.status = MailStatus.FAILED
    db.session.commit()
    result = runner.invoke(args=["mail", "status"])
    assert result.exit_code == 0, result.output
    assert "Wachtend:" in result.output
    lines = dict(
        line.split(":", 1) for line in result.output.splitlines() if line and ":" in line[:40]
    )
    assert lines["Wachtend"].strip() == "1"
    assert lines["Mislukt"].strip() == "1"
    assert "Oudste wachtende" in result.output
    assert "ConnectionRefusedError" in result.output
