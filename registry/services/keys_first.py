"""A list's rows found by their keys first: one statement, the page's rows only.

Used by `web/pagination.py` for its pages, and by services for statements built once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, inspect

from registry.extensions import db


def rows_by_keys(query: Select[Any], limit: int, offset: int = 0) -> list[Any] | None:
    """`limit` rows of `query` from `offset`: their keys read alone first (from the
    sort's index, or sorted without anything else), then only those rows loaded with
    what they join and compute. None when `query` has no single key to do this by.

    In one statement. Without it, a row's computed columns (a list's themes) are
    computed for every row the database sorts, not only for the page's.
    """
    key = _single_key(query)
    if key is None:
        return None
    keys = query.with_only_columns(key, maintain_column_froms=True)
    page = query.where(key.in_(keys.limit(limit).offset(offset)))
    return list(db.session.execute(page).unique().scalars())


def windowed(query: Select[Any]) -> Select[Any]:
    """`query` with its page's window as the parameters `page_limit` and `page_offset`,
    for a statement built once."""
    return query.limit(bindparam("page_limit")).offset(bindparam("page_offset"))


def windowed_by_keys(query: Select[Any]) -> Select[Any]:
    """`query` read by its keys first (see `rows_by_keys`), its window as the parameters
    `page_limit` and `page_offset`: for a statement built once. `query` must select one
    entity with a single key."""
    key = _single_key(query)
    if key is None:
        raise ValueError("a query of one entity with a single key")
    keys = query.with_only_columns(key, maintain_column_froms=True)
    return query.where(key.in_(windowed(keys)))


def _single_key(query: Select[Any]) -> Any:
    """The primary key column of the one entity a list selects, else None."""
    # Grouping and DISTINCT carry over to the keys' query, and give the same rows:
    # an entity's rows and its primary keys are one to one.
    described = query.column_descriptions
    if len(described) != 1 or described[0].get("entity") is None:
        return None
    keys = inspect(described[0]["entity"]).primary_key
    return keys[0] if len(keys) == 1 else None
