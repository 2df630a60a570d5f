"""The directory's filter form (GET, so it needs no CSRF token)."""

from __future__ import annotations

from wtforms import BooleanField, SearchField, SelectField

from registry.translation import lazy_gettext as _l
from registry.web.forms import strip
from registry.web.input_guard import GuardedForm


class DirectoryFilterForm(GuardedForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Zoek op naam of code"), filters=[strip])
    province = SelectField(_l("Provincie"), choices=[], validate_choice=False)
    inactive = BooleanField(_l("Toon ook opgeheven gemeenten"))

    def set_provinces(self, names: list[str]) -> None:
        self.province.choices = [("", _l("Alle provincies")), *((n, n) for n in names)]
