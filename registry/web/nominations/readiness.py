"""The readiness checklist in words: one sentence per item, with its figures.

A count reads as a count with the requirement beside it ("4 beoordelingen
(3 nodig)"): "4 van 3" would read as a fraction once the requirement is met.
"""

from __future__ import annotations

from registry.services.readiness import Item
from registry.translation import gettext as _
from registry.translation import lazy_gettext as _l
from registry.translation import ngettext
from registry.web import labels
from registry.web.formatting import fmt_decimal

TITLES = {
    "phase": _l("Pilot afgerond"),
    "ratings": _l("Beoordelingen"),
    "rating_orgs": _l("Beoordelende organisaties"),
    "score": _l("Score voor hergebruik"),
    "adopters": _l("Hergebruik"),
    "results": _l("Resultaten vastgelegd"),
}


def _number(value: float) -> str:
    return fmt_decimal(value, format="#,##0.0#")


def describe(item: Item) -> str:
    """The item as a sentence with the actual and the required figure."""
    actual, required = item.actual, item.required
    if item.key == "phase":
        if item.met:
            return _("De pilot is afgerond.")
        return _(
            "De pilot is nog niet afgerond (fase: %(phase)s).",
            phase=labels.label(labels.PHASES, actual),
        )
    if item.key == "ratings":
        return ngettext(
            "%(num)d beoordeling door organisaties buiten de eigenaren (%(required)d nodig)",
            "%(num)d beoordelingen door organisaties buiten de eigenaren (%(required)d nodig)",
            actual,
            required=required,
        )
    if item.key == "rating_orgs":
        return ngettext(
            "%(num)d organisatie heeft beoordeeld (%(required)d nodig)",
            "%(num)d organisaties hebben beoordeeld (%(required)d nodig)",
            actual,
            required=required,
        )
    if item.key == "score":
        if actual is None:
            return _("Nog geen score; minimaal %(required)s nodig", required=_number(required))
        return _(
            "Score %(actual)s, minimaal %(required)s nodig",
            actual=_number(actual),
            required=_number(required),
        )
    if item.key == "adopters":
        return ngettext(
            "%(num)d organisatie buiten de eigenaren bereidt hergebruik voor of gebruikt de "
            "pilot (%(required)d nodig)",
            "%(num)d organisaties buiten de eigenaren bereiden hergebruik voor of gebruiken de "
            "pilot (%(required)d nodig)",
            actual,
            required=required,
        )
    if item.key == "results":
        found = actual or {}
        if item.met:
            return _("De resultaten zijn beschreven en onderbouwd met een meting of een bijlage.")
        if not found.get("text") and not (found.get("measured") or found.get("attachment")):
            return _(
                "Nog nodig: een beschrijving van de resultaten, en een indicator met een "
                "gemeten resultaat of een evaluatiebijlage."
            )
        if not found.get("text"):
            return _("Nog nodig: een beschrijving van de resultaten.")
        return _("Nog nodig: een indicator met een gemeten resultaat of een evaluatiebijlage.")
    return item.key


def title(item: Item) -> str:
    return str(TITLES.get(item.key, item.key))
