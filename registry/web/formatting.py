"""Numbers and dates as a reader of the page's language expects them.

English pages format the British way (29 Nov 2026, 100,000): the site
addresses Dutch public servants and their European partners, and Babel's
bare "en" is American ("Nov 29, 2026"). The mapping is for formatting only;
the translations stay under "en". Times show hours and minutes: seconds
suggest a precision no reader needs.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from babel import Locale, dates, numbers
from flask_babel import to_user_timezone

from registry.i18n import current_language

# The widths Babel knows for dates and times.
Width = Literal["full", "long", "medium", "short"]

FORMATTING_LOCALES = {"en": "en_GB"}


def formatting_locale() -> str:
    language = current_language()
    return FORMATTING_LOCALES.get(language, language)


def fmt_date(value: date | datetime | None, format: Width = "medium") -> str:
    """A date, or a date with its local time to the minute."""
    if value is None:
        return ""
    locale = formatting_locale()
    if not isinstance(value, datetime):
        return _date(value, format, locale)
    return dates.format_datetime(
        to_user_timezone(value), _datetime_pattern(format, locale), locale=_locale(locale)
    )


def fmt_day(value: datetime, format: Width = "medium") -> str:
    """The local calendar day of a moment, without its time."""
    return _date(to_user_timezone(value).date(), format, formatting_locale())


# Babel parses the locale and the pattern anew for every date and number; a
# page shows dozens of them in a handful of formats.


@lru_cache(maxsize=8)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@lru_cache(maxsize=4096)
def _date(value: date, format: Width, locale: str) -> str:
    return dates.format_date(value, format, locale=_locale(locale))


@lru_cache(maxsize=32)
def _datetime_pattern(format: Width, locale: str) -> str:
    return (
        str(dates.get_datetime_format(format, locale=locale))
        .replace("{1}", dates.get_date_format(format, locale=locale).pattern)
        .replace("{0}", dates.get_time_format("short", locale=locale).pattern)
    )


def fmt_decimal(value: float | int | Decimal, format: str | None = None) -> str:
    return _decimal(value, format, formatting_locale())


@lru_cache(maxsize=4096)
def _decimal(value: float | int | Decimal, format: str | None, locale: str) -> str:
    # Babel reads the locale and parses the pattern anew for every number; a
    # page shows the same few counts and scores over and over.
    return numbers.format_decimal(value, format=format, locale=_locale(locale))


def fmt_number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    if digits:
        return fmt_decimal(value, "#,##0." + "0" * digits)
    return fmt_decimal(value)
