"""gunicorn's settings: every worker leaves a trace when it dies on a fatal signal."""

from __future__ import annotations

import faulthandler
import gc
import os
import runpy
import subprocess
import sys
from types import SimpleNamespace

from registry import PROJECT_ROOT


def test_each_worker_turns_faulthandler_on(tmp_path, monkeypatch):
    settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    monkeypatch.setattr(gc, "freeze", lambda: None)  # not the test process's objects
    logged = []
    worker = SimpleNamespace(pid=4242, log=SimpleNamespace(info=lambda *a: logged.append(a)))
    with (tmp_path / "error.log").open("w") as error_log:
        monkeypatch.setattr(sys, "stderr", error_log)
        try:
            faulthandler.disable()
            settings["post_worker_init"](worker)
            assert faulthandler.is_enabled()
        finally:
            faulthandler.enable(file=sys.__stderr__, all_threads=True)
    assert logged


def test_a_worker_that_crashes_leaves_its_stack_in_the_error_log():
    crash = (
        "import ctypes, runpy, types\n"
        f"settings = runpy.run_path({str(PROJECT_ROOT / 'gunicorn.conf.py')!r})\n"
        "log = types.SimpleNamespace(info=lambda *a: None)\n"
        "settings['post_worker_init'](types.SimpleNamespace(pid=1, log=log))\n"
        "def serving_a_page():\n"
        "    ctypes.string_at(0)\n"
        "serving_a_page()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", crash], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert "Fatal Python error: Segmentation fault" in result.stderr
    assert "serving_a_page" in result.stderr


def test_each_worker_leaves_the_objects_of_its_start_out_of_full_collections(tmp_path):
    started = (
        "import gc, runpy, types\n"
        f"settings = runpy.run_path({str(PROJECT_ROOT / 'gunicorn.conf.py')!r})\n"
        "from registry import create_app\n"
        "app = create_app({'SECRET_KEY': 'x' * 32, 'TESTING': True})\n"
        "assert gc.get_freeze_count() == 0\n"
        "log = types.SimpleNamespace(info=lambda *a: None)\n"
        "settings['post_worker_init'](types.SimpleNamespace(pid=1, log=log))\n"
        "frozen = gc.get_freeze_count()\n"
        "print(frozen, len(gc.get_objects()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", started],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=str(PROJECT_ROOT),
        env={**os.environ, "REGISTRY_INSTANCE_PATH": str(tmp_path / "instance")},
    )
    assert result.returncode == 0, result.stderr
    frozen, left = map(int, result.stdout.split())
    assert frozen > 50_000  # the app's objects
    assert left < frozen / 10  # what a full collection still walks
