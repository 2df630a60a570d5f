"""Names and terms that mean the same, applied to each query when it is made.

Two sources: the municipality aliases kept in the repository
(`data/municipality_aliases.csv`: Den Haag for 's-Gravenhage) and the
synonyms curators edit (`search_synonym`: Wmo for Wet maatschappelijke
ondersteuning). Expanding the query rather than the index means an edit
takes effect with the next search on both backends, with no reindex.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import SearchSynonym

ALIASES_FILE = Path(__file__).parent / "data" / "municipality_aliases.csv"
SEPARATOR = "|"


@dataclass(frozen=True)
class MunicipalityNames:
    code: str
    official: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def municipality_names() -> dict[str, MunicipalityNames]:
    """The alias list by GM code; read once per process."""
    with ALIASES_FILE.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    names: dict[str, MunicipalityNames] = {}
    for row in csv.DictReader(lines):
        aliases = tuple(a.strip() for a in row["aliases"].split(SEPARATOR) if a.strip())
        names[row["code"]] = MunicipalityNames(row["code"], row["official_name"], aliases)
    return names


def aliases_of(code: str) -> tuple[str, ...]:
    names = municipality_names().get(code)
    return names.aliases if names else ()


def split_terms(text: str) -> list[str]:
    """A curator's line of terms ("Wmo, Wet maatschappelijke ondersteuning") as a list."""
    parts = text.replace(SEPARATOR, ",").replace(";", ",").split(",")
    return list(dict.fromkeys(" ".join(p.split()) for p in parts if p.strip()))


def current(session: Session) -> tuple[tuple[str, ...], ...]:
    """Every set of equivalent expressions, as the next search should use them."""
    curated = session.scalars(select(SearchSynonym.terms)).all()
    sets = [tuple(t for t in terms.split(SEPARATOR) if t) for terms in curated]
    sets += [(n.official, *n.aliases) for n in municipality_names().values()]
    return tuple(s for s in sets if len(s) > 1)
