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
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

_KEPT = "_registry_translations"


def translations() -> NullTranslations:
    return _kept()[1]


def language() -> str | None:
    """The request's language, as `str(flask_babel.get_locale())`: kept with the translations,
    since a page formats dozens of dates and numbers in it."""
    return _kept()[2]


def _kept() -> tuple[Any, NullTranslations, str | None]:
    try:
        namespace = g._get_current_object()
    except RuntimeError:  # outside an app context: Babel's answer (no translation)
        outside = flask_babel.get_locale()
        return outside, flask_babel.get_translations(), str(outside) if outside else None
    # Flask-Babel keeps the request's locale as `babel_locale` on `g._flask_babel`;
    # should that ever change, the lookup below simply runs every time.
    locale = getattr(getattr(namespace, "_flask_babel", None), "babel_locale", None)
    kept = getattr(namespace, _KEPT, None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept
    found = flask_babel.get_translations()
    current = flask_babel.get_locale()
    kept = (current, found, str(current) if current else None)
    setattr(namespace, _KEPT, kept)
    return kept


def gettext(string: str, **variables: Any) -> str:
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    return LazyString(gettext, string, **variables)


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, **variables: Any) -> str:
    text = translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)
    if not variables and "%" not in text:
        return text  # what formatting would give, without its cost (most strings)
    return text % variables


@pass_eval_context
def _template_ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables: Any
) -> str:
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def install_in_templates(jinja_env: Any) -> None:
    """Templates translate through the same lookup, in one call per string.

    Jinja's newstyle gettext reaches the translation through three calls (the
    `_` alias, the wrapper that escapes and formats, the callable), each through
    the template context's dispatch, and a page translates a hundred strings or
    more: `_`, `gettext` and `ngettext` are replaced by functions that do the
    same in one. Their behaviour is Jinja's: the text is Markup where the
    template autoescapes, and variables are always formatted into it.
    """
    # Installed for newstyle `{% trans %}` and `pgettext`; its `gettext` and `ngettext`
    # give way to the one-call versions below.
    jinja_env.install_gettext_callables(
        lambda string: translations().ugettext(string),
        lambda singular, plural, num: translations().ungettext(singular, plural, num),
        newstyle=True,
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, num: translations().unpgettext(
            context, singular, plural, num
        ),
    )
    jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext
    )
