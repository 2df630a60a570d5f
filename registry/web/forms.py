"""Form pieces shared by every area: fields, filters and validators."""

from __future__ import annotations

from collections.abc import Hashable
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from wtforms import Field, SelectChoice, SelectMultipleField, widgets
from wtforms.validators import ValidationError

from registry.translation import language
from registry.translation import lazy_gettext as _l


def strip(value: object) -> object:
    """Filter: trim surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; `_macros.field` renders it as a fieldset with a legend."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class FilterSelect(widgets.Select):
    """A filter's select, written once and kept.

    WTForms writes every option through several calls (a choice object,
    `html_params`, escaping); with 342 municipalities to choose from that was
    a third of a list page's cost. A filter's choices are plain value/label
    pairs, so the whole select is kept by its choices (their labels compare
    as text in the page's language), its attributes and the chosen value, and
    the HTML of an option by its value, its label and whether it is chosen.
    Choices of any other shape are written by WTForms as before.
    """

    KEEP = 8192  # options kept per widget; past it the kept ones are dropped
    KEEP_SELECTS = 128  # whole selects kept per widget (one is some 20 KB)

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict[tuple[str, str, bool], str] = {}
        # A select is kept by its choice objects' identities: the entry holds
        # the objects too, so no other object can come to carry their ids.
        self._selects: dict[Hashable, tuple[list, Markup]] = {}

    def __call__(self, field, **kwargs):
        choices = field.choices
        try:
            key: Hashable | None = (
                field.name,
                field.data,
                language(),
                tuple(sorted(kwargs.items())),
                tuple(map(id, choices)),
            )
            hash(key)
        except TypeError:  # an attribute of the select that is a list or a dict
            key = None
        if key is not None and (kept := self._selects.get(key)) is not None:
            return kept[1]
        if self.multiple or not all(_plain(choice) for choice in choices):
            return super().__call__(field, **kwargs)
        select = self._written(field, choices, kwargs)
        if key is not None:
            if len(self._selects) >= self.KEEP_SELECTS:
                self._selects.clear()
            self._selects[key] = (list(choices), select)
        return select

    def _written(self, field, choices, kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, False):
                kwargs[flag] = True
        kept = self._kept
        if len(kept) > self.KEEP:
            kept.clear()
        chosen = field.data
        html = [f"<select {widgets.html_params(name=field.name, **kwargs)}>"]
        for choice in choices:
            label = str(choice.label or choice.value)  # as WTForms: no label, the value
            key = (choice.value, label, choice.value == chosen)
            option = kept.get(key)
            if option is None:
                selected = "selected " if key[2] else ""
                option = kept[key] = (
                    f'<option {selected}value="{escape(choice.value)}">{escape(label)}</option>'
                )
            html.append(option)
        html.append("</select>")
        return Markup("".join(html))


def _plain(choice: object) -> bool:
    return (
        isinstance(choice, SelectChoice)
        and isinstance(choice.value, str)
        and not choice.render_kw
        and choice.optgroup is None
    )


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
