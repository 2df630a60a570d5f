"""What the comparison page shows, as plain data: one column per pilot or standard."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from registry.i18n import current_language
from registry.models import User
from registry.services import adoptions, comparison, permissions
from registry.services.comparison import Comparison, Item
from registry.translation import gettext as _
from registry.web.labels import PHASES, label
from registry.web.nominations.labels import CATALOGUE_STATUSES


@dataclass(frozen=True)
class Column:
    kind: str
    kind_label: str
    name: str
    url: str
    brief_url: str
    remove_url: str
    owner: str
    phase: str
    licence: str
    score: float | None
    organisation_count: int
    disagreement: float | None
    criteria: list[float | None]  # in the order of ComparePage.criteria
    in_use: list[str]
    preparing: int
    effort: adoptions.EffortSummary
    contact_name: str
    contact_email: str
    has_figures: bool  # False for a standard whose origin pilot is not public


@dataclass(frozen=True)
class Candidate:
    name: str
    kind_label: str
    add_url: str


@dataclass(frozen=True)
class ComparePage:
    columns: list[Column]
    criteria: list[str]
    problems: list[str]
    complete: bool
    has_room: bool
    query: str
    candidates: list[Candidate]
    chosen: list[tuple[str, str]]  # (parameter, slug): the hidden fields of the search form
    sees_contact: bool
    list_url: str  # the list of pilots, whose cards add to this choice


def _address(chosen: list[tuple[str, str]]) -> str:
    return url_for(
        "compare.index",
        p=[slug for key, slug in chosen if key == "p"],
        s=[slug for key, slug in chosen if key == "s"],
    )


def _key(kind: str) -> str:
    return "p" if kind == comparison.PILOT else "s"


def _kind_label(kind: str) -> str:
    return _("Pilot") if kind == comparison.PILOT else _("Standaard")


def _column(
    item: Item, result: Comparison, chosen: list[tuple[str, str]], sees_contact: bool
) -> Column:
    figures = (
        result.figures.by_project.get(item.project.id)
        if result.figures is not None and item.project is not None
        else None
    )
    aggregate = figures.aggregate if figures else None
    codes = [c.code for c in result.figures.criteria] if result.figures else []
    project, entry = item.project, item.entry
    if entry is not None:
        owner = entry.maintainer.name
        phase = str(label(CATALOGUE_STATUSES, entry.status))
        licence = entry.licence or (project.licence if project else "")
        url = url_for("catalogue.show", slug=entry.slug)
        brief_url = url_for("catalogue.brief", slug=entry.slug)
    else:
        assert project is not None
        owner = ", ".join([project.owner.name, *(org.name for org in project.partners)])
        phase = str(label(PHASES, project.phase))
        licence = project.licence
        url = url_for("projects.show", slug=project.slug)
        brief_url = url_for("projects.brief", slug=project.slug)
    return Column(
        kind=item.kind,
        kind_label=_kind_label(item.kind),
        name=item.name,
        url=url,
        brief_url=brief_url,
        remove_url=_address([c for c in chosen if c != (_key(item.kind), item.slug)]),
        owner=owner,
        phase=phase,
        licence=licence,
        score=aggregate.score if aggregate else None,
        organisation_count=aggregate.organisation_count if aggregate else 0,
        disagreement=aggregate.disagreement if aggregate else None,
        criteria=[
            aggregate.criteria[code].score if aggregate and code in aggregate.criteria else None
            for code in codes
        ],
        in_use=[org.name for org in figures.in_use] if figures else [],
        preparing=len(figures.preparing) if figures else 0,
        effort=figures.effort if figures else adoptions.median_effort(()),
        contact_name=project.contact_name if sees_contact and project else "",
        contact_email=project.contact_email if sees_contact and project else "",
        has_figures=project is not None,
    )


def compare_page(
    pilot_slugs: list[str], standard_slugs: list[str], query: str, viewer: User | None
) -> ComparePage:
    result = comparison.compare(pilot_slugs, standard_slugs)
    chosen = [(_key(item.kind), item.slug) for item in result.items]
    sees_contact = permissions.can_see_contact(viewer)
    found = comparison.candidates(query) if query and result.has_room else []
    language = current_language()
    return ComparePage(
        columns=[_column(item, result, chosen, sees_contact) for item in result.items],
        criteria=[c.text("name", language) for c in result.figures.criteria]
        if result.figures
        else [],
        problems=[str(p) for p in result.problems],
        complete=result.complete,
        has_room=result.has_room,
        query=query,
        candidates=[
            Candidate(c.name, _kind_label(c.kind), _address([*chosen, (_key(c.kind), c.slug)]))
            for c in found
            if (_key(c.kind), c.slug) not in chosen
        ],
        chosen=chosen,
        sees_contact=sees_contact,
        list_url=url_for(
            "projects.index",
            compare_p=[slug for key, slug in chosen if key == "p"],
            compare_s=[slug for key, slug in chosen if key == "s"],
        ),
    )
