"""Outgoing mail transport: SMTP when a server is configured, else the log (and a file).

Nothing here is called during a request: mail is written to the outbox with
the change that caused it and handed to this module by the worker
(`registry.mail_delivery`). Without MAIL_SERVER a development or demo site
still works end to end: the message, with its link, is logged on
"registry.mail" and appended to MAIL_LOG_FILE when that is set. In
development that log is printed on stderr, the console where `make run`
runs the site and the worker.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Outgoing:
    to: str
    subject: str
    text: str
    html: str = ""
    language: str = "nl"
    unsubscribe_url: str | None = None


def build(config: Mapping[str, Any], outgoing: Outgoing) -> EmailMessage:
    """The MIME message: plain text, and an HTML alternative when there is one."""
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = outgoing.to
    message["Subject"] = outgoing.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="innovatieregister")
    if outgoing.unsubscribe_url:
        # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this URL.
        message["List-Unsubscribe"] = f"<{outgoing.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    else:
        # Account and security mail: no unsubscribe, and no auto-replies to it.
        message["Auto-Submitted"] = "auto-generated"
    message.set_content(outgoing.text)
    if outgoing.html:
        message.add_alternative(outgoing.html, subtype="html")
    # After the content: setting the content drops the Content-* headers set before it.
    message["Content-Language"] = outgoing.language
    return message


def transmit(outgoing: Outgoing, config: Mapping[str, Any] | None = None) -> None:
    """Hand one message to the mail server; raises OSError or SMTPException when it fails."""
    config = config if config is not None else current_app.config
    if not config.get("MAIL_SERVER"):
        _write_to_log(outgoing, config.get("MAIL_LOG_FILE") or "")
        return
    _deliver(config, build(config, outgoing))


def send(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message now; False when the mail server refused or was unreachable."""
    try:
        transmit(Outgoing(to, subject, body))
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send mail %r to %s", subject, to)
        return False
    return True


def _deliver(config: Mapping[str, Any], message: EmailMessage) -> None:
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = float(config.get("MAIL_TIMEOUT_SECONDS") or SMTP_TIMEOUT_SECONDS)
    if port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if port != 465 and config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def _write_to_log(outgoing: Outgoing, log_file: str) -> None:
    logger.info("Mail to %s: %s\n%s", outgoing.to, outgoing.subject, outgoing.text)
    if log_file:
        entry = (
            f"To: {outgoing.to}\nSubject: {outgoing.subject}\nDate: {formatdate()}\n\n"
            f"{outgoing.text}\n{'-' * 72}\n"
        )
        with Path(log_file).open("a", encoding="utf-8") as handle:
            handle.write(entry)
