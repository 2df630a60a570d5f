"""The comparison's search for something to add: GET, so without a CSRF token."""

from __future__ import annotations

from wtforms import SearchField
from wtforms.validators import Length

from registry.translation import lazy_gettext as _l
from registry.web.forms import strip
from registry.web.input_guard import GuardedForm

MAX_QUERY = 100


class AddForm(GuardedForm):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoek een pilot of standaard op naam"),
        filters=[strip],
        validators=[Length(max=MAX_QUERY)],
    )

    def text(self) -> str:
        """The words to look for; anything too long is cut, never refused."""
        return (self.q.data or "")[:MAX_QUERY]
