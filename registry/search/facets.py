"""Facet counting over a set of matching documents, the same for every backend.

Values within one facet are alternatives (theme A or theme B); facets
combine (theme A and province P). So a facet's counts are taken over the
documents that pass every *other* facet's selection: choosing one theme
still shows how many pilots each other theme would give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from itertools import chain

from registry.search.interface import FACETS, FacetValue

# Per facet: document number -> the values of that document.
FacetColumns = Mapping[str, Sequence[tuple[str, ...]]]


@dataclass(frozen=True)
class Totals:
    """Every live document of an index and each facet's counts over all of them.

    A common word matches most of the register; its counts are then the
    totals less the counts of the few documents it leaves out, which costs a
    fraction of counting everything it matches.
    """

    docs: frozenset[int]
    counts: dict[str, Counter]
    grouped: frozenset[str]  # the facets whose documents share few distinct value tuples

    @classmethod
    def of(cls, docs: Iterable[int], columns: FacetColumns) -> Totals:
        live = frozenset(docs)
        names = [name for name in FACETS if name in columns]
        return cls(
            live,
            {name: _count(live, columns[name]) for name in names},
            frozenset(name for name in names if 8 * len(set(columns[name])) < len(columns[name])),
        )

    def count(self, docs: Iterable[int], name: str, column: Sequence[tuple[str, ...]]) -> Counter:
        return (_count_grouped if name in self.grouped else _count)(docs, column)


def _count(docs: Iterable[int], column: Sequence[tuple[str, ...]]) -> Counter:
    return Counter(chain.from_iterable(map(column.__getitem__, docs)))


def _count_grouped(docs: Iterable[int], column: Sequence[tuple[str, ...]]) -> Counter:
    """The same counts, faster where documents share a few distinct value tuples
    (themes, phase, province): the tuples are counted in one C loop, then each
    tuple's count is spread over its values."""
    counts: Counter = Counter()
    for values, n in Counter(map(column.__getitem__, docs)).items():
        for value in values:
            counts[value] += n
    return counts


def _passing(docs: Set[int], column: Sequence[tuple[str, ...]], wanted: set[str]) -> set[int]:
    return {doc for doc in docs if not wanted.isdisjoint(column[doc])}


def count(
    matched: Set[int],
    columns: FacetColumns,
    filters: Mapping[str, tuple[str, ...]],
    with_counts: bool = True,
    totals: Totals | None = None,
) -> tuple[set[int], dict[str, Counter]]:
    """The documents that pass all selections, and each facet's value counts.

    `totals`, when given, must cover every document `matched` can hold.
    """
    active = {name: set(values) for name, values in filters.items() if values and name in columns}
    passing = {name: _passing(matched, columns[name], wanted) for name, wanted in active.items()}
    hits = set(matched)
    for docs in passing.values():
        hits &= docs
    counts: dict[str, Counter] = {}
    left_out: frozenset[int] | None = None  # the documents `hits` leaves out, once
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
        if totals is None or name not in totals.counts or 2 * len(base) <= len(totals.docs):
            counts[name] = _count(base, column)
            continue
        if base is hits:
            if left_out is None:
                left_out = totals.docs - hits
            rest = left_out
        else:
            rest = totals.docs - base
        counts[name] = totals.counts[name] - totals.count(rest, name, column)
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
