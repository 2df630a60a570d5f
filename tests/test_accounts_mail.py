"""Outgoing mail: to a real SMTP conversation when configured, else to the log."""

from __future__ import annotations

import logging
import socket
import socketserver
import threading
from email import message_from_bytes
from email.policy import default

import pytest

from registry import mail


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: greet, accept one or more messages, quit."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 test ESMTP")
        while line := self.rfile.readline().decode():
            command = line.strip().upper()
            if command.startswith("EHLO"):
                self.reply("250-test")
                self.reply("250 AUTH PLAIN")
            elif command.startswith("AUTH PLAIN"):
                self.server.auth.append(line.strip())
                self.reply("235 ok")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.server.envelope.append(line.strip())
                self.reply("250 ok")
            elif command == "DATA":
                self.reply("354 go on")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data)
                self.server.messages.append(b"".join(lines))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 no")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.messages, server.envelope, server.auth = [], [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_mail_goes_out_over_smtp_when_a_server_is_configured(app, smtp_server, tmp_path):
    host, port = smtp_server.server_address
    app.config.update(
        MAIL_SERVER=host,
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_USERNAME="registry",
        MAIL_PASSWORD="geheim",
        MAIL_LOG_FILE=str(tmp_path / "mail.log"),
    )
    body = "Klik op https://example.nl/verify/abc om te bevestigen. Één keer."
    assert mail.send("anna@utrecht.nl", "Bevestig uw e-mailadres", body) is True
    [raw] = smtp_server.messages
    message = message_from_bytes(raw, policy=default)
    assert message["To"] == "anna@utrecht.nl"
    assert message["Subject"] == "Bevestig uw e-mailadres"
    assert "noreply@innovatieregister.nl" in message["From"]
    assert message.get_content().strip() == body
    assert "rcpt TO:<anna@utrecht.nl>" in smtp_server.envelope
    assert smtp_server.auth, "credentials were not sent"
    assert not (tmp_path / "mail.log").exists()


def test_an_unreachable_mail_server_is_logged_not_raised(app, caplog):
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    with caplog.at_level(logging.ERROR, logger="registry.mail"):
        assert mail.send("anna@utrecht.nl", "Onderwerp", "Tekst") is False
    assert "Could not send mail" in caplog.text


def test_without_a_server_mail_is_logged_with_its_link(app, caplog):
    app.config.update(MAIL_SERVER="", MAIL_LOG_FILE="")
    with caplog.at_level(logging.INFO, logger="registry.mail"):
        mail.send("anna@utrecht.nl", "Nieuw wachtwoord", "Ga naar https://example.nl/reset/xyz")
    [record] = [r for r in caplog.records if r.name == "registry.mail"]
    assert record.levelno == logging.INFO
    assert "anna@utrecht.nl" in record.getMessage()
    assert "https://example.nl/reset/xyz" in record.getMessage()


def test_without_a_server_mail_is_appended_to_the_mail_log_file(app, tmp_path):
    log_file = tmp_path / "mail.log"
    app.config.update(MAIL_SERVER="", MAIL_LOG_FILE=str(log_file))
    mail.send("a@utrecht.nl", "Eerste", "https://example.nl/1")
    mail.send("b@utrecht.nl", "Tweede", "https://example.nl/2 — één")
    text = log_file.read_text(encoding="utf-8")
    assert text.index("To: a@utrecht.nl") < text.index("To: b@utrecht.nl")
    assert "https://example.nl/2 — één" in text
