"""The statistics page: each figure once as a table, from which its chart and CSV follow.

`tables(figures)` turns the service's plain figures into `FigureTable`s in
the reader's language; the template draws each table's chart and rows, and
the CSV download writes the same rows, so picture, table and file never
disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import url_for
from markupsafe import Markup

from registry.models.vocab import Phase
from registry.services.statistics import Count, Figures, ProvinceAdoption, YearGrowth
from registry.translation import gettext as _
from registry.web import charts
from registry.web.formatting import fmt_number
from registry.web.labels import PHASES, THEMES, label
from registry.web.statistics.provinces import tile_of


@dataclass(frozen=True)
class Cell:
    text: str  # as the page shows it
    value: object  # as the CSV file holds it
    href: str | None = None


@dataclass(frozen=True)
class FigureTable:
    name: str  # the section's id and the CSV file's name
    title: str
    intro: str
    columns: list[str]
    rows: list[list[Cell]]
    chart: Markup | None = None
    notes: list[str] = field(default_factory=list)


def _n(value: int) -> Cell:
    return Cell(fmt_number(value), value)


def _share(value: float | None) -> Cell:
    if value is None:
        return Cell("–", None)
    return Cell(fmt_number(value * 100, 1) + " %", round(value * 100, 1))


def _text(value: str, href: str | None = None) -> Cell:
    return Cell(value, value, href)


def _count_table(
    name: str,
    title: str,
    intro: str,
    heading: str,
    counts: list[Count],
    name_of: Callable[[str], str],
) -> FigureTable:
    rows = [[_text(name_of(c.key)), _n(c.count)] for c in counts]
    bars = [
        charts.Bar(row[0].text, float(c.count), row[1].text)
        for row, c in zip(rows, counts, strict=True)
    ]
    return FigureTable(
        name=name,
        title=title,
        intro=intro,
        columns=[heading, _("Pilots")],
        rows=rows,
        chart=charts.count_chart(bars, chart_id=f"chart-{name}", title=title, description=intro)
        if counts
        else None,
    )


def funnel_table(figures: Figures) -> FigureTable:
    names = {
        "published": _("Gepubliceerd"),
        "rated": _("Beoordeeld door minstens 3 andere organisaties"),
        "adopted": _("Hergebruikt door een andere organisatie"),
        "nominated": _("Voorgedragen voor de catalogus"),
        "catalogue": _("Opgenomen in de catalogus"),
    }
    rows = [[_text(names[s.key]), _n(s.count), _share(s.share)] for s in figures.funnel]
    title = _("Van pilot naar standaard")
    intro = _(
        "Hoeveel openbare pilots elke stap op weg naar de catalogus hebben gezet, en welk "
        "deel van alle gepubliceerde pilots dat is. Elke stap is apart geteld: een curator "
        "kan een pilot opnemen die een stap miste."
    )
    bars = [
        charts.Bar(row[0].text, float(step.count), f"{row[1].text} ({row[2].text})")
        for row, step in zip(rows, figures.funnel, strict=True)
    ]
    return FigureTable(
        name="funnel",
        title=title,
        intro=intro,
        columns=[_("Stap"), _("Pilots"), _("Deel van de gepubliceerde pilots")],
        rows=rows,
        chart=charts.count_chart(bars, chart_id="chart-funnel", title=title, description=intro),
        notes=[
            _(
                "Alleen beoordelingen en hergebruik door organisaties die de pilot niet zelf "
                "uitvoeren tellen mee; hergebruik is ‘in voorbereiding’ of ‘in gebruik’."
            )
        ],
    )


def _growth_table(
    name: str, title: str, intro: str, added: str, growth: list[YearGrowth], cumulative: bool
) -> FigureTable:
    rows = [[_text(str(g.year)), _n(g.added), _n(g.total)] for g in growth]
    columns = [
        charts.Bar(
            str(g.year),
            float(g.total if cumulative else g.added),
            fmt_number(g.total if cumulative else g.added),
        )
        for g in growth
    ]
    return FigureTable(
        name=name,
        title=title,
        intro=intro,
        columns=[_("Jaar"), added, _("Totaal tot en met dat jaar")],
        rows=rows,
        chart=charts.column_chart(columns, chart_id=f"chart-{name}", title=title, description=intro)
        if growth
        else None,
    )


LEVELS = 5


def _level(value: float | None, largest: float) -> int:
    if not value or not largest:
        return 0
    return min(LEVELS - 1, int(value / largest * LEVELS))


def map_table(provinces: list[ProvinceAdoption]) -> FigureTable:
    title = _("Hergebruik per gemeente, per provincie")
    intro = _(
        "Per provincie: hoeveel pilots van anderen haar gemeenten gemiddeld in gebruik hebben. "
        "Hoe donkerder het vlak, hoe meer; het getal staat in elk vlak en in de tabel."
    )
    largest = max((p.per_municipality or 0 for p in provinces), default=0)
    rows = [
        [
            _text(p.province),
            _n(p.municipalities),
            _n(p.adoptions),
            Cell(fmt_number(p.per_municipality or 0, 1), round(p.per_municipality or 0, 2)),
        ]
        for p in provinces
    ]
    tiles = []
    for p, row in zip(provinces, rows, strict=True):
        place = tile_of(p.province)
        if place is not None:
            tiles.append(
                charts.Tile(
                    p.province, place[0], place[1], row[3].text, _level(p.per_municipality, largest)
                )
            )
    step = largest / LEVELS
    legend = (
        [
            _(
                "%(low)s tot %(high)s",
                low=fmt_number(step * i, 1),
                high=fmt_number(step * (i + 1), 1),
            )
            for i in range(LEVELS)
        ]
        if largest
        else []
    )
    return FigureTable(
        name="map",
        title=title,
        intro=intro,
        columns=[_("Provincie"), _("Gemeenten"), _("Pilots in gebruik"), _("Per gemeente")],
        rows=rows,
        chart=charts.tile_map(
            tiles, chart_id="chart-map", title=title, description=intro, legend=legend
        )
        if tiles
        else None,
    )


def most_reused_table(figures: Figures) -> FigureTable:
    title = _("Meest hergebruikte standaarden")
    intro = _("De standaarden uit de catalogus die de meeste gemeenten in gebruik hebben.")
    rows = [
        [_text(s.name, url_for("catalogue.show", slug=s.slug)), _n(s.municipalities)]
        for s in figures.most_reused
    ]
    bars = [
        charts.Bar(row[0].text, float(s.municipalities), row[1].text)
        for row, s in zip(rows, figures.most_reused, strict=True)
    ]
    return FigureTable(
        name="most-reused",
        title=title,
        intro=intro,
        columns=[_("Standaard"), _("Gemeenten")],
        rows=rows,
        chart=charts.count_chart(bars, chart_id="chart-most-reused", title=title, description=intro)
        if bars
        else None,
    )


def tables(figures: Figures) -> list[FigureTable]:
    phase_order = {phase.value: i for i, phase in enumerate(Phase)}
    return [
        funnel_table(figures),
        _count_table(
            "themes",
            _("Pilots per thema"),
            _("Openbare pilots per thema; een pilot kan meer thema's hebben."),
            _("Thema"),
            figures.by_theme,
            lambda code: str(label(THEMES, code)),
        ),
        _count_table(
            "phases",
            _("Pilots per fase"),
            _("Openbare pilots per fase, van idee tot afgerond of gestopt."),
            _("Fase"),
            sorted(figures.by_phase, key=lambda c: phase_order.get(c.key, 99)),
            lambda code: str(label(PHASES, code)),
        ),
        _count_table(
            "provinces",
            _("Pilots per provincie"),
            _("Openbare pilots naar de provincie van de organisatie die ze uitvoert."),
            _("Provincie"),
            figures.by_province,
            lambda name: name or _("Landelijk (geen provincie)"),
        ),
        _count_table(
            "years",
            _("Pilots per jaar"),
            _("Openbare pilots naar het jaar waarin ze zijn gepubliceerd."),
            _("Jaar"),
            figures.by_year,
            str,
        ),
        _growth_table(
            "catalogue-growth",
            _("Groei van de catalogus"),
            _("Het aantal standaarden in de catalogus aan het eind van elk jaar."),
            _("Nieuwe standaarden"),
            figures.catalogue_growth,
            cumulative=True,
        ),
        _growth_table(
            "adoptions",
            _("Hergebruik per jaar"),
            _(
                "Hoe vaak een gemeente per jaar voor het eerst meldde dat ze een pilot van een "
                "ander in gebruik heeft (en dat nog steeds heeft)."
            ),
            _("Nieuw hergebruik"),
            figures.adoption_growth,
            cumulative=False,
        ),
        most_reused_table(figures),
        map_table(figures.provinces),
    ]


NAMES = (
    "funnel",
    "themes",
    "phases",
    "provinces",
    "years",
    "catalogue-growth",
    "adoptions",
    "most-reused",
    "map",
)
