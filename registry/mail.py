"""Outgoing mail: SMTP when a server is configured, else the log (and a file).

Without MAIL_SERVER a development or demo site still works end to end: the
message, with its link, is logged on "registry.mail" and appended to
MAIL_LOG_FILE when that is set. In development that log is printed on stderr,
the console where `make run` runs.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app

logger = logging.getLogger("registry.mail")

SMTP_TIMEOUT_SECONDS = 15


class ConsoleHandler(logging.StreamHandler):
    """Development's mail on stderr, set up by `init_app`.

    Writes to the stderr of the moment, not the one at start-up: the
    reloader, test capture or a debugger may replace it in between.
    """

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def init_app(app: Flask) -> None:
    """Print logged mail on stderr in development; elsewhere the operator's logging decides.

    The logger is module-wide while apps come and go (one per test), so each
    app replaces the handler of the one before instead of adding another.
    """
    for handler in [h for h in logger.handlers if isinstance(h, ConsoleHandler)]:
        logger.removeHandler(handler)
    if app.config["ENV_NAME"] != "development":
        return
    handler = ConsoleHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def send(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message; False when the mail server refused or was unreachable.

    A failed delivery is logged rather than raised: the action that caused the
    mail is already committed, and the user can ask for a new link.
    """
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        _write_to_log(to, subject, body, config.get("MAIL_LOG_FILE") or "")
        return True
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="innovatieregister")
    message.set_content(body)
    try:
        _deliver(config, message)
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send mail %r to %s", subject, to)
        return False
    return True


def _deliver(config: dict, message: EmailMessage) -> None:
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    if port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
    with smtp:
        if port != 465 and config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def _write_to_log(to: str, subject: str, body: str, log_file: str) -> None:
    logger.info("Mail to %s: %s\n%s", to, subject, body)
    if log_file:
        entry = f"To: {to}\nSubject: {subject}\nDate: {formatdate()}\n\n{body}\n{'-' * 72}\n"
        with Path(log_file).open("a", encoding="utf-8") as handle:
            handle.write(entry)
