"""Read the mail the site "sent" without a mail server: MAIL_LOG_FILE, parsed back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

SEPARATOR = "-" * 72 + "\n"
LINK = re.compile(r"https?://\S+")


@dataclass
class Message:
    to: str
    subject: str
    body: str

    @property
    def links(self) -> list[str]:
        return LINK.findall(self.body)

    def link_path(self, fragment: str) -> str:
        """The path of the first link containing `fragment`, ready for the test client."""
        link = next(link for link in self.links if fragment in link)
        return "/" + link.split("/", 3)[3]


class Mailbox:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def messages(self) -> list[Message]:
        if not self.path.exists():
            return []
        messages = []
        for entry in self.path.read_text(encoding="utf-8").split(SEPARATOR):
            if not entry.strip():
                continue
            head, _, body = entry.partition("\n\n")
            headers = dict(line.split(": ", 1) for line in head.splitlines())
            messages.append(Message(headers["To"], headers["Subject"], body))
        return messages

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m.to == address]


def open_mailbox(app: Flask, tmp_path: Path) -> Mailbox:
    """Point the app's mail log at a fresh file and read it back."""
    path = tmp_path / "mail.log"
    app.config["MAIL_LOG_FILE"] = str(path)
    app.config["MAIL_SERVER"] = ""
    return Mailbox(path)
