"""Translated labels of the reuse area's codes and events."""

from __future__ import annotations

from registry.models import AdoptionStatus
from registry.translation import lazy_gettext as _l

ADOPTION_STATUSES = {
    AdoptionStatus.INTERESTED: _l("Geïnteresseerd"),
    AdoptionStatus.PREPARING: _l("In voorbereiding"),
    AdoptionStatus.IN_USE: _l("In gebruik"),
    AdoptionStatus.STOPPED: _l("Gestopt"),
}

ADOPTION_STATUS_HINTS = {
    AdoptionStatus.INTERESTED: _l("We verkennen of deze oplossing bij ons past."),
    AdoptionStatus.PREPARING: _l("We hebben besloten over te nemen en bereiden de invoering voor."),
    AdoptionStatus.IN_USE: _l("De oplossing draait bij ons."),
    AdoptionStatus.STOPPED: _l("We gebruikten of onderzochten het, maar zijn ermee gestopt."),
}

EVENTS = {
    "rated": _l("beoordeelde de herbruikbaarheid"),
    "rating_withdrawn": _l("trok een beoordeling in"),
    "adopted": _l("meldde hergebruik"),
}
