"""Development shows its mail in the console where `make run` runs; `make run` takes PORT=."""

from __future__ import annotations

import logging
import subprocess

import pytest

from registry import create_app, mail
from tests.conftest import ROOT, base_test_config


@pytest.fixture
def development_app(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance"))
    config = {
        **base_test_config(tmp_path),
        "ENV_NAME": "development",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'dev.sqlite'}",
    }
    app = create_app(config)
    yield app
    # Leave the module-wide logger as a testing app would.
    create_app({**config, "ENV_NAME": "testing"})
    logging.getLogger("registry.mail").setLevel(logging.NOTSET)


def test_development_prints_mail_with_its_link_on_stderr(development_app, capsys):
    with development_app.app_context():
        mail.send("nieuw@example.nl", "Bevestig uw e-mailadres", "https://example.nl/verify/abc")
    err = capsys.readouterr().err
    assert "Mail to nieuw@example.nl: Bevestig uw e-mailadres" in err
    assert "https://example.nl/verify/abc" in err


def test_development_logs_mail_on_registry_mail(development_app, caplog):
    with caplog.at_level(logging.INFO, logger="registry.mail"), development_app.app_context():
        mail.send("nieuw@example.nl", "Onderwerp", "Tekst")
    assert [r.name for r in caplog.records] == ["registry.mail"]
    assert "Mail to nieuw@example.nl: Onderwerp" in caplog.records[0].getMessage()


def test_a_second_development_app_prints_each_mail_once(development_app, tmp_path, capsys):
    create_app({**development_app.config, "ENV_NAME": "development"})
    with development_app.app_context():
        mail.send("nieuw@example.nl", "Eén keer", "Tekst")
    assert capsys.readouterr().err.count("Eén keer") == 1


def test_tests_and_production_leave_the_console_alone(app, capsys):
    mail.send("nieuw@example.nl", "Stil", "Tekst")
    assert "Stil" not in capsys.readouterr().err


def make_run_commands(*args: str) -> str:
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_serves_on_port_5000_by_default():
    assert "registry run --host 127.0.0.1 --port 5000" in make_run_commands()


def test_make_run_accepts_another_port():
    assert "registry run --host 127.0.0.1 --port 8123" in make_run_commands("PORT=8123")
