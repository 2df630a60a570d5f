"""Reuse: rating pilots on the rubric, reporting adoptions, and the rubric's admin pages.

The pilot and organisation views build their reuse sections with panels.py;
templates get `reuse_labels`, the translated status labels.
"""

from flask import Blueprint

bp = Blueprint("reuse", __name__)


from registry.web.reuse import labels, rubric_views, views  # noqa: E402, F401

# Flask types template globals as functions; a module of label tables serves as well.
bp.add_app_template_global(labels, "reuse_labels")  # type: ignore[arg-type]
