"""A municipality's record for its council and its opportunities, for its organisation page.

`council_page(organisation)` reads everything the sections need (a fixed
number of statements) and words each opportunity's reason; the template
`organisations/_council.html` only formats it. Other kinds of organisation
get None: the comparison is between municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup

from registry.i18n import current_language
from registry.models import Organisation
from registry.models.vocab import OrgKind
from registry.services import council_profile, freshness, opportunities
from registry.services.council_profile import CouncilRecord
from registry.services.opportunities import Opportunity, Peer
from registry.translation import gettext as _
from registry.translation import ngettext
from registry.web.reuse.labels import ADOPTION_STATUSES


@dataclass(frozen=True)
class Chance:
    slug: str
    name: str
    peers_using: int
    reason: str


@dataclass(frozen=True)
class CouncilPage:
    name: str
    record: CouncilRecord
    peers: list[Peer]
    chances: list[Chance]
    neighbours: int  # how many peers are compared at most
    province_bonus: float
    status_labels: dict[str, object]


def reason_text(opportunity: Opportunity) -> str:
    """The reason as one true sentence about a named group of comparable municipalities."""
    reason = opportunity.reason
    name = opportunity.name
    if len(reason.shared) == 2:
        return ngettext(
            "De enige gemeente die net als u ‘%(first)s’ en ‘%(second)s’ gebruikt, gebruikt ook "
            "‘%(name)s’.",
            "%(users)d van de %(num)d gemeenten die net als u ‘%(first)s’ en ‘%(second)s’ "
            "gebruiken, gebruiken ook ‘%(name)s’.",
            reason.group,
            users=reason.users,
            first=reason.shared[0],
            second=reason.shared[1],
            name=name,
        )
    if reason.shared:
        return ngettext(
            "De enige gemeente die net als u ‘%(first)s’ gebruikt, gebruikt ook ‘%(name)s’.",
            "%(users)d van de %(num)d gemeenten die net als u ‘%(first)s’ gebruiken, gebruiken "
            "ook ‘%(name)s’.",
            reason.group,
            users=reason.users,
            first=reason.shared[0],
            name=name,
        )
    return ngettext(
        "De enige vergelijkbare gemeente in %(province)s gebruikt ‘%(name)s’.",
        "%(users)d van de %(num)d vergelijkbare gemeenten in %(province)s gebruiken ‘%(name)s’.",
        reason.group,
        users=reason.users,
        province=reason.province or _("uw provincie"),
        name=name,
    )


def council_html(organisation: Organisation) -> Markup | None:
    """The sections rendered, kept per language until the register changes: they read
    the whole register's adoptions, and one municipality's page then costs no more
    than any other page."""
    if organisation.kind != OrgKind.MUNICIPALITY:
        return None

    def render() -> str:
        return render_template("organisations/_council.html", council=council_page(organisation))

    key = ("council html", organisation.id, current_language())
    return Markup(freshness.cached(key, render))


def council_page(organisation: Organisation) -> CouncilPage | None:
    if organisation.kind != OrgKind.MUNICIPALITY:
        return None
    found = opportunities.for_municipality(organisation)
    return CouncilPage(
        name=organisation.name,
        record=council_profile.record(organisation),
        peers=found.peers,
        chances=[Chance(o.slug, o.name, o.peers_using, reason_text(o)) for o in found.items],
        neighbours=opportunities.NEIGHBOURS,
        province_bonus=opportunities.PROVINCE_BONUS,
        status_labels={str(code): text for code, text in ADOPTION_STATUSES.items()},
    )
