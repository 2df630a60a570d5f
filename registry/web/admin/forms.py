"""Forms for the admin pages. Choices come from the view; forms never query."""

from __future__ import annotations

from wtforms import SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from registry.models.vocab import Role
from registry.translation import lazy_gettext as _l
from registry.web import labels
from registry.web.forms import strip
from registry.web.input_guard import GuardedForm


def role_choices() -> list[tuple[str, object]]:
    return [(role.value, labels.ROLES[role]) for role in Role]


class _RowForm(GuardedForm):
    """One of many forms on a list page: ids get a suffix so every label stays unique."""

    def __init__(self, *args, row: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if row is not None:
            for field in self:
                field.id = f"{field.id}-{row}"
                field.label.field_id = field.id


class PlaceForm(_RowForm):
    organisation = SelectField(
        _l("Organisatie"), validators=[DataRequired(_l("Kies een organisatie."))]
    )
    role = SelectField(
        _l("Rol"),
        choices=role_choices,
        default=Role.MEMBER.value,
        validators=[DataRequired(_l("Kies een rol."))],
    )


class RoleForm(_RowForm):
    role = SelectField(
        _l("Rol"), choices=role_choices, validators=[DataRequired(_l("Kies een rol."))]
    )


class DomainForm(GuardedForm):
    domain = StringField(
        _l("E-maildomein"),
        filters=[strip],
        validators=[
            DataRequired(_l("Vul een domeinnaam in.")),
            Length(max=253, message=_l("Deze domeinnaam is te lang.")),
        ],
    )


class ConfirmForm(GuardedForm):
    """A button-only form: it carries the CSRF token and nothing else."""


class SearchForm(GuardedForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Zoeken"), filters=[strip])
