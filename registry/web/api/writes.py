"""Writing with a personal API token: the same services, and so the same rules, as the web.

Each view checks the token's scope (`auth.caller`), turns the JSON into the
plain values the service takes, calls it, commits once, and answers with
the new state. Who may edit, publish, rate, adopt or nominate, what a valid
pilot is, and when an edit comes too late are the services' to say.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, request, url_for
from werkzeug.exceptions import PreconditionFailed, PreconditionRequired

from registry.extensions import db
from registry.models import Project, TokenScope
from registry.services import adoptions, catalogue, nominations, projects, ratings
from registry.services.adoptions import AdoptionData
from registry.services.errors import Conflict, Invalid
from registry.services.projects import SCALAR_FIELDS, IndicatorData, ProjectData
from registry.translation import lazy_gettext as _l
from registry.web.api import auth, bp, conventions, problems, represent, schemas

WRITE: dict[str, Any] = {"security": [{"token": []}]}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "De ETag van uw versie (uit GET) / the ETag of your version",
    "schema": {"type": "string"},
}
_VERSION_TAG = re.compile(r"([0-9]{1,12})-[0-9a-f]+")
ETAG = {
    "ETag": {
        "description": "Voor de volgende If-Match / for the next If-Match",
        "schema": {"type": "string"},
    }
}
CREATED = {
    **ETAG,
    "Location": {"description": "GET-adres / GET address", "schema": {"type": "string"}},
}
STALE = _l("De pilot is gewijzigd sinds uw versie. Haal hem opnieuw op en probeer het nog eens.")


@bp.errorhandler(Invalid)
def _invalid(err: Invalid) -> Response:
    db.session.rollback()
    errors = {err.field: [str(err.reason)]} if err.field else None
    return problems.response(422, err.reason, errors=errors)


def _detail(project: Project) -> dict[str, Any]:
    conventions.etag_version(project.version)
    return represent.project_detail(
        project, adoptions.of_project(project), catalogue.for_project(project)
    )


def version_from_if_match() -> int:
    """The version named by `If-Match` (an ETag of GET /projects/{slug}); 428 without one."""
    if "If-Match" not in request.headers:
        raise PreconditionRequired()
    for tag in request.if_match.as_set():
        found = _VERSION_TAG.fullmatch(tag) if isinstance(tag, str) else None
        if found:
            return int(found.group(1))
    raise PreconditionFailed(str(STALE))


def _project_data(project: Project) -> dict[str, Any]:
    """The pilot's stored values as `ProjectData` takes them: the base a PATCH changes."""
    return {
        **{name: getattr(project, name) for name in SCALAR_FIELDS},
        "themes": project.themes,
        "tags": project.tags,
        "partners": [org.code for org in project.partners],
        "indicators": [
            IndicatorData(i.name, i.unit, i.baseline, i.target, i.result)
            for i in project.indicators
        ],
    }


def _with_indicators(values: dict[str, Any]) -> dict[str, Any]:
    if "indicators" in values:
        values = {**values, "indicators": [IndicatorData(**i) for i in values["indicators"]]}
    return values


# --- Pilots -----------------------------------------------------------------------------


