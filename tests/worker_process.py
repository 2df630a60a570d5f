"""A real `registry worker` process on the test's database and task queue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

REGISTRY = Path(sys.executable).with_name("registry")


class WorkerProcess:
    """`with WorkerProcess(...) as worker: worker.wait_for(...)`; stopped by Ctrl-C at the
    end, which must end it cleanly. Mail goes to a log file unless `settings` name a server."""

    def __init__(
        self, app, database_url: str, queue_url: str, folder: Path, **settings: str
    ) -> None:
        self.environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "TASK_QUEUE_URL": queue_url,
            "REGISTRY_INSTANCE_PATH": str(folder / "worker-instance"),
            "SEARCH_INDEX_DIR": str(folder / "search-index"),
            "MAIL_LOG_FILE": str(folder / "worker-mail.log"),
            "SECRET_KEY": app.config["SECRET_KEY"],
            **settings,
        }
        if "MAIL_SERVER" not in settings:
            self.environment.pop("MAIL_SERVER", None)
        self.mail_log = folder / "worker-mail.log"
        self.output = ""

    def __enter__(self) -> WorkerProcess:
        self.process = subprocess.Popen(
            [str(REGISTRY), "worker", "--workers", "1", "--no-periodic"],
            env=self.environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return self

    def wait_for(self, done: Callable[[], bool], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not done() and time.monotonic() < deadline:
            assert self.process.poll() is None, self.process.stdout.read()
            time.sleep(0.2)
        assert done(), "the worker did not finish in time"

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.process.send_signal(signal.SIGINT)  # Ctrl-C: finish running tasks, then stop
        self.output, _ = self.process.communicate(timeout=30)
        if kind is None:
            assert self.process.returncode == 0, self.output
