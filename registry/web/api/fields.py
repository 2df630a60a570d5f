"""JSON fields that take a value only as the type it is documented as.

marshmallow, like Python, reads `true` as 1 and `"5"` as 5; a client that
sends those has a bug we should name, not guess around. Text refuses the
control characters the web forms refuse (`web/input_guard.py`).
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields

from registry.translation import lazy_gettext as _l
from registry.web.input_guard import FIELD_ERROR, has_control_characters

NOT_WHOLE = _l("Verwacht een heel getal (geen tekst, true of false, of komma).")
NOT_NUMBER = _l("Verwacht een getal (geen tekst, true of false).")
NOT_TEXT = _l("Verwacht tekst.")

# The same characters as the guard's, as a JSON Schema pattern for the document.
NO_CONTROL = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
NO_CONTROL_IN_TEXT = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"


class Whole(fields.Integer):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(str(NOT_WHOLE))
        return super()._deserialize(value, attr, data, **kwargs)


class Number(fields.Float):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(str(NOT_NUMBER))
        return super()._deserialize(value, attr, data, **kwargs)


class Text(fields.String):
    """A string without control characters; `multiline` lets line breaks and tabs through."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        pattern = NO_CONTROL_IN_TEXT if multiline else NO_CONTROL
        kwargs["metadata"] = {"pattern": pattern, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)
        self.multiline = multiline

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str):
            raise ValidationError(str(NOT_TEXT))
        if has_control_characters(value, self.multiline):
            raise ValidationError(str(FIELD_ERROR))
        return super()._deserialize(value, attr, data, **kwargs)
