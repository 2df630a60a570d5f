"""Reuse: rating pilots on the rubric, reporting adoptions, and the rubric's admin pages."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("reuse", __name__)


@bp.record_once
def configure(state: BlueprintSetupState) -> None:
    """The score's prior (see registry.services.scores), unless the configuration sets it."""
    state.app.config.setdefault("SCORE_PRIOR_MEAN", 3.0)
    state.app.config.setdefault("SCORE_PRIOR_WEIGHT", 2)


from registry.web.reuse import panels, rubric_views, views  # noqa: E402, F401  (attach to bp)


def _register_template_globals() -> None:
    from registry.web.reuse import labels

    bp.add_app_template_global(labels, "reuse_labels")


_register_template_globals()
