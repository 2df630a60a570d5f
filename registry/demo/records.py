"""The shapes of the demo content, so the data modules read as plain declarations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from textwrap import dedent


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name: str
    kind: str
    province: str | None
    province_code: str | None
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    organisation: str  # organisation code
    role: str


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    baseline: float | None = None
    target: float | None = None
    result: float | None = None


@dataclass(frozen=True)
class DemoPilot:
    """One pilot. `registered` dates its `created` event; drafts are never published."""

    slug: str
    title: str
    owner: str
    summary: str
    phase: str
    themes: tuple[str, ...]
    registered: date
    problem: str = ""
    approach: str = ""
    results: str = ""
    lessons: str = ""
    tags: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    layer: str | None = None
    start: date | None = None
    end: date | None = None
    budget: int | None = None
    funding: str = ""
    website: str = ""
    repository: str = ""
    documentation: str = ""
    licence: str = ""
    indicators: tuple[DemoIndicator, ...] = ()
    draft: bool = False


def md(text: str) -> str:
    """Markdown written indented in the source, without the indentation."""
    return dedent(text).strip()
