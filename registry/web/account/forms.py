"""Forms of the account pages."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from registry.models import TokenScope
from registry.services import api_tokens
from registry.translation import lazy_gettext as _l
from registry.web.auth.forms import new_password_fields
from registry.web.forms import MultiCheckboxField, strip
from registry.web.input_guard import GuardedForm

LANGUAGES = [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]

NOTIFICATION_LABELS = {
    "nomination_in_review": _l("Een voordracht van uw pilot is in behandeling genomen"),
    "nomination_accepted": _l("Een voordracht van uw pilot is aangenomen"),
    "nomination_rejected": _l("Een voordracht van uw pilot is afgewezen"),
    "nomination_returned": _l("Een voordracht van uw pilot is teruggegeven"),
}


class ProfileForm(GuardedForm):
    name = StringField(
        _l("Naam"),
        filters=[strip],
        validators=[
            DataRequired(_l("Vul uw naam in.")),
            Length(max=200, message=_l("Gebruik hoogstens 200 tekens.")),
        ],
    )
    language = SelectField(_l("Taal van de website en de e-mails"), choices=LANGUAGES)


class NotificationsForm(GuardedForm):
    by_mail = MultiCheckboxField(_l("Stuur mij een e-mail als"), validate_choice=True)

    def __init__(self, *args, kinds: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.by_mail.choices = [
            SelectChoice(kind, NOTIFICATION_LABELS.get(kind, kind)) for kind in kinds
        ]


class PasswordForm(GuardedForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul uw huidige wachtwoord in."))]
    )
    password, password_confirm = new_password_fields(_l("Nieuw wachtwoord"))


class EmailChangeForm(GuardedForm):
    email = EmailField(
        _l("Nieuw e-mailadres"),
        filters=[strip],
        validators=[
            DataRequired(_l("Vul uw nieuwe e-mailadres in.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(_l("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")),
        ],
    )
    password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul uw huidige wachtwoord in."))]
    )


TOKEN_SCOPE_LABELS = {
    TokenScope.READ: _l("Lezen (read)"),
    TokenScope.PROJECTS_WRITE: _l(
        "Eigen pilots registreren, bewerken en publiceren (projects:write)"
    ),
    TokenScope.REUSE_WRITE: _l("Beoordelen, hergebruik melden en voordragen (reuse:write)"),
}
TOKEN_LIFETIMES = [
    SelectChoice("30", _l("30 dagen")),
    SelectChoice("90", _l("90 dagen")),
    SelectChoice("365", _l("een jaar")),
    SelectChoice("", _l("geen vervaldatum")),
]


class ApiTokenForm(GuardedForm):
    name = StringField(
        _l("Naam van de sleutel"),
        filters=[strip],
        validators=[
            DataRequired(api_tokens.NO_NAME),
            Length(max=api_tokens.NAME_LENGTH, message=api_tokens.NAME_TOO_LONG),
        ],
    )
    scopes = MultiCheckboxField(
        _l("Bevoegdheden"),
        choices=[SelectChoice(scope.value, label) for scope, label in TOKEN_SCOPE_LABELS.items()],
        validators=[DataRequired(api_tokens.NO_SCOPE)],
    )
    lifetime = SelectField(_l("Geldig"), choices=TOKEN_LIFETIMES, default="90")

    def expires_days(self) -> int | None:
        return int(self.lifetime.data) if self.lifetime.data else None
