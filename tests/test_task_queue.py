"""The task queue for real: a `registry worker` process, and the reset request's timing."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry import mail_outbox
from registry import tasks as queue
from registry.extensions import db
from registry.models import MailOutbox, MailStatus
from tests.smtp_servers import LocalSMTP, free_port

REGISTRY = Path(sys.executable).with_name("registry")


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

    mail_log = tmp_path / "worker-mail.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TASK_QUEUE_URL": sqlite_queue,
        "REGISTRY_INSTANCE_PATH": str(tmp_path / "worker-instance"),
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "MAIL_LOG_FILE": str(mail_log),
        "SECRET_KEY": app.config["SECRET_KEY"],
    }
    environment.pop("MAIL_SERVER", None)
    worker = subprocess.Popen(
        [str(REGISTRY), "worker", "--workers", "1", "--no-periodic"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while status_of(app, mail_id) != MailStatus.SENT and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.2)
        assert status_of(app, mail_id) == MailStatus.SENT
    finally:
        worker.send_signal(signal.SIGINT)  # Ctrl-C: finish running tasks, then stop
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output
    assert "To: anna@utrecht.nl" in mail_log.read_text(encoding="utf-8")
    assert queue.huey.pending_count() == 0


def test_the_worker_refuses_immediate_mode(runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code != 0
    assert "immediate://" in result.output


def test_a_reset_request_takes_the_same_time_for_known_and_unknown_addresses(
    app, client, make_user, sqlite_queue
):
    """No mail server in the request: a slow one cannot tell which addresses exist."""
    smtp = LocalSMTP(free_port())
    smtp.handler.delay = 1.0
    smtp.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_USE_TLS=False)
    # Timing, not throttling, is measured here: let every request ask for its mail.
    app.config.update(MAIL_LIMIT_PER_ACCOUNT="100 per hour", MAIL_LIMIT_PER_ADDRESS="100 per hour")
    try:
        make_user(email="anna@utrecht.nl")
        client.post("/reset", data={"email": "warm@example.nl"})  # first request warms up
        timings: dict[str, list[float]] = {"anna@utrecht.nl": [], "nobody@utrecht.nl": []}
        for _round in range(5):
            for address, spent in timings.items():
                start = time.perf_counter()
                response = client.post("/reset", data={"email": address})
                spent.append(time.perf_counter() - start)
                assert response.status_code == 302
        known = statistics.median(timings["anna@utrecht.nl"])
        unknown = statistics.median(timings["nobody@utrecht.nl"])
        assert known < 0.5, timings  # the server's 1 s delay is nowhere in the request
        assert abs(known - unknown) < 0.1, timings
        assert smtp.messages == []
        assert queue.huey.pending_count() == 5
    finally:
        smtp.stop()
