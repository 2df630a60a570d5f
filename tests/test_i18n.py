"""Dutch first, English on request, and the choice sticks."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from registry.web.templating import fmt_date, fmt_number


def test_lang_parameter_switches_the_page_and_is_remembered(client):
    english = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english
    later = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in later
    back = client.get("/?lang=nl").get_data(as_text=True)
    assert '<html lang="nl">' in back


def test_unknown_language_falls_back_to_dutch(client):
    html = client.get("/?lang=xx").get_data(as_text=True)
    assert '<html lang="nl">' in html


def test_language_switch_link_keeps_the_page_and_its_query(client):
    html = client.get("/projects?phase=running&theme=economy").get_data(as_text=True)
    assert 'href="/projects?phase=running&amp;theme=economy&amp;lang=en"' in html


def test_dates_and_numbers_follow_the_language(app):
    with app.test_request_context("/"):
        with force_locale("nl"):
            assert fmt_date(date(2026, 3, 5)) == "5 mrt 2026"
            assert fmt_number(1234567) == "1.234.567"
        with force_locale("en"):
            assert fmt_date(date(2026, 3, 5)) == "5 Mar 2026"  # en-GB
            assert fmt_number(1234567) == "1,234,567"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ _("Pilots") }}', "Pilots"),
        ('{{ _("50%% minder wachttijd") }}', "50% minder wachttijd"),
        ('{{ _("%(num)s pilots", num="<b>3</b>") }}', "&lt;b&gt;3&lt;/b&gt; pilots"),
        ('{{ ngettext("%(num)d pilot", "%(num)d pilots", 2) }}', "2 pilots"),
        ('{% autoescape false %}{{ _("%(x)s", x="<i>") }}{% endautoescape %}', "<i>"),
    ],
)
def test_templates_translate_format_and_escape_as_jinja_does(app, source, expected):
    with app.test_request_context("/?lang=nl"):
        app.preprocess_request()
        assert app.jinja_env.from_string(source).render() == expected


def test_a_label_is_in_the_language_of_the_request_each_time(app):
    from registry.web import labels

    for _ in range(2):  # the second time from what is kept
        # Each request in an app context of its own, as a served request has.
        with app.app_context(), app.test_request_context("/?lang=en"):
            app.preprocess_request()
            assert labels.label(labels.PHASES, "completed") == "Completed"
        with app.app_context(), app.test_request_context("/"):
            app.preprocess_request()
            assert labels.label(labels.PHASES, "completed") == "Afgerond"
    assert labels.label(labels.PHASES, "no such phase") == "no such phase"
    assert labels.label(labels.PHASES, None) == ""
