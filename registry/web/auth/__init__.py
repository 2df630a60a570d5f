"""Accounts: register, verify, sign in and out, reset a password."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from registry.web.auth import views  # noqa: E402, F401  (routes attach to bp)
