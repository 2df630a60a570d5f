"""Accounts: register, verify, sign in and out, reset a password."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from registry.web.auth import second_factor, views  # noqa: E402, F401  (routes attach to bp)
