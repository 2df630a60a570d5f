"""The task queue for real: a `registry worker` process, and what a reset request does."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry import mail_outbox
from registry import tasks as queue
from registry.extensions import db
from registry.models import MailOutbox, MailStatus
from tests.conftest import PASSWORD
from tests.smtp_servers import LocalSMTP, free_port
from tests.worker_process import WorkerProcess


@pytest.fixture
def sqlite_queue(app, tmp_path):
    """The app enqueues to a SQLite queue file, as a one-host site does."""
    app.config["TASK_QUEUE_URL"] = f"sqlite:///{tmp_path / 'tasks.sqlite'}"
    queue.init_app(app)
    yield app.config["TASK_QUEUE_URL"]
    app.config["TASK_QUEUE_URL"] = "immediate://"
    queue.init_app(app)


def status_of(app, mail_id: int) -> str:
    with Session(db.engine) as session:
        return session.scalar(select(MailOutbox.status).where(MailOutbox.id == mail_id))


def test_a_savepoint_enqueues_nothing_the_real_commit_enqueues_the_mail(
    app, make_user, sqlite_queue
):
    user = make_user(email="bram@utrecht.nl")
    mail_outbox.queue(
        db.session, to=user.email, subject="Welkom", text="Hallo", kind="verify", language="nl"
    )
    with db.session.begin_nested():  # as a service guards a race; releasing it commits nothing
        pass
    assert queue.huey.pending_count() == 0
    db.session.commit()
    assert queue.huey.pending_count() == 1


def test_a_worker_process_delivers_a_mail_the_site_queued(
    app, make_user, sqlite_queue, database_url, tmp_path
):
    user = make_user(email="anna@utrecht.nl")
    row = mail_outbox.queue(
        db.session,
        to=user.email,
        subject="Welkom",
        text="Hallo Anna",
        kind="verify",
        language="nl",
        user_id=user.id,
    )
    db.session.commit()
    mail_id = row.id
    assert queue.huey.pending_count() == 1  # enqueued after the commit, not sent
    assert status_of(app, mail_id) == MailStatus.PENDING

    with WorkerProcess(app, database_url, sqlite_queue, tmp_path) as worker:
        worker.wait_for(lambda: status_of(app, mail_id) == MailStatus.SENT)
    assert "To: anna@utrecht.nl" in worker.mail_log.read_text(encoding="utf-8")
    assert queue.huey.pending_count() == 0


def test_the_worker_refuses_immediate_mode(runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code != 0
    assert "immediate://" in result.output


def asks_for_reset(client, address: str, count_queries) -> tuple[list[str], str, int]:
    """The statements one reset request ran, and the task it left on the queue."""
    with count_queries() as counter:
        response = client.post("/reset", data={"email": address})
    assert response.status_code == 302
    [task] = queue.huey.pending()
    queue.huey.flush()
    return counter.statements, task.name, len(task.args)


def test_a_reset_request_does_the_same_work_for_known_and_unknown_addresses(
    app, client, make_user, sqlite_queue, count_queries
):
    """Nothing is looked up or written in the request: the worker decides what to send."""
    make_user(email="anna@utrecht.nl")
    client.post("/reset", data={"email": "warm@example.nl"})  # the first request warms up
    queue.huey.flush()

    known = asks_for_reset(client, "anna@utrecht.nl", count_queries)
    unknown = asks_for_reset(client, "nobody@utrecht.nl", count_queries)

    assert known == unknown
    statements, task, arguments = known
    assert not [s for s in statements if "user" in s.lower() or "mail_outbox" in s.lower()]
    assert task.endswith("send_account_mail")
    assert arguments == 3  # purpose, address, language


def test_registering_a_new_or_a_known_address_leaves_the_same_task(
    app, client, make_user, sqlite_queue
):
    """The worker, not the request, tells "confirm your address" from "you have an account"."""
    make_user(email="anna@utrecht.nl")
    left = []
    for address in ("anna@utrecht.nl", "nieuw@utrecht.nl"):
        response = client.post(
            "/register",
            data={
                "name": "Anna",
                "email": address,
                "password": PASSWORD,
                "password_confirm": PASSWORD,
            },
        )
        assert response.status_code == 302
        [task] = queue.huey.pending()
        left.append((task.name, task.args[0], len(task.args)))
        queue.huey.execute(queue.huey.dequeue())
        queue.huey.flush()  # the delivery it enqueued: not under test here
    assert left[0] == left[1]
    with Session(db.engine) as session:
        kinds = session.execute(select(MailOutbox.recipient, MailOutbox.kind)).all()
    assert sorted(kinds) == [
        ("anna@utrecht.nl", "already_registered"),
        ("nieuw@utrecht.nl", "verify"),
    ]


def test_the_worker_writes_the_reset_mail_only_for_a_known_address(
    app, client, make_user, sqlite_queue
):
    make_user(email="anna@utrecht.nl")
    for address in ("anna@utrecht.nl", "nobody@utrecht.nl"):
        client.post("/reset?lang=en", data={"email": address})
    assert queue.huey.pending_count() == 2
    with Session(db.engine) as session:
        assert session.scalar(select(MailOutbox.id)) is None  # nothing written by the requests
    for _ask in range(2):
        queue.huey.execute(queue.huey.dequeue())  # as the worker does

    with Session(db.engine) as session:
        rows = session.execute(select(MailOutbox.recipient, MailOutbox.kind, MailOutbox.subject))
        assert rows.all() == [("anna@utrecht.nl", "reset", "Set a new password")]
    assert [task.name.rpartition(".")[2] for task in queue.huey.pending()] == ["deliver_mail"]


def test_a_reset_asked_on_the_site_reaches_a_mail_server_through_a_worker_process(
    app, client, make_user, sqlite_queue, database_url, tmp_path
):
    """The request only enqueues; the worker looks the account up, writes and delivers."""
    make_user(email="anna@utrecht.nl")
    assert client.post("/reset", data={"email": "anna@utrecht.nl"}).status_code == 302
    assert client.post("/reset", data={"email": "nobody@utrecht.nl"}).status_code == 302
    smtp = LocalSMTP(free_port()).start()
    settings = {
        "SITE_URL": "https://innovatieregister.example",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MAIL_USE_TLS": "0",
    }
    try:
        with WorkerProcess(app, database_url, sqlite_queue, tmp_path, **settings) as worker:
            worker.wait_for(lambda: bool(smtp.messages))
    finally:
        smtp.stop()
    # One queue, in order: the unknown address's ask ran before the delivery it preceded.
    [message] = smtp.messages
    assert message["To"] == "anna@utrecht.nl"
    assert message["Subject"] == "Nieuw wachtwoord instellen"
    assert "https://innovatieregister.example/reset/" in message.get_body(("plain",)).get_content()
    assert queue.huey.pending_count() == 0
    with Session(db.engine) as session:
        assert session.scalars(select(MailOutbox.status)).all() == [MailStatus.SENT]
