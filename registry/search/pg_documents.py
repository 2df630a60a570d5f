"""Search documents in PostgreSQL, written in the transaction that changes a pilot.

The outbox (see `outbox`) records what changed, as for Whoosh. With this
backend the rows are applied just before the transaction commits, on the
same connection: the new document becomes visible to every host at the
moment the change itself does. Should that fail, a savepoint keeps the
change and its outbox rows, and the usual after-commit sync retries later.

The tables (schema `search`, created by migration 0005) are described here
in a metadata of their own: they are a copy of the pilots, not models, and
the database computes their vectors and vocabulary itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from registry.models import SearchOutbox
from registry.search import outbox
from registry.search.analysis import spelling_words
from registry.search.documents import PROJECT, SearchDocument, document_id, documents_for_projects

log = logging.getLogger(__name__)

SCHEMA = "search"
CONFIG = "search.dutch"
BATCH = 500
# Two saves of one pilot wait for each other this long before the later one
# leaves its change to the after-commit sync.
IN_TRANSACTION_LOCK_TIMEOUT = "2s"
# pg_advisory_xact_lock(class, id): a class number of our own for "search document".
LOCK_CLASS = 7305

metadata = sa.MetaData(schema=SCHEMA)

document = sa.Table(
    "document",
    metadata,
    sa.Column("doc_id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("object_id", sa.Integer, nullable=False),
    sa.Column("project_id", sa.Integer),
    sa.Column("slug", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("context", sa.Text, nullable=False),
    sa.Column("words", ARRAY(sa.Text), nullable=False),
    sa.Column("owner_name", sa.Text, nullable=False),
    sa.Column("phase", sa.Text, nullable=False),
    sa.Column("province", sa.Text),
    sa.Column("layer", sa.Text),
    sa.Column("in_catalogue", sa.Boolean, nullable=False),
    sa.Column("themes", ARRAY(sa.Text), nullable=False),
    sa.Column("organisations", ARRAY(sa.Text), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True)),
    sa.Column("score", sa.Float),
    sa.Column("adopters", sa.Integer, nullable=False),
)

word = sa.Table(
    "word",
    metadata,
    sa.Column("word", sa.Text, primary_key=True),
    sa.Column("written", sa.Text, nullable=False),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("stem1", sa.Text, nullable=False),
    sa.Column("stem2", sa.Text, nullable=False),
)


def document_row(doc: SearchDocument) -> dict:
    names = "\n".join(name for _, name in doc.organisations)
    return {
        "doc_id": doc.doc_id,
        "kind": doc.kind,
        "object_id": doc.object_id,
        "project_id": doc.object_id if doc.kind == PROJECT else None,
        "slug": doc.slug,
        "title": doc.title,
        "summary": doc.summary,
        "body": doc.body,
        "context": f"{names}\n{doc.topic_text}",
        "words": sorted(spelling_words(doc.title, doc.summary, doc.body, names, doc.topic_text)),
        "owner_name": doc.owner_name,
        "phase": doc.phase or "",
        "province": doc.province or None,
        "layer": doc.layer or None,
        "in_catalogue": bool(doc.in_catalogue),
        "themes": list(doc.themes),
        "organisations": [code for code, _ in doc.organisations],
        "published_at": doc.published_at,
        "score": doc.score,
        "adopters": doc.adopter_count or 0,
    }


_upsert = insert(document)
UPSERT = _upsert.on_conflict_do_update(
    index_elements=[document.c.doc_id],
    set_={c.name: _upsert.excluded[c.name] for c in document.columns if c.name != "doc_id"},
)


def write(connection: Connection, documents: Iterable[SearchDocument]) -> int:
    """Insert or replace documents, in batches; returns how many."""
    count = 0
    batch: list[dict] = []
    for doc in documents:
        batch.append(document_row(doc))
        if len(batch) >= BATCH:
            count += _write_batch(connection, batch)
            batch = []
    if batch:
        count += _write_batch(connection, batch)
    return count


def _write_batch(connection: Connection, rows: list[dict]) -> int:
    # One multi-row statement, not executemany: the vocabulary triggers run
    # once per statement, and row-by-row upserts cost ~20 times more.
    connection.execute(UPSERT.values(rows))
    return len(rows)


def remove(connection: Connection, doc_ids: Iterable[str]) -> None:
    ids = list(doc_ids)
    if ids:
        connection.execute(delete(document).where(document.c.doc_id.in_(ids)))


def lock_documents(connection: Connection, project_ids: Sequence[int]) -> None:
    """Hold each pilot's document until commit, taken in id order (no deadlocks).

    Taken before the pilots are read: a second transaction changing the same
    pilot (or its organisation) waits and then reads what the first committed.
    """
    if project_ids:
        connection.execute(
            sa.text(
                "SELECT pg_advisory_xact_lock(:class, id) "
                "FROM (SELECT unnest(CAST(:ids AS integer[])) AS id ORDER BY 1) AS ids"
            ),
            {"class": LOCK_CLASS, "ids": sorted(project_ids)},
        )


# --- In the same transaction ------------------------------------------------------------


def apply_in_transaction(session: Session) -> bool:
    """Apply this transaction's outbox rows (and any left pending) before it commits.

    Returns False, leaving the rows pending, when the documents could not be
    written; the change itself is never lost or refused because of search.
    """
    connection = session.connection()
    try:
        with connection.begin_nested():
            connection.execute(
                sa.text("SELECT set_config('lock_timeout', :timeout, true)"),
                {"timeout": IN_TRANSACTION_LOCK_TIMEOUT},
            )
            rows = connection.execute(
                select(SearchOutbox.id, SearchOutbox.kind, SearchOutbox.object_id)
                .order_by(SearchOutbox.id)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return True
            project_ids = {row.object_id for row in rows if row.kind == PROJECT}
            project_ids |= outbox.projects_of(
                session, {row.object_id for row in rows if row.kind == outbox.ORGANISATION}
            )
            lock_documents(connection, sorted(project_ids))
            documents = documents_for_projects(session, project_ids)
            write(connection, (doc for doc in documents.values() if doc is not None))
            remove(
                connection,
                (document_id(PROJECT, pid) for pid, doc in documents.items() if doc is None),
            )
            connection.execute(
                delete(SearchOutbox).where(SearchOutbox.id.in_([row.id for row in rows]))
            )
    except DBAPIError as err:
        log.warning("Search documents not written with the change, left pending: %s", err)
        return False
    return True


def _uses_postgres_search() -> bool:
    if not has_app_context():
        return False
    service = current_app.extensions.get("search")
    return service is not None and service.backend.name == "postgres"


def apply_before_commit(session: Session) -> None:
    """Before a commit, with SEARCH_BACKEND=postgres: the transaction's documents written in it."""
    if not _uses_postgres_search():
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # commit would flush after this hook; the outbox rows are needed now
    if session.info.get(outbox.WRITTEN) and apply_in_transaction(session):
        # Applied: nothing is left for the after-commit sync to do.
        session.info.pop(outbox.WRITTEN, None)
