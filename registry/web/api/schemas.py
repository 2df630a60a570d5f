"""The shapes of the API's JSON, from which the OpenAPI document is generated.

Output schemas describe the plain dicts of `represent.py`; input schemas
only check types and shapes. Every rule about the values themselves (which
themes exist, how long a title may be, who may rate) stays in the services,
which answer with `Invalid` at the field concerned.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from registry.models import AdoptionStatus, CatalogueStatus
from registry.models.vocab import THEMES, CommonGroundLayer, Phase
from registry.search import interface as search
from registry.services import catalogue
from registry.services import projects as project_service
from registry.translation import lazy_gettext as _l
from registry.web.api.fields import NO_CONTROL, Number, Text, Whole

MAX_PER_PAGE = 100


def query_text(**kwargs: Any) -> fields.String:
    """A text in the query string; the document says which characters the guard refuses."""
    metadata = {"pattern": NO_CONTROL, **kwargs.pop("metadata", {})}
    return fields.String(metadata=metadata, **kwargs)


# Validators that speak the request's language (a lazy string is formatted when it fails).
def between(low: float, high: float) -> validate.Range:
    return validate.Range(min=low, max=high, error=_l("Kies een getal van {min} tot {max}."))


def one_of(choices: Any) -> validate.OneOf:
    return validate.OneOf(choices, error=_l("Kies een van: {choices}."))


def at_most(length: int) -> validate.Length:
    return validate.Length(max=length, error=_l("Hoogstens {max} tekens."))


PHASES = [str(p) for p in Phase]
LAYERS = [str(layer) for layer in CommonGroundLayer]


# --- Common -----------------------------------------------------------------------------


class Problem(Schema):
    """An error (RFC 9457), with the message in the request's language."""

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Per veld de fouten / per field its errors"},
    )
    error_id = fields.String()


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=between(1, 10_000), metadata={"example": 1})
    per_page = fields.Integer(
        load_default=20, validate=between(1, MAX_PER_PAGE), metadata={"example": 20}
    )


class Paged(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class OrganisationRef(Schema):
    code = fields.String(required=True, metadata={"example": "GM0344"})
    name = fields.String(required=True)
    tooi_uri = fields.String(allow_none=True, required=True)


# --- Pilots -----------------------------------------------------------------------------


class ProjectListArgs(PageArgs):
    theme = query_text(validate=one_of(THEMES))
    phase = query_text(validate=one_of(PHASES))
    organisation = query_text(
        validate=at_most(20), metadata={"description": "Organisatiecode, bijv. GM0344"}
    )
    province = query_text(validate=at_most(100))
    min_score = fields.Float(validate=between(0, 5))
    sort = query_text(load_default="newest", validate=one_of(project_service.SORTS))


class ProjectSummary(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    phase = fields.String(required=True, metadata={"enum": PHASES})
    themes = fields.List(fields.String(), required=True)
    common_ground_layer = fields.String(allow_none=True, required=True)
    owner = fields.Nested(OrganisationRef, required=True)
    published_at = fields.AwareDateTime(allow_none=True, required=True)
    score = fields.Float(allow_none=True, required=True)
    rating_organisations = fields.Integer(required=True)
    adopters = fields.Integer(required=True)


class ProjectPage(Paged):
    items = fields.List(fields.Nested(ProjectSummary), required=True)


class Indicator(Schema):
    name = fields.String(required=True)
    unit = fields.String(required=True)
    baseline = fields.Float(allow_none=True, required=True)
    target = fields.Float(allow_none=True, required=True)
    result = fields.Float(allow_none=True, required=True)


class CriterionScore(Schema):
    code = fields.String(required=True)
    organisations = fields.Integer(required=True)
    score = fields.Float(required=True)


class Score(Schema):
    score = fields.Float(allow_none=True, required=True)
    organisations = fields.Integer(required=True)
    criteria = fields.List(fields.Nested(CriterionScore), required=True)


class Adopter(Schema):
    organisation = fields.Nested(OrganisationRef, required=True)
    status = fields.String(required=True, metadata={"enum": [str(s) for s in AdoptionStatus]})
    updated_at = fields.AwareDateTime(required=True)


class CatalogueRef(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True)


class ProjectDetail(ProjectSummary):
    problem = fields.String(required=True)
    approach = fields.String(required=True)
    results = fields.String(required=True)
    lessons = fields.String(required=True)
    tags = fields.List(fields.String(), required=True)
    partners = fields.List(fields.Nested(OrganisationRef), required=True)
    start_date = fields.Date(allow_none=True, required=True)
    end_date = fields.Date(allow_none=True, required=True)
    budget_euros = fields.Integer(allow_none=True, required=True)
    funding_source = fields.String(required=True)
    website_url = fields.String(required=True)
    repository_url = fields.String(required=True)
    documentation_url = fields.String(required=True)
    licence = fields.String(required=True)
    indicators = fields.List(fields.Nested(Indicator), required=True)
    reusability = fields.Nested(Score, required=True)
    adopted_by = fields.List(fields.Nested(Adopter), required=True)
    catalogue = fields.Nested(CatalogueRef, allow_none=True, required=True)
    published = fields.Boolean(required=True)
    updated_at = fields.AwareDateTime(required=True)
    version = fields.Integer(required=True)


class Event(Schema):
    verb = fields.String(required=True, metadata={"example": "published"})
    at = fields.AwareDateTime(required=True)
    organisation = fields.Nested(OrganisationRef, allow_none=True, required=True)
    fields_changed = fields.List(fields.String(), required=True)


class EventPage(Paged):
    items = fields.List(fields.Nested(Event), required=True)


class Post(Schema):
    """A question or answer; a hidden post keeps its place, not its text."""

    id = fields.Integer(required=True)
    at = fields.AwareDateTime(required=True)
    organisation = fields.Nested(OrganisationRef, allow_none=True, required=True)
    body = fields.String(allow_none=True, required=True)
    hidden = fields.Boolean(required=True)
    hidden_by = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "curator | owner"},
    )
    hidden_reason = fields.String(allow_none=True, required=True)


