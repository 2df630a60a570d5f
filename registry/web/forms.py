"""Form pieces shared by every area: fields, filters and validators."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import Field, SelectMultipleField, widgets
from wtforms.validators import ValidationError


def strip(value: object) -> object:
    """Filter: trim surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; `_macros.field` renders it as a fieldset with a legend."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ManyOptionsSelect(widgets.Select):
    """A select of hundreds of plain options (organisations), each written in one step.

    WTForms builds every option through `html_params`, which costs as much as
    the rest of a list page once there are 342 municipalities to choose from.
    The HTML is the same: `<option selected value="...">label</option>`.
    """

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or not isinstance(choice.value, str):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')


class HttpUrl:
    """Accept only absolute http(s) links: no `javascript:`, `data:` or relative paths."""

    def __init__(self, message: object = None) -> None:
        self.message = message or _l("Vul een volledig webadres in dat begint met https://")

    def __call__(self, form: object, field: Field) -> None:
        value = (field.data or "").strip()
        if not value:
            return
        parts = urlsplit(value)
        if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or " " in value:
            raise ValidationError(self.message)
