"""Facet counting over a set of matching documents, the same for every backend.

Values within one facet are alternatives (theme A or theme B); facets
combine (theme A and province P). So a facet's counts are taken over the
documents that pass every *other* facet's selection: choosing one theme
still shows how many pilots each other theme would give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain

from registry.search.interface import FACETS, FacetValue

# Per facet: document number -> the values of that document.
FacetColumns = Mapping[str, Sequence[tuple[str, ...]]]


def _passing(docs: set[int], column: Sequence[tuple[str, ...]], wanted: set[str]) -> set[int]:
    return {doc for doc in docs if not wanted.isdisjoint(column[doc])}


def count(
    matched: set[int],
    columns: FacetColumns,
    filters: Mapping[str, tuple[str, ...]],
    with_counts: bool = True,
) -> tuple[set[int], dict[str, Counter]]:
    """The documents that pass all selections, and each facet's value counts."""
    active = {name: set(values) for name, values in filters.items() if values and name in columns}
    passing = {name: _passing(matched, columns[name], wanted) for name, wanted in active.items()}
    hits = set(matched)
    for docs in passing.values():
        hits &= docs
    counts: dict[str, Counter] = {}
    if not with_counts:
        return hits, counts
    for name in FACETS:
        if name not in columns:
            continue
        base = hits
        if name in active:
            base = set(matched)
            for other, docs in passing.items():
                if other != name:
                    base &= docs
        column = columns[name]
        counts[name] = Counter(chain.from_iterable(map(column.__getitem__, base)))
    return hits, counts


def facet_values(
    counts: Mapping[str, Counter], filters: Mapping[str, tuple[str, ...]]
) -> dict[str, list[FacetValue]]:
    """Counts as lists, most frequent first; selected values always listed."""
    result: dict[str, list[FacetValue]] = {}
    for name, counter in counts.items():
        selected = set(filters.get(name, ()))
        values = [
            FacetValue(value=value, count=n, selected=value in selected)
            for value, n in counter.items()
            if value
        ]
        values += [FacetValue(value=v, count=0, selected=True) for v in selected - set(counter)]
        values.sort(key=lambda fv: (-fv.count, fv.value))
        result[name] = values
    return result