class Answer(Post):
    helpful = fields.Boolean(required=True)


class Question(Post):
    answers = fields.List(fields.Nested(Answer), required=True)


class QuestionPage(Paged):
    items = fields.List(fields.Nested(Question), required=True)


# --- Organisations ----------------------------------------------------------------------


class OrganisationListArgs(PageArgs):
    q = query_text(load_default="", validate=at_most(100))
    province = query_text(load_default="", validate=at_most(100))


class Organisation(OrganisationRef):
    kind = fields.String(required=True)
    province = fields.String(allow_none=True, required=True)
    active = fields.Boolean(required=True)


class OrganisationListItem(Organisation):
    pilots_owned = fields.Integer(required=True)
    pilots_partnered = fields.Integer(required=True)


class OrganisationPage(Paged):
    items = fields.List(fields.Nested(OrganisationListItem), required=True)


class Adoption(Schema):
    project = fields.Nested(lambda: ProjectRef(), required=True)
    status = fields.String(required=True)
    updated_at = fields.AwareDateTime(required=True)


class ProjectRef(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)


class OrganisationDetail(Organisation):
    pilots = fields.List(fields.Nested(ProjectSummary), required=True)
    partner_in = fields.List(fields.Nested(ProjectSummary), required=True)
    adoptions = fields.List(fields.Nested(Adoption), required=True)


# --- The catalogue and the rubric -------------------------------------------------------


class CatalogueListArgs(PageArgs):
    theme = query_text(validate=one_of(THEMES))
    layer = query_text(validate=one_of(LAYERS))
    status = query_text(validate=one_of([str(s) for s in CatalogueStatus]))
    sort = query_text(load_default="adopters", validate=one_of(catalogue.SORTS))


class CatalogueSummary(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True)
    version = fields.String(required=True)
    standard_since = fields.Date(required=True)
    themes = fields.List(fields.String(), required=True)
    common_ground_layer = fields.String(allow_none=True, required=True)
    maintainer = fields.Nested(OrganisationRef, required=True)


class CataloguePage(Paged):
    items = fields.List(fields.Nested(CatalogueSummary), required=True)


class ChecklistItem(Schema):
    key = fields.String(required=True)
    met = fields.Boolean(required=True)
    actual = fields.Raw(allow_none=True)
    required = fields.Raw(allow_none=True)


class Promotion(Schema):
    nominated_at = fields.AwareDateTime(required=True)
    decided_at = fields.AwareDateTime(allow_none=True, required=True)
    decision = fields.String(allow_none=True, required=True)
    rationale = fields.String(required=True)
    override = fields.Boolean(required=True)
    checklist = fields.List(fields.Nested(ChecklistItem), required=True)


class CatalogueDetail(CatalogueSummary):
    description = fields.String(required=True)
    licence = fields.String(required=True)
    status_reason = fields.String(required=True)
    status_changed_at = fields.AwareDateTime(allow_none=True, required=True)
    successor = fields.String(allow_none=True, required=True)
    origin_project = fields.Nested(ProjectRef, allow_none=True, required=True)
    promotion = fields.Nested(Promotion, allow_none=True, required=True)
    adopters = fields.List(fields.Nested(OrganisationRef), required=True)


