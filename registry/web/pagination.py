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

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from registry.extensions import db

# No list has this many pages; capping here keeps OFFSET far from any integer limit.
MAX_PAGE = 10_000
_PAGE_NUMBER = re.compile(r"[0-9]+")


def requested_page() -> int:
    """The page asked for in `?page=`, between 1 and MAX_PAGE; 1 when it is not a number."""
    raw = request.args.get("page", "").strip()
    if not _PAGE_NUMBER.fullmatch(raw):
        return 1
    if len(raw) > len(str(MAX_PAGE)):
        return MAX_PAGE  # without turning 30 digits into an int first
    return min(max(int(raw), 1), MAX_PAGE)


def paginate(query: Select, per_page: int | None = None) -> Pagination:
    """The requested page of `query`; past the end, the last page (two extra queries, rarely)."""
    per_page = per_page or current_app.config["PAGE_SIZE"]
    page = db.paginate(query, page=requested_page(), per_page=per_page, error_out=False)
    if page.page > 1 and not page.items and page.pages:
        page = db.paginate(query, page=page.pages, per_page=per_page, error_out=False)
    return page
