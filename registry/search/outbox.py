"""Keeping the index in step with the database, without ever losing a change.

Session hooks (registered by `registry.lifecycle`) write a `SearchOutbox`
row for every change that affects what a search finds, inside the
transaction that makes the change: saved together or not at all. After the
commit the pending rows are applied to the index, in a session of their
own. When the index is locked, read-only or its disk is full, the rows
simply stay, and the next attempt (another save, a search, or
`registry search sync`) applies them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import delete, func, insert, inspect, select, union
from sqlalchemy.orm import Session

from registry.models import (
    CatalogueEntry,
    Organisation,
    Project,
    ProjectTag,
    ProjectTheme,
    SearchOutbox,
    project_partner,
    utcnow,
)
from registry.search.documents import PROJECT, document_id, documents_for_projects
from registry.search.interface import IndexMissing, IndexUnavailable, SearchBackend

log = logging.getLogger(__name__)

ORGANISATION = "organisation"
# Organisation columns that appear in search documents.
ORGANISATION_FIELDS = ("name", "code", "province")
# Set on a session while its transaction holds outbox rows; moved to
# SYNC_DUE when that transaction commits.
WRITTEN = "search_outbox_written"
SYNC_DUE = "search_sync_due"


def _changed(session: Session) -> set[tuple[str, int]]:
    changes: set[tuple[str, int]] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Project):
            if obj.id is not None and (obj not in session.dirty or session.is_modified(obj)):
                changes.add((PROJECT, obj.id))
        elif isinstance(obj, ProjectTheme | ProjectTag):
            if obj.project_id is not None:
                changes.add((PROJECT, obj.project_id))
        elif isinstance(obj, CatalogueEntry):
            # Promotion, withdrawal or a new origin changes a pilot's "in the catalogue".
            history = inspect(obj).attrs.origin_project_id.history
            for project_id in chain(history.added, history.deleted, [obj.origin_project_id]):
                if project_id is not None:
                    changes.add((PROJECT, project_id))
        elif (
            isinstance(obj, Organisation)
            and obj in session.dirty
            and any(_attribute_changed(obj, name) for name in ORGANISATION_FIELDS)
        ):
            changes.add((ORGANISATION, obj.id))
    return changes


def _attribute_changed(obj: object, name: str) -> bool:
    return inspect(obj).attrs[name].history.has_changes()


def record_changes(session: Session, flush_context: object) -> None:
    """After a flush: an outbox row per changed pilot or organisation, on the same connection."""
    changes = _changed(session)
    if not changes:
        return
    now = utcnow()
    session.connection().execute(
        insert(SearchOutbox),
        [{"kind": kind, "object_id": oid, "created_at": now} for kind, oid in sorted(changes)],
    )
    session.info[WRITTEN] = True


def mark_sync_due(session: Session) -> None:
    """After a commit: the rows this transaction wrote are there to apply."""
    if session.info.pop(WRITTEN, False):
        session.info[SYNC_DUE] = True


def forget_written(session: Session) -> None:
    """After a rollback: the rows went with the transaction."""
    session.info.pop(WRITTEN, None)


def sync_due(session: Session) -> bool:
    """Whether this session committed outbox rows since the last call."""
    return bool(session.info.pop(SYNC_DUE, False))


# --- Applying pending rows ------------------------------------------------------------


@dataclass
class SyncReport:
    applied: int = 0
    pending: int = 0
    error: str | None = None
    rebuild_needed: bool = False


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count(SearchOutbox.id))) or 0


def has_pending(session: Session) -> bool:
    return session.scalar(select(SearchOutbox.id).limit(1)) is not None


def projects_of(session: Session, organisation_ids: Iterable[int]) -> set[int]:
    ids = list(organisation_ids)
    if not ids:
        return set()
    owned = select(Project.id).where(Project.owner_id.in_(ids))
    partnered = select(project_partner.c.project_id).where(
        project_partner.c.organisation_id.in_(ids)
    )
    return set(session.scalars(union(owned, partnered)))


def apply_batch(session: Session, backend: SearchBackend, timeout: float, limit: int) -> int:
    """Apply up to `limit` pending rows; returns how many were applied.

    The database is read only after the index's write lock is held: two
    processes applying the same pilot one after the other then write the
    newer state last. Rows are deleted only after the index committed, and
    only the rows read, so a change saved meanwhile stays pending.
    Raises IndexUnavailable (rows stay) when the index cannot be written.
    """
    with backend.writer(timeout) as writer:
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.kind, SearchOutbox.object_id)
            .order_by(SearchOutbox.id)
            .limit(limit)
        ).all()
        if not rows:
            return 0
        project_ids = {row.object_id for row in rows if row.kind == PROJECT}
        project_ids |= projects_of(session, {r.object_id for r in rows if r.kind == ORGANISATION})
        documents = documents_for_projects(session, project_ids)
        writer.index(doc for doc in documents.values() if doc is not None)
        writer.remove(document_id(PROJECT, pid) for pid, doc in documents.items() if doc is None)
    session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([row.id for row in rows])))
    session.commit()
    return len(rows)


def apply_pending(
    session: Session,
    backend: SearchBackend,
    timeout: float,
    batch_size: int = 500,
    max_batches: int | None = None,
) -> SyncReport:
    """Apply pending rows batch by batch; an unavailable index leaves them pending."""
    report = SyncReport()
    batches = 0
    try:
        while max_batches is None or batches < max_batches:
            applied = apply_batch(session, backend, timeout, batch_size)
            report.applied += applied
            batches += 1
            if applied < batch_size:
                break
    except IndexUnavailable as err:
        session.rollback()
        report.error = str(err)
        report.rebuild_needed = isinstance(err, IndexMissing)
        log.warning("Search index not updated, changes stay pending: %s", report.error)
    report.pending = pending_count(session)
    session.commit()
    return report
