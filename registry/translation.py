"""gettext for the whole site: Flask-Babel's translations, looked up once per locale.

Flask-Babel finds the translations anew for every string it translates
(the context, the locale, its name, a cache lookup: several microseconds),
and a list page translates some hundreds of strings. Here the translations
object is kept on the app context next to the locale it belongs to, so a
`force_locale` (mail in the reader's language) or a language chosen later
in the request is still honoured: a different locale object means a fresh
lookup. Everything else is Flask-Babel's own behaviour, with the same
signatures, so `pybabel extract` finds these calls as before.
"""

from __future__ import annotations

from typing import Any

import flask_babel
from babel.support import NullTranslations
from flask import g
from flask_babel.speaklater import LazyString  # type: ignore[import-untyped]

_KEPT = "_registry_translations"


def translations() -> NullTranslations:
    try:
        namespace = g._get_current_object()
    except RuntimeError:  # outside an app context: Babel's answer (no translation)
        return flask_babel.get_translations()
    # Flask-Babel keeps the request's locale as `babel_locale` on `g._flask_babel`;
    # should that ever change, the lookup below simply runs every time.
    locale = getattr(getattr(namespace, "_flask_babel", None), "babel_locale", None)
    kept = getattr(namespace, _KEPT, None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept[1]
    found = flask_babel.get_translations()
    setattr(namespace, _KEPT, (flask_babel.get_locale(), found))
    return found


def gettext(string: str, **variables: Any) -> str:
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    return LazyString(gettext, string, **variables)


def install_in_templates(jinja_env: Any) -> None:
    """Templates translate through the same lookup (Jinja formats the variables)."""
    jinja_env.install_gettext_callables(
        lambda string: translations().ugettext(string),
        lambda singular, plural, num: translations().ungettext(singular, plural, num),
        newstyle=True,
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, num: translations().unpgettext(
            context, singular, plural, num
        ),
    )