@bp.route("/projects", methods=["POST"])
@bp.arguments(schemas.ProjectInput)
@bp.response(201, schemas.ProjectDetail, headers=CREATED)
@bp.doc(**WRITE)
def create_project(values: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Een pilot registreren (als concept) / register a pilot (as a draft)

    Bevoegdheid `projects:write`. De pilot hoort bij de organisatie van de
    sleutelhouder en is een concept tot hij wordt gepubliceerd.
    """
    user = auth.caller(TokenScope.PROJECTS_WRITE)
    project = projects.create(user, ProjectData(**_with_indicators(values)))
    db.session.commit()
    location = url_for("api.get_project", slug=project.slug)
    return _detail(project), 201, {"Location": location}


@bp.route("/projects/<text:slug>", methods=["PATCH"])
@bp.arguments(schemas.ProjectChanges(partial=True))
@bp.response(200, schemas.ProjectDetail, headers=ETAG)
@bp.alt_response(412, response="PRECONDITION_FAILED")
@bp.alt_response(428, response="PRECONDITION_REQUIRED")
@bp.doc(parameters=[IF_MATCH], **WRITE)
def edit_project(values: dict[str, Any], slug: str) -> dict[str, Any]:
    """Een eigen pilot bewerken / edit an own pilot

    Bevoegdheid `projects:write`. Stuur alleen de velden die veranderen, met
    de ETag van uw versie in `If-Match`; is de pilot intussen gewijzigd, dan
    volgt 412 en is er niets opgeslagen.
    """
    user = auth.caller(TokenScope.PROJECTS_WRITE)
    project = projects.get_editable(slug, user)
    version = version_from_if_match()
    data = ProjectData(**{**_project_data(project), **_with_indicators(values)})
    try:
        projects.update(project, user, data, version)
    except Conflict as err:
        db.session.rollback()
        raise PreconditionFailed(str(err.reason)) from err
    db.session.commit()
    return _detail(project)


@bp.route("/projects/<text:slug>/publish", methods=["POST"])
@bp.response(200, schemas.ProjectDetail, headers=ETAG)
@bp.doc(**WRITE)
def publish_project(slug: str) -> dict[str, Any]:
    """Een eigen pilot publiceren / publish an own pilot

    Bevoegdheid `projects:write`. Een gepubliceerde pilot nogmaals publiceren verandert niets.
    """
    user = auth.caller(TokenScope.PROJECTS_WRITE)
    project = projects.get_editable(slug, user)
    projects.publish(project, user)
    db.session.commit()
    return _detail(project)


# --- Reuse ------------------------------------------------------------------------------


@bp.route("/projects/<text:slug>/rating", methods=["PUT"])
@bp.arguments(schemas.RatingInput)
@bp.response(200, schemas.Rating)
@bp.doc(**WRITE)
def rate_project(values: dict[str, Any], slug: str) -> dict[str, Any]:
    """Uw beoordeling geven of vervangen / give or replace your rating

    Bevoegdheid `reuse:write`. Scores per criterium (zie /rubric) van 1 tot 5,
    of null voor ‘weet ik niet’. Eén stem per organisatie telt in de score.
    """
    user = auth.caller(TokenScope.REUSE_WRITE)
    project = projects.get_visible(slug, user)
    rating = ratings.submit(project, user, values["scores"], values["comment"])
    db.session.commit()
    return represent.rating(rating)


@bp.route("/projects/<text:slug>/rating", methods=["DELETE"])
@bp.response(204)
@bp.doc(**WRITE)
def withdraw_rating(slug: str) -> tuple[str, int]:
    """Uw beoordeling intrekken / withdraw your rating

    Bevoegdheid `reuse:write`.
    """
    user = auth.caller(TokenScope.REUSE_WRITE)
    project = projects.get_visible(slug, user)
    ratings.withdraw(project, user)
    db.session.commit()
    return "", 204


@bp.route("/projects/<text:slug>/adoption", methods=["PUT"])
@bp.arguments(schemas.AdoptionInput)
@bp.response(200, schemas.AdoptionOutput)
@bp.doc(**WRITE)
def adopt_project(values: dict[str, Any], slug: str) -> dict[str, Any]:
    """Hergebruik door uw organisatie melden / report your organisation's reuse

    Bevoegdheid `reuse:write`.
    """
    user = auth.caller(TokenScope.REUSE_WRITE)
    project = projects.get_visible(slug, user)
    adoption = adoptions.declare(project, user, AdoptionData(**values))
    db.session.commit()
    return represent.adoption(adoption)


@bp.route("/projects/<text:slug>/nominations", methods=["POST"])
@bp.arguments(schemas.NominationInput)
@bp.response(201, schemas.NominationOutput)
@bp.doc(**WRITE)
def nominate_project(values: dict[str, Any], slug: str) -> tuple[dict[str, Any], int]:
    """Een pilot voordragen voor de catalogus / nominate a pilot for the catalogue

    Bevoegdheid `reuse:write`.
    """
    user = auth.caller(TokenScope.REUSE_WRITE)
    project = projects.get_visible(slug, user)
    nomination = nominations.nominate(project, user, values["motivation"])
    db.session.commit()
    return represent.nomination(nomination), 201
