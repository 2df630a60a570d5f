"""Local mail servers for the delivery tests: aiosmtpd, and one that hangs up at once."""

from __future__ import annotations

import asyncio
import socket
import socketserver
import threading
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler:
    """Accepts (or refuses, or stalls on) every message."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.reply: str | None = None
        self.delay = 0.0
        # A pause before answering RCPT, where a killed client leaves nothing accepted.
        self.recipient_delay = 0.0
        self.recipients_started = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        self.recipients_started += 1
        if self.recipient_delay:
            await asyncio.sleep(self.recipient_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.reply:
            return self.reply
        self.recipients.append(list(envelope.rcpt_tos))
        self.messages.append(message_from_bytes(envelope.original_content, policy=default))
        return "250 Message accepted for delivery"


class LocalSMTP:
    """An aiosmtpd server on a fixed port that a test starts and stops."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = Handler()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def start(self) -> LocalSMTP:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class _HangUp(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.close()


class _ReusableServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class HangingUpServer:
    """Accepts a connection and closes it before the greeting."""

    def __init__(self, port: int) -> None:
        self.server = _ReusableServer(("127.0.0.1", port), _HangUp)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> HangingUpServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