class Criterion(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    question = fields.String(required=True)
    guidance = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class Rubric(Schema):
    criteria = fields.List(fields.Nested(Criterion), required=True)


# --- Search -----------------------------------------------------------------------------


class SearchArgs(Schema):
    q = query_text(load_default="", validate=at_most(search.MAX_QUERY_LENGTH))
    sort = query_text(load_default="relevance", validate=one_of(search.SORTS))
    page = fields.Integer(load_default=1, validate=between(1, search.MAX_PAGE))
    per_page = fields.Integer(load_default=20, validate=between(1, MAX_PER_PAGE))
    theme = query_text(validate=at_most(100))
    phase = query_text(validate=at_most(100))
    province = query_text(validate=at_most(100))
    organisation = query_text(validate=at_most(100))
    layer = query_text(validate=at_most(100))
    catalogue = query_text(validate=at_most(100))


class SearchHit(Schema):
    kind = fields.String(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    owner_name = fields.String(required=True)
    phase = fields.String(required=True)
    score = fields.Float(allow_none=True, required=True)
    adopters = fields.Integer(required=True)
    published_at = fields.AwareDateTime(allow_none=True, required=True)


class FacetValue(Schema):
    value = fields.String(required=True)
    count = fields.Integer(required=True)


class SearchPage(Paged):
    query = fields.String(required=True)
    items = fields.List(fields.Nested(SearchHit), required=True)
    facets = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(FacetValue)), required=True
    )
    suggestion = fields.String(allow_none=True, required=True)


# --- Writes -----------------------------------------------------------------------------


class IndicatorInput(Schema):
    name = Text(required=True)
    unit = Text(load_default="")
    baseline = Number(allow_none=True, load_default=None)
    target = Number(allow_none=True, load_default=None)
    result = Number(allow_none=True, load_default=None)


class ProjectInput(Schema):
    """A pilot's fields; on POST `title` and `summary` are required, PATCH sends any subset."""

    title = Text(required=True)
    summary = Text(required=True)
    problem = Text(multiline=True)
    approach = Text(multiline=True)
    results = Text(multiline=True)
    lessons = Text(multiline=True)
    phase = Text(metadata={"enum": PHASES})
    themes = fields.List(Text(metadata={"enum": list(THEMES)}))
    common_ground_layer = Text(allow_none=True, metadata={"enum": LAYERS})
    tags = fields.List(Text())
    partners = fields.List(Text(), metadata={"description": "Organisatiecodes"})
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    budget_euros = Whole(allow_none=True)
    funding_source = Text()
    website_url = Text()
    repository_url = Text()
    documentation_url = Text()
    licence = Text(metadata={"enum": ["", *project_service.LICENCES]})
    contact_name = Text()
    contact_email = Text()
    indicators = fields.List(fields.Nested(IndicatorInput))


class ProjectChanges(ProjectInput):
    """The fields of a PATCH: any subset of a pilot's fields (used with `partial=True`)."""


class RatingInput(Schema):
    scores = fields.Dict(
        keys=fields.String(),
        values=Whole(allow_none=True),
        required=True,
        metadata={"description": "Per criteriumcode een score van 1 tot 5, of null"},
    )
    comment = Text(multiline=True, load_default="")


class Rating(Schema):
    scores = fields.Dict(keys=fields.String(), values=fields.Integer(allow_none=True))
    comment = fields.String(required=True)
    updated_at = fields.AwareDateTime(required=True)


class AdoptionInput(Schema):
    status = Text(required=True, metadata={"enum": [str(s) for s in AdoptionStatus]})
    hours = Whole(allow_none=True, load_default=None)
    cost_euros = Whole(allow_none=True, load_default=None)
    months = Whole(allow_none=True, load_default=None)
    prerequisites = Text(multiline=True, load_default="")
    notes = Text(multiline=True, load_default="")


class AdoptionOutput(Schema):
    status = fields.String(required=True)
    hours = fields.Integer(allow_none=True, required=True)
    cost_euros = fields.Integer(allow_none=True, required=True)
    months = fields.Integer(allow_none=True, required=True)
    prerequisites = fields.String(required=True)
    notes = fields.String(required=True)
    updated_at = fields.AwareDateTime(required=True)


class NominationInput(Schema):
    motivation = Text(multiline=True, required=True)


class NominationOutput(Schema):
    id = fields.Integer(required=True)
    state = fields.String(required=True)
    motivation = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)
