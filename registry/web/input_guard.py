"""Control characters never reach a view, a service or the database.

A NUL byte makes PostgreSQL refuse the statement (a 500 where the user made
a typo or an attacker probed), and the other C0/C1 control characters are
invisible in every page that would show them. Two guards, each in one place:

- `refuse_control_characters` (a `before_request` hook) answers 400 on the
  site's error page when the path or the query string holds one; no view
  runs, so no view needs to check its arguments.
- `GuardedForm` is the base of every form: a field whose value holds one gets
  a form error next to it and nothing is saved. Multi-line text (a
  `TextAreaField`) may hold tab, CR and LF; a single-line field may not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import Flask, abort, request
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, TextAreaField
from wtforms.meta import DefaultMeta

from registry.translation import lazy_gettext as _l

# C0 controls and DEL, and the C1 controls: nothing a person types on purpose.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same without tab, LF and CR, which belong in multi-line text.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

REFUSED = _l(
    "Het adres van deze pagina bevat onzichtbare stuurtekens en kan niet worden geopend. "
    "Controleer het adres of ga terug naar de vorige pagina."
)
FIELD_ERROR = _l(
    "Dit veld bevat onzichtbare stuurtekens (bijvoorbeeld uit een gekopieerde tekst). "
    "Typ de tekst opnieuw of verwijder die tekens."
)


def has_control_characters(value: str, multiline: bool = False) -> bool:
    return bool((_CONTROL_IN_TEXT if multiline else _CONTROL).search(value))


def _field_error(value: str, multiline: bool) -> object:
    """The message for a field; in a long text it names the line, so the user can find it."""
    if not multiline:
        return FIELD_ERROR
    found = _CONTROL_IN_TEXT.search(value)
    line = value.count("\n", 0, found.start() if found else 0) + 1
    return _l(
        "Regel %(line)d van dit veld bevat onzichtbare stuurtekens (bijvoorbeeld uit een "
        "gekopieerde tekst). Typ de tekst opnieuw of verwijder die tekens.",
        line=line,
    )


def _any_control(values: Iterable[str]) -> bool:
    return any(has_control_characters(v) for v in values)


def refuse_control_characters() -> None:
    """400 for a path or query string with control characters, before routing reaches a view."""
    args = request.args
    if (
        has_control_characters(request.path)
        or _any_control(args.keys())
        or _any_control(value for _, value in args.items(multi=True))
    ):
        abort(400, REFUSED)


class ControlCharacterFilter:
    """A field filter that turns control characters into a form error.

    A filter runs before every validator (and before `strip`, which would
    silently eat some of them); the `ValueError` it raises becomes the field's
    first error when the form is validated.
    """

    def __init__(self, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> object:
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, str) and has_control_characters(item, self.multiline):
                raise ValueError(_field_error(item, self.multiline))
        return value


def _bind_guarded(meta, form, unbound_field, options, bind):
    field_class = unbound_field.field_class
    if issubclass(field_class, FormField | FieldList):
        return bind(form, unbound_field, options)  # their fields are guarded one by one
    multiline = issubclass(field_class, TextAreaField)
    filters = [ControlCharacterFilter(multiline), *unbound_field.kwargs.get("filters", ())]
    return bind(form, unbound_field, {**options, "filters": filters})


class GuardedForm(FlaskForm):
    """The base of every form of the site (`tests/test_input_guard.py` checks that)."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            return _bind_guarded(self, form, unbound_field, options, super().bind_field)


class GuardedSubform(Form):
    """The base of a form repeated inside another (a `FormField`), without its own CSRF token."""

    class Meta(DefaultMeta):
        def bind_field(self, form, unbound_field, options):
            return _bind_guarded(self, form, unbound_field, options, super().bind_field)


def init_app(app: Flask) -> None:
    # Registered before the other request hooks, so none of them sees the input first.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_control_characters)
