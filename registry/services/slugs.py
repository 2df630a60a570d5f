"""Readable, stable web addresses made from titles.

A slug is made once, when a thing is created, and never changes with its
title: links people have shared must keep working.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from registry.extensions import db

MAX_LENGTH = 80
FALLBACK = "pilot"
# Paths that share the slug's place in the URL (`/projects/new`).
RESERVED = frozenset({"new"})

_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Lower-case ASCII words joined by hyphens: "Café Noord ’24" -> "cafe-noord-24".

    Accents are folded rather than dropped (é -> e, ß -> ss, ĳ -> ij) so Dutch and
    Frisian titles stay readable. Long slugs are cut at a word boundary.
    """
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_ALLOWED.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]
        slug = slug.strip("-")
    return slug


def unique_slug(text: str, column: InstrumentedAttribute[str], fallback: str = FALLBACK) -> str:
    """A slug for `text` that `column` does not hold yet: base, base-2, base-3, ...

    One query fetches every taken slug with the same base, so the suffix is
    found without a round trip per attempt.
    """
    base = slugify(text) or fallback
    if base in RESERVED:
        base = f"{base}-{fallback}"
    taken = set(
        db.session.scalars(select(column).where((column == base) | column.like(f"{base}-%")))
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
