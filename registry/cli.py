"""The `registry` command: Flask's CLI for this app, plus the operators' commands."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def main() -> None:
    from registry import create_app

    FlaskGroup(create_app=create_app, help="Het Innovatieregister beheren.")()


def init_app(app: Flask) -> None:
    from registry.commands import (
        api_tokens,
        demo,
        housekeeping,
        mail,
        municipalities,
        notifications,
        search,
        users,
        worker,
    )

    for module in (
        municipalities,
        users,
        api_tokens,
        demo,
        search,
        mail,
        notifications,
        worker,
        housekeeping,
    ):
        for command in module.COMMANDS:
            app.cli.add_command(command)
