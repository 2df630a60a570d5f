"""Small charts as inline SVG, drawn on the server: no script, no inline style.

Every chart is an `<svg role="img">` named by its `<title>` and described by
its `<desc>`; pages show the same numbers as text next to it (a table), the
alternative for anyone who cannot see the picture. Colours come from CSS
classes in site.css; the presentation attributes are a fallback only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

WIDTH = 640


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as the reader sees it, e.g. "3,7"; empty when there is none


@dataclass(frozen=True)
class Point:
    when: datetime
    value: float
    text: str  # e.g. "3,7 op 4 mrt 2025", the point's tooltip


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _frame(chart_id: str, height: int, title: str, description: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    maximum: float = 5.0,
    marker: float | None = None,
) -> Markup:
    """Horizontal bars from 0 to `maximum`, one row per bar; `marker` draws a dashed line."""
    label_width, left, track = 250, 260, 300
    row = 30
    height = row * len(bars) + 10
    body = []
    for i, bar in enumerate(bars):
        y = 5 + i * row
        body.append(
            f'<text class="chart__label" x="0" y="{y + 17}" font-size="14">'
            f"{escape(_shorten(bar.label, label_width))}</text>"
            f'<rect class="chart__track" x="{left}" y="{y + 4}" width="{track}" height="16" '
            f'fill="#e6e6e6"></rect>'
        )
        if bar.value is not None:
            width = max(0.0, min(bar.value, maximum)) / maximum * track
            body.append(
                f'<rect class="chart__bar" x="{left}" y="{y + 4}" width="{_num(width)}" '
                f'height="16" fill="#01689b"></rect>'
            )
        body.append(
            f'<text class="chart__value" x="{left + track + 10}" y="{y + 17}" font-size="14">'
            f"{escape(bar.text or '–')}</text>"
        )
    if marker is not None:
        x = _num(left + marker / maximum * track)
        body.append(
            f'<line class="chart__marker" x1="{x}" x2="{x}" y1="2" y2="{height - 2}" '
            f'stroke="#333" stroke-width="1.5" stroke-dasharray="4 3"></line>'
        )
    return _frame(chart_id, height, title, description, body)


def line_chart(
    points: Sequence[Point],
    *,
    chart_id: str,
    title: str,
    description: str,
    first_label: str = "",
    last_label: str = "",
    low: float = 1.0,
    high: float = 5.0,
) -> Markup | None:
    """Values over time on a fixed scale from `low` to `high`; None without points."""
    if not points:
        return None
    height, top, bottom, left, right = 200, 10, 170, 40, WIDTH - 15
    start, end = points[0].when, points[-1].when
    span = (end - start).total_seconds()

    def x_of(i: int, point: Point) -> float:
        if len(points) == 1:
            return (left + right) / 2
        if span <= 0:
            return left + i / (len(points) - 1) * (right - left)
        return left + (point.when - start).total_seconds() / span * (right - left)

    def y_of(value: float) -> float:
        value = max(low, min(value, high))
        return bottom - (value - low) / (high - low) * (bottom - top)

    body = []
    for tick in range(int(low), int(high) + 1):
        y = _num(y_of(tick))
        body.append(
            f'<line class="chart__grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}" '
            f'stroke="#ccc" stroke-width="1"></line>'
            f'<text class="chart__label" x="{left - 10}" y="{_num(y_of(tick) + 5)}" '
            f'font-size="13" text-anchor="end">{tick}</text>'
        )
    coords = [(x_of(i, p), y_of(p.value)) for i, p in enumerate(points)]
    if len(coords) > 1:
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
        body.append(
            f'<polyline class="chart__line" points="{path}" fill="none" '
            f'stroke="#01689b" stroke-width="2.5"></polyline>'
        )
    for (point_x, point_y), point in zip(coords, points, strict=True):
        body.append(
            f'<circle class="chart__point" cx="{_num(point_x)}" cy="{_num(point_y)}" r="4" '
            f'fill="#01689b">'
            f"<title>{escape(point.text)}</title></circle>"
        )
    body.append(
        f'<text class="chart__label" x="{left}" y="{height - 8}" font-size="13">'
        f"{escape(first_label)}</text>"
        f'<text class="chart__label" x="{right}" y="{height - 8}" font-size="13" '
        f'text-anchor="end">{escape(last_label)}</text>'
    )
    return _frame(chart_id, height, title, description, body)


def _shorten(text: str, width: int, char_width: float = 7.6) -> str:
    """Cut a label that would run into the bars; the table beside the chart has it whole."""
    room = int(width / char_width)
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def count_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str) -> Markup:
    """Horizontal bars for counts: the longest bar is the largest count."""
    largest = max((bar.value or 0 for bar in bars), default=0)
    return bar_chart(
        bars, chart_id=chart_id, title=title, description=description, maximum=largest or 1
    )


def column_chart(columns: Sequence[Bar], *, chart_id: str, title: str, description: str) -> Markup:
    """Vertical columns in order (years, say), each with its label below and value above."""
    height, top, bottom, left, right = 220, 25, 190, 10, WIDTH - 10
    largest = max((column.value or 0 for column in columns), default=0) or 1
    slot = (right - left) / max(len(columns), 1)
    width = min(60.0, slot * 0.7)
    body = [
        f'<line class="chart__grid" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" '
        f'stroke="#ccc" stroke-width="1"></line>'
    ]
    for i, column in enumerate(columns):
        centre = left + slot * (i + 0.5)
        size = max(0.0, column.value or 0) / largest * (bottom - top)
        body.append(
            f'<rect class="chart__bar" x="{_num(centre - width / 2)}" y="{_num(bottom - size)}" '
            f'width="{_num(width)}" height="{_num(size)}" fill="#01689b"></rect>'
            f'<text class="chart__value" x="{_num(centre)}" y="{_num(bottom - size - 6)}" '
            f'font-size="13" text-anchor="middle">{escape(column.text)}</text>'
            f'<text class="chart__label" x="{_num(centre)}" y="{height - 10}" font-size="13" '
            f'text-anchor="middle">{escape(_shorten(column.label, int(slot)))}</text>'
        )
    return _frame(chart_id, height, title, description, body)


@dataclass(frozen=True)
class Tile:
    label: str
    column: int
    row: int
    text: str  # the figure written in the tile, so colour is never the only carrier
    level: int  # 0 (least) .. len(TILE_COLOURS) - 1 (most)


# Light to dark; the text on each keeps a contrast of at least 4.5:1.
TILE_COLOURS = (
    ("#e8f1f8", "#000000"),
    ("#c5dcec", "#000000"),
    ("#8fbbd9", "#000000"),
    ("#2a6f9e", "#ffffff"),
    ("#154273", "#ffffff"),
)


def tile_map(
    tiles: Sequence[Tile],
    *,
    chart_id: str,
    title: str,
    description: str,
    legend: Sequence[str] = (),
) -> Markup:
    """A tile map: one square per area, placed roughly where it lies, shaded by level.

    `legend` names each level, light to dark; it is drawn under the map.
    """
    size, gap, left, top = 120, 6, 10, 10
    rows = max((t.row for t in tiles), default=0) + 1
    legend_top = top + rows * (size + gap) + 10
    height = legend_top + (30 if legend else 0)
    body = []
    for tile in tiles:
        fill, ink = TILE_COLOURS[max(0, min(tile.level, len(TILE_COLOURS) - 1))]
        x, y = left + tile.column * (size + gap), top + tile.row * (size + gap)
        body.append(
            f'<g class="tile-map__tile tile-map__tile--{tile.level}">'
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{fill}" '
            f'stroke="#154273" stroke-width="1"></rect>'
            f'<text x="{x + size / 2:g}" y="{y + 50}" font-size="13" text-anchor="middle" '
            f'fill="{ink}">{escape(_shorten(tile.label, size - 8, 7.0))}</text>'
            f'<text x="{x + size / 2:g}" y="{y + 78}" font-size="20" font-weight="bold" '
            f'text-anchor="middle" fill="{ink}">{escape(tile.text)}</text>'
            "</g>"
        )
    step = (WIDTH - left) / max(len(legend), 1)
    for i, name in enumerate(legend):
        fill, _ink = TILE_COLOURS[min(i, len(TILE_COLOURS) - 1)]
        key_x = left + i * step
        body.append(
            f'<rect x="{_num(key_x)}" y="{legend_top}" width="18" height="18" fill="{fill}" '
            f'stroke="#154273" stroke-width="1"></rect>'
            f'<text class="chart__label" x="{_num(key_x + 24)}" y="{legend_top + 14}" '
            f'font-size="13">{escape(name)}</text>'
        )
    return _frame(chart_id, height, title, description, body)
