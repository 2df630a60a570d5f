"""The kept renderings that list pages use give exactly what Flask and WTForms give."""

from __future__ import annotations

from flask import Flask, url_for
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from registry.text_memo import kept_per_text
from registry.translation import lazy_gettext as _l
from registry.web import paths
from registry.web.forms import FilterSelect
from registry.web.paths import path_for


def test_a_kept_path_is_the_path_flask_builds(app):
    for environ in ({}, {"SCRIPT_NAME": "/register"}):
        with app.test_request_context("/", environ_overrides=environ):
            cases = [
                ("projects.show", {"slug": "slimme-lantaarnpalen"}),
                ("projects.index", {"page": 2, "sort": "score"}),
                ("organisations.show", {"code": "GM0344"}),
                ("compare.index", {"p": ["a", "b"], "s": []}),  # lists: built by Flask
                ("projects.show", {"slug": "x", "_external": True}),
                ("projects.show", {"slug": "x", "_anchor": "beoordelingen"}),
            ]
            for endpoint, values in cases:
                assert path_for(endpoint, **values) == url_for(endpoint, **values)
                assert path_for(endpoint, **values) == url_for(endpoint, **values)  # kept


def test_a_path_is_kept_per_mount_point(app):
    with app.test_request_context("/"):
        assert path_for("projects.show", slug="a") == "/projects/a"
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": "/register"}):
        assert path_for("projects.show", slug="a") == "/register/projects/a"


def test_equal_values_of_another_type_are_not_mixed_up(app):
    with app.test_request_context("/"):
        assert path_for("projects.index", page=1) == url_for("projects.index", page=1)
        assert path_for("projects.index", page=True) == url_for("projects.index", page=True)


class Filters(Form):
    kept = SelectField(choices=[], widget=FilterSelect())
    plain = SelectField(choices=[], widget=Select())


def test_a_filter_select_writes_what_wtforms_writes(app):
    choices = [
        SelectChoice("", _l("Alle organisaties")),
        SelectChoice("GM0344", "Utrecht"),
        SelectChoice("GM0363", 'Amsterdam & "omstreken" <x>'),
    ]
    with app.test_request_context("/?lang=en"):
        for chosen in ("", "GM0363", "unknown"):
            form = Filters(data={"kept": chosen, "plain": chosen})
            form.kept.choices = form.plain.choices = choices
            kept = str(form.kept()).replace('id="kept" name="kept"', "")
            plain = str(form.plain()).replace('id="plain" name="plain"', "")
            assert kept == plain
            assert "All organisations" in kept
            assert "&amp; &#34;omstreken&#34; &lt;x&gt;" in kept


def test_a_kept_select_is_written_anew_for_another_language_value_attribute_or_choice(app):
    choices = [SelectChoice("", _l("Alle organisaties")), SelectChoice("GM0344", "Utrecht")]

    def written(url: str, chosen: str, choices: list[SelectChoice], **attributes) -> str:
        with app.app_context(), app.test_request_context(url):  # each its own language
            form = Filters(data={"kept": chosen, "plain": chosen})
            form.kept.choices = form.plain.choices = list(choices)
            kept = str(form.kept(**attributes)).replace('id="kept" name="kept"', "")
            plain = str(form.plain(**attributes)).replace('id="plain" name="plain"', "")
            assert kept == plain
            return kept

    dutch = written("/", "", choices)
    assert "Alle organisaties" in dutch
    assert written("/", "", choices) == dutch
    assert "All organisations" in written("/?lang=en", "", choices)
    assert 'selected value="GM0344"' in written("/", "GM0344", choices)
    assert 'aria-describedby="hint"' in written("/", "", choices, aria_describedby="hint")
    renamed = [choices[0], SelectChoice("GM0344", "Utrecht (stad)")]
    assert "Utrecht (stad)" in written("/", "", renamed)
    assert written("/", "", choices) == dutch


def test_other_choices_are_left_to_wtforms(app):
    with app.test_request_context("/"):
        form = Filters(data={"kept": "a"})
        form.kept.choices = [SelectChoice("a", "A", render_kw={"disabled": True})]
        assert "disabled" in str(form.kept())


def test_a_long_argument_is_built_each_time_not_kept(app):
    with app.test_request_context("/"):
        kept = app.extensions["kept_paths"]
        kept.cache_clear()
        long_next = "/projects?" + "x" * 500
        assert path_for("auth.login", next=long_next) == url_for("auth.login", next=long_next)
        assert kept.cache_info().currsize == 0
        path_for("projects.show", slug="a")
        assert kept.cache_info().currsize == 1


def test_each_app_keeps_its_own_paths(app):
    other = Flask("other")
    other.add_url_rule("/elders/<slug>", "projects.show", lambda slug: slug)
    paths.init_app(other)
    with app.test_request_context("/"):
        assert path_for("projects.show", slug="a") == "/projects/a"
    with other.test_request_context("/"):
        assert path_for("projects.show", slug="a") == "/elders/a"


def test_a_text_is_kept_by_its_digest_for_the_last_texts_seen():
    calls: list[str] = []

    @kept_per_text(2)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [shout("a"), shout("b"), shout("a"), shout("c\x00"), shout("b")] == [
        "A",
        "B",
        "A",
        "C\x00",
        "B",
    ]
    assert calls == ["a", "b", "c\x00", "b"]  # "b" was the oldest when "c" came
