"""Every kind of notification: its sentence, its mail subject, its group and default channel.

The sentence and subject are filled in from the notification's `params`;
a missing value reads as empty, so an old row never breaks the page. Labels
that depend on the reader's language (a phase, a catalogue status) are
added by the web layer before the sentence is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registry.models import MailChannel
from registry.translation import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    code: str
    group: str
    label: Any  # for the settings page and the filter
    message: Any
    subject: Any
    default: str = MailChannel.IMMEDIATE
    # Shown on the settings page; a kind whose event does not exist yet is not.
    listed: bool = True


class Group:
    PILOTS = "pilots"
    NOMINATIONS = "nominations"
    CURATION = "curation"
    FOLLOWING = "following"

    ALL = (PILOTS, NOMINATIONS, CURATION, FOLLOWING)


GROUP_LABELS = {
    Group.PILOTS: _l("Uw pilots"),
    Group.NOMINATIONS: _l("Voordrachten"),
    Group.CURATION: _l("Voor curatoren"),
    Group.FOLLOWING: _l("Wat u volgt"),
}

KINDS: tuple[Kind, ...] = (
    Kind(
        "project_rated",
        Group.PILOTS,
        _l("Een beoordeling van uw pilot"),
        _l("%(actor_org)s heeft de pilot ‘%(project)s’ beoordeeld."),
        _l("Nieuwe beoordeling: %(project)s"),
    ),
    Kind(
        "project_adopted",
        Group.PILOTS,
        _l("Hergebruik van uw pilot"),
        _l("%(actor_org)s heeft hergebruik van de pilot ‘%(project)s’ gemeld: %(status)s."),
        _l("Hergebruik gemeld: %(project)s"),
    ),
    Kind(
        "project_question",
        Group.PILOTS,
        _l("Een vraag over uw pilot"),
        _l("Er is een vraag gesteld over de pilot ‘%(project)s’."),
        _l("Nieuwe vraag: %(project)s"),
    ),
    Kind(
        "nomination_submitted",
        Group.NOMINATIONS,
        _l("Een pilot is voorgedragen"),
        _l("De pilot ‘%(project)s’ is voorgedragen voor de catalogus."),
        _l("Voorgedragen: %(project)s"),
    ),
    Kind(
        "nomination_in_review",
        Group.NOMINATIONS,
        _l("Een voordracht is in behandeling genomen"),
        _l("Een curator heeft de voordracht van de pilot ‘%(project)s’ in behandeling genomen."),
        _l("Voordracht in behandeling: %(project)s"),
    ),
    Kind(
        "nomination_accepted",
        Group.NOMINATIONS,
        _l("Een voordracht is aangenomen"),
        _l(
            "De voordracht van de pilot ‘%(project)s’ is aangenomen. "
            "De pilot staat nu als standaard in de catalogus."
        ),
        _l("Voordracht aangenomen: %(project)s"),
    ),
    Kind(
        "nomination_rejected",
        Group.NOMINATIONS,
        _l("Een voordracht is afgewezen"),
        _l("De voordracht van de pilot ‘%(project)s’ is afgewezen."),
        _l("Voordracht afgewezen: %(project)s"),
    ),
    Kind(
        "nomination_returned",
        Group.NOMINATIONS,
        _l("Een voordracht is teruggegeven"),
        _l(
            "De voordracht van de pilot ‘%(project)s’ is teruggegeven aan de eigenaren "
            "om de pilot verder uit te werken."
        ),
        _l("Voordracht teruggegeven: %(project)s"),
    ),
    Kind(
        "nomination_withdrawn",
        Group.NOMINATIONS,
        _l("Een voordracht is ingetrokken"),
        _l("De voordracht van de pilot ‘%(project)s’ is ingetrokken."),
        _l("Voordracht ingetrokken: %(project)s"),
    ),
    Kind(
        "nomination_new",
        Group.CURATION,
        _l("Een nieuwe voordracht"),
        _l("Nieuwe voordracht om te behandelen: de pilot ‘%(project)s’."),
        _l("Nieuwe voordracht: %(project)s"),
    ),
    Kind(
        "nomination_waiting",
        Group.CURATION,
        _l("Een voordracht wacht lang"),
        _l(
            "De voordracht van de pilot ‘%(project)s’ wacht al meer dan %(days)s dagen "
            "op een curator."
        ),
        _l("Voordracht wacht op behandeling: %(project)s"),
    ),
    Kind(
        "pilot_published",
        Group.FOLLOWING,
        _l("Een nieuwe pilot"),
        _l("Nieuwe pilot van %(owner)s: ‘%(project)s’."),
        _l("Nieuwe pilot: %(project)s"),
        default=MailChannel.DAILY,
    ),
    Kind(
        "pilot_phase_changed",
        Group.FOLLOWING,
        _l("Een pilot in een nieuwe fase"),
        _l("De pilot ‘%(project)s’ is nu in de fase ‘%(phase)s’."),
        _l("Nieuwe fase: %(project)s"),
        default=MailChannel.DAILY,
    ),
    Kind(
        "pilot_results_added",
        Group.FOLLOWING,
        _l("Resultaten van een pilot"),
        _l("Bij de pilot ‘%(project)s’ zijn resultaten toegevoegd."),
        _l("Nieuwe resultaten: %(project)s"),
        default=MailChannel.DAILY,
    ),
    Kind(
        "pilot_promoted",
        Group.FOLLOWING,
        _l("Een pilot wordt standaard"),
        _l("De pilot ‘%(project)s’ is als standaard opgenomen in de catalogus."),
        _l("Nieuwe standaard: %(project)s"),
        default=MailChannel.DAILY,
    ),
    Kind(
        "catalogue_status_changed",
        Group.FOLLOWING,
        _l("Een standaard verandert van status"),
        _l("De standaard ‘%(entry)s’ is nu %(status)s."),
        _l("Standaard %(status)s: %(entry)s"),
        default=MailChannel.DAILY,
    ),
)

BY_CODE: dict[str, Kind] = {kind.code: kind for kind in KINDS}


class _Blank(dict[str, Any]):
    """Parameters for %-formatting in which a missing one reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def fill(template: Any, params: dict[str, Any]) -> str:
    values = _Blank(params)
    values.setdefault("project", params.get("project_title", ""))
    values.setdefault("entry", params.get("entry_name", ""))
    return str(template) % values


def listed() -> list[Kind]:
    return [kind for kind in KINDS if kind.listed]
