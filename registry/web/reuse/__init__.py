"""Reuse: rating pilots on the rubric, reporting adoptions, and the rubric's admin pages.

Templates get `reuse_panel(project)` and `organisation_reuse(organisation)`
(see panels.py) and `reuse_labels`, the translated status labels.
"""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("reuse", __name__)


@bp.record_once
def configure(state: BlueprintSetupState) -> None:
    """The score's prior (see registry.services.scores), unless the configuration sets it."""
    state.app.config.setdefault("SCORE_PRIOR_MEAN", 3.0)
    state.app.config.setdefault("SCORE_PRIOR_WEIGHT", 2)


from registry.web.reuse import labels, panels, rubric_views, views  # noqa: E402, F401

bp.add_app_template_global(labels, "reuse_labels")
