"""A user's own account: profile, password, e-mail, sessions and two-factor sign-in."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from registry.web.account import two_factor, views  # noqa: E402, F401  (routes attach to bp)
