"""Settings for serving the site with gunicorn, read from the project root.

`gunicorn wsgi:app` started in this folder reads this file by itself
(elsewhere: `gunicorn -c /path/to/gunicorn.conf.py wsgi:app`). Workers,
binding and timeouts stay on the command line, where operators expect them.
"""

from __future__ import annotations

import faulthandler
import gc
import sys
from typing import Any


def post_worker_init(worker: Any) -> None:
    """A worker that dies on a fatal signal leaves the Python stack of every thread behind.

    SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT (which gunicorn sends a worker
    that exceeded its timeout) make faulthandler write each thread's stack to
    stderr, which gunicorn passes to its error log, before the worker exits.
    """
    faulthandler.enable(file=sys.stderr, all_threads=True)
    worker.log.info("faulthandler enabled in worker %s", worker.pid)
    freeze_startup_objects()


def freeze_startup_objects() -> None:
    """The objects the worker made loading the app live as long as it does: the
    cyclic garbage collector need not walk them again.

    Some 200,000 of them (the URL map, the mappers, the templates, the
    translations): each full collection walked them all, 175 ms in the middle
    of whichever request set it off.
    """
    gc.collect()
    gc.freeze()
