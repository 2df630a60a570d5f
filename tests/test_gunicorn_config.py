"""gunicorn's settings: every worker leaves a trace when it dies on a fatal signal."""

from __future__ import annotations

import faulthandler
import runpy
import subprocess
import sys
from types import SimpleNamespace

from registry import PROJECT_ROOT


def test_each_worker_turns_faulthandler_on(tmp_path, monkeypatch):
    settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
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
