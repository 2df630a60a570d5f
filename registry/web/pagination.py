"""Which page of a list to show: one rule for every list of the site.

`?page=` comes from the address bar, so it can say anything: `-1`, `abc`, 30
digits or 2**63 - 1. Passed on as it is, the last two overflow the OFFSET
(PostgreSQL refuses the statement, SQLite cannot bind the number) and the
user gets a 500. Here anything that is not a plain page number means page 1,
and a number past the end shows the last page: a list that shrank since the
link was made still shows something.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select, func

from registry.extensions import db
from registry.services.keys_first import rows_by_keys

# No list has this many pages; capping here keeps OFFSET far from any integer limit.
MAX_PAGE = 10_000
_PAGE_NUMBER = re.compile(r"[0-9]+")


def requested_page(argument: str = "page") -> int:
    """The page asked for in `?page=` (or another argument), between 1 and MAX_PAGE.

    1 when it is not a number.
    """
    raw = request.args.get(argument, "").strip()
    if not _PAGE_NUMBER.fullmatch(raw):
        return 1
    if len(raw) > len(str(MAX_PAGE)):
        return MAX_PAGE  # without turning 30 digits into an int first
    return min(max(int(raw), 1), MAX_PAGE)


def count_of(query: Select) -> Callable[[], int]:
    """A count of `query`'s rows that selects nothing else (for a plain, ungrouped list).

    Flask-SQLAlchemy's count wraps the list query, every selected column of it,
    in a subquery; on SQLite that reads each row, long texts and all.
    """

    def count() -> int:
        counted = query.with_only_columns(func.count(), maintain_column_froms=True)
        return int(db.session.scalar(counted.order_by(None)) or 0)

    return count


class _CountedPagination(SelectPagination):
    """A page whose total is given (or counted by a statement of the caller's choosing).

    Flask-SQLAlchemy counts by wrapping the whole list query, every column of
    it, in a subquery; a list that knows a cheaper count, or keeps one, says so.
    """

    def _query_count(self) -> int:
        total = self._query_args["total"]
        return int(total() if callable(total) else total)

    def _query_items(self) -> list[Any]:
        """The page's rows; deep in a list (or where asked), found by their keys first.

        OFFSET makes the database step over every row before the page; with
        the owner joined for each of them, page 100 cost three times page 1.
        """
        query: Select = self._query_args["select"]
        offset = self._query_offset
        parameters = self._query_args.get("parameters")
        if parameters is not None:
            window = {**parameters, "page_limit": self.per_page, "page_offset": offset}
            return list(db.session.scalars(query, window))
        if offset >= DEFER_FROM or self._query_args.get("keys_first", False):
            found = rows_by_keys(query, self.per_page, offset)
            if found is not None:
                return found
        return super()._query_items()


class _KeptOrderPagination(SelectPagination):
    """A page of a list whose order is given as its rows' keys (`kept_order`)."""

    def _query_count(self) -> int:
        return len(self._query_args["kept_order"])

    def _query_items(self) -> list[Any]:
        start = self._query_offset
        keys = list(self._query_args["kept_order"][start : start + self.per_page])
        if not keys:
            return []
        parameters = {**(self._query_args.get("parameters") or {}), "keys": keys}
        found = {row.id: row for row in db.session.scalars(self._query_args["select"], parameters)}
        return [found[key] for key in keys if key in found]


# From this offset on a page's rows are looked up by key (see _query_items).
DEFER_FROM = 100


def paginate(
    query: Select,
    per_page: int | None = None,
    total: int | Callable[[], int] | None = None,
    argument: str = "page",
    keys_first: bool = False,
    parameters: dict[str, Any] | None = None,
    kept_order: Sequence[Any] | None = None,
) -> Pagination:
    """The requested page of `query`; past the end, the last page (two extra queries, rarely).

    `total`, when given, is the number of rows of `query` (or a function that
    counts them), used instead of counting through the list query. A page
    with several lists gives each its own `argument` in the address.
    `keys_first` (with `total`) reads every page by its keys first, as deep
    pages are (`rows_by_keys`): for a list whose rows compute a column.
    `parameters` (with `total`) are the values of a statement built once,
    with its window from `keys_first.windowed`: building a statement anew for every
    page cost more than a short list's query.
    `kept_order` is the list as its rows' keys (`id`), in order, where an order
    no index gives is kept until the register changes; `query` then reads the
    page's rows by the parameter `keys` (expanding), in any order.
    """
    per_page = per_page or current_app.config["PAGE_SIZE"]

    def page_of(number: int) -> Pagination:
        if total is None and kept_order is None:
            return db.paginate(query, page=number, per_page=per_page, error_out=False)
        arguments: dict[str, Any] = {
            "select": query,
            "session": db.session(),
            "page": number,
            "per_page": per_page,
            "max_per_page": None,
            "error_out": False,
            "parameters": parameters,
        }
        if kept_order is not None:
            return _KeptOrderPagination(kept_order=kept_order, **arguments)
        return _CountedPagination(total=total, keys_first=keys_first, **arguments)

    page = page_of(requested_page(argument))
    if page.page > 1 and not page.items and page.pages:
        page = page_of(page.pages)
    return page
