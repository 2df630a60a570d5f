"""Opportunities: standards a municipality does not use yet, ranked by its peers' use.

The rule, stated once:

- a municipality's *adopted set* is the public pilots it reports in use,
  counting only pilots it neither owns nor partners in (`scores.outside_members`);
- two municipalities are comparable by the Jaccard similarity of their
  adopted sets (shared / together), plus `PROVINCE_BONUS` when they lie in
  the same province; its `NEIGHBOURS` most comparable municipalities (that
  use anything at all, ties by code) are its peers;
- an opportunity is an active catalogue standard that it does not use or
  prepare and did not make itself, used by at least one peer; ranked by how
  many peers use it, then by name.

The reason shown with each opportunity is a true sentence about the peers:
of the peers that, like the municipality, use pilot X (and Y, the pilot
most often used beside X among them), so many use the standard; without a
shared pilot, of the peers in its province.

Five statements, whatever the size of the register: the
municipality's own adoptions, one grouped query for the size and overlap of
every other municipality's set, the municipalities themselves, and the
peers' standards and shared pilots.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, select, true

from registry.extensions import db
from registry.models import (
    Adoption,
    AdoptionStatus,
    CatalogueEntry,
    CatalogueStatus,
    Organisation,
    Project,
    project_partner,
)
from registry.models.vocab import OrgKind
from registry.services.scores import outside_members

NEIGHBOURS = 10
PROVINCE_BONUS = 0.1
DEFAULT_LIMIT = 5


@dataclass(frozen=True)
class Peer:
    code: str
    name: str
    similarity: float
    shared: int  # pilots both use
    same_province: bool


@dataclass(frozen=True)
class Reason:
    """`users` of the `group` peers described by `shared` (or by the province) use it."""

    users: int
    group: int
    shared: tuple[str, ...]  # titles of one or two pilots the group uses like the municipality
    province: str | None  # set when the group is the peers in the same province


@dataclass(frozen=True)
class Opportunity:
    slug: str
    name: str
    peers_using: int
    reason: Reason


@dataclass(frozen=True)
class Opportunities:
    peers: list[Peer]
    items: list[Opportunity]


def jaccard(a: set[int], b: set[int]) -> float:
    together = len(a | b)
    return len(a & b) / together if together else 0.0


def _counting() -> list[ColumnElement[bool]]:
    return [
        Project.is_public.expression,
        Adoption.status == AdoptionStatus.IN_USE,
        outside_members(Adoption.project_id, Adoption.organisation_id),
    ]


def for_municipality(
    organisation: Organisation, *, limit: int = DEFAULT_LIMIT, neighbours: int = NEIGHBOURS
) -> Opportunities:
    counts = case((and_(*_counting()), 1), else_=0)
    own_rows = db.session.execute(
        select(Adoption.project_id, Adoption.status, Project.title, counts)
        .join(Project, Project.id == Adoption.project_id)
        .where(Adoption.organisation_id == organisation.id)
    ).all()
    # Only the public, outside adoptions in use make up the set compared with others.
    adopted = {pid for pid, _status, _title, counted in own_rows if counted}
    busy_with = {
        pid
        for pid, status, _title, _counted in own_rows
        if status in (AdoptionStatus.IN_USE, AdoptionStatus.PREPARING)
    }
    titles = {pid: title for pid, _status, title, _counted in own_rows}
    # Every statement runs, also with no peers or nothing shared (then on an empty
    # set): the page costs the same for every municipality.
    peers = _peers(organisation, adopted, neighbours)
    peer_ids = dict(peers)
    uses = db.session.execute(
        select(Adoption.organisation_id, CatalogueEntry.slug, CatalogueEntry.name)
        .join(CatalogueEntry, CatalogueEntry.origin_project_id == Adoption.project_id)
        .join(Project, Project.id == Adoption.project_id)
        .where(
            Adoption.organisation_id.in_(peer_ids),
            Adoption.status == AdoptionStatus.IN_USE,
            CatalogueEntry.status == CatalogueStatus.ACTIVE,
            Adoption.project_id.not_in(busy_with) if busy_with else true(),
            Project.owner_id != organisation.id,
            ~exists().where(
                project_partner.c.project_id == Project.id,
                project_partner.c.organisation_id == organisation.id,
            ),
        )
    ).all()
    users: dict[tuple[str, str], set[int]] = {}
    for org_id, slug, name in uses:
        users.setdefault((slug, name), set()).add(org_id)
    ranked = sorted(users.items(), key=lambda item: (-len(item[1]), item[0][1], item[0][0]))
    ranked = ranked[:limit]
    shared_by_peer: dict[int, set[int]] = {org_id: set() for org_id in peer_ids}
    for org_id, pid in db.session.execute(
        select(Adoption.organisation_id, Adoption.project_id).where(
            Adoption.organisation_id.in_(peer_ids),
            Adoption.project_id.in_(adopted),
            Adoption.status == AdoptionStatus.IN_USE,
        )
    ):
        shared_by_peer[org_id].add(pid)
    items = [
        Opportunity(
            slug=slug,
            name=name,
            peers_using=len(orgs),
            reason=_reason(orgs, peer_ids, shared_by_peer, titles, organisation.province),
        )
        for (slug, name), orgs in ranked
    ]
    return Opportunities([peer for _id, peer in peers], items)


def _peers(
    organisation: Organisation, adopted: set[int], neighbours: int
) -> list[tuple[int, Peer]]:
    """The most comparable municipalities, by similarity, then code."""
    shared = (
        func.sum(case((Adoption.project_id.in_(adopted), 1), else_=0)) if adopted else func.sum(0)
    )
    # Grouped by organisation id alone, and the few organisations read on their own: a
    # join of the two can be planned as one aggregate per organisation.
    sizes = {
        org_id: (int(size), int(in_common or 0))
        for org_id, size, in_common in db.session.execute(
            select(Adoption.organisation_id, func.count(), shared)
            .join(Project, Project.id == Adoption.project_id)
            .where(Adoption.organisation_id != organisation.id, *_counting())
            .group_by(Adoption.organisation_id)
        )
    }
    rows: Sequence[Any] = db.session.execute(
        select(Organisation.id, Organisation.code, Organisation.name, Organisation.province).where(
            Organisation.kind == OrgKind.MUNICIPALITY,
            Organisation.active.is_(True),
            Organisation.id != organisation.id,
        )
    ).all()
    candidates: list[tuple[float, str, int, Peer]] = []
    for org_id, code, name, province in rows:
        if org_id not in sizes:
            continue  # uses nothing: nothing to compare or to learn from
        their_size, in_common = sizes[org_id]
        together = len(adopted) + int(their_size) - in_common
        same = bool(province) and province == organisation.province
        similarity = (in_common / together if together else 0.0) + (PROVINCE_BONUS if same else 0)
        if similarity > 0:
            candidates.append(
                (similarity, code, org_id, Peer(code, name, similarity, in_common, same))
            )
    candidates.sort(key=lambda c: (-c[0], c[1]))
    return [(org_id, peer) for _s, _c, org_id, peer in candidates[:neighbours]]


def _reason(
    users: set[int],
    peers: dict[int, Peer],
    shared_by_peer: dict[int, set[int]],
    titles: dict[int, str],
    province: str | None,
) -> Reason:
    """A true sentence's numbers: of a named group of peers, how many use the standard."""
    first = Counter(pid for org in users for pid in shared_by_peer.get(org, ()))
    if first:
        x = min(first, key=lambda pid: (-first[pid], titles.get(pid, ""), pid))
        with_x = [org for org in users if x in shared_by_peer[org]]
        second = Counter(pid for org in with_x for pid in shared_by_peer[org] if pid != x)
        chosen = [x]
        if second:
            chosen.append(min(second, key=lambda pid: (-second[pid], titles.get(pid, ""), pid)))
        group = [org for org in peers if set(chosen) <= shared_by_peer.get(org, set())]
        return Reason(
            users=sum(1 for org in group if org in users),
            group=len(group),
            shared=tuple(titles.get(pid, "") for pid in chosen),
            province=None,
        )
    group = [org for org, peer in peers.items() if peer.same_province]
    return Reason(
        users=sum(1 for org in group if org in users),
        group=len(group),
        shared=(),
        province=province,
    )
