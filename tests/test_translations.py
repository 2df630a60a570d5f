"""English is complete, and no template shows text that bypasses gettext."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import Environment

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "registry" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
METHOD_MAP = [
    ("registry/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
# What `make messages` extracts: Babel's defaults (gettext, ngettext, pgettext...) and lazy forms.
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
# The app renders every template with the i18n `trimmed` policy, so msgids are looked up trimmed.
OPTIONS = {"**.html": {"trimmed": "true"}, "**.txt": {"trimmed": "true"}}

# Attributes whose values people read or hear; everything else is markup.
VISIBLE_ATTRIBUTES = re.compile(r'\b(alt|title|aria-label|placeholder)="([^"]*)"')
TAG = re.compile(r"<[^>]*>", re.DOTALL)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
WORD = re.compile(r"[^\W\d_]{2,}")
MARK = "\x00"


def extracted_messages() -> set[tuple[str, str | None]]:
    """(msgid, context) pairs the code asks for; a plural entry is known by its singular."""
    messages = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS, options_map=OPTIONS
    ):
        messages.add((message[0] if isinstance(message, tuple) else message, context))
    return messages


def english_catalogue():
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="en")


def is_translated(message) -> bool:
    """Present, checked (not fuzzy), and every form (singular and plurals) filled in."""
    if message is None or message.fuzzy:
        return False
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(forms)


def test_every_message_in_the_code_has_an_english_translation():
    catalogue = english_catalogue()
    missing = [
        msgid
        for msgid, context in sorted(extracted_messages(), key=str)
        if not is_translated(catalogue.get(msgid, context=context))
    ]
    assert missing == [], f"{len(missing)} messages lack English: {missing[:20]}"


def test_the_completeness_check_counts_every_plural_form():
    catalogue = Catalog(locale="en")
    catalogue.add(("%(n)d pilot", "%(n)d pilots"), ("%(n)d pilot", ""))
    catalogue.add("Hallo", "Hello", flags=["fuzzy"])
    catalogue.add("Dag", "Bye")
    assert not is_translated(catalogue.get("%(n)d pilot"))
    assert not is_translated(catalogue.get("Hallo"))
    assert not is_translated(catalogue.get("Onbekend"))
    assert is_translated(catalogue.get("Dag"))


def visible_text_outside_gettext(source: str) -> list[str]:
    """Text a template shows literally: outside {{ }}/{% %}, outside tags, or in
    visible attributes."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    pieces = []
    in_trans = False
    for _lineno, token_type, value in env.lex(source):
        if token_type == "name" and value in ("trans", "endtrans"):
            in_trans = value == "trans"
        # Text inside {% trans %} ... {% endtrans %} goes through gettext.
        pieces.append(value if token_type == "data" and not in_trans else MARK)
    text = HTML_COMMENT.sub("", "".join(pieces))
    found = [value for _name, value in VISIBLE_ATTRIBUTES.findall(text) if WORD.search(value)]
    outside_tags = TAG.sub(MARK, text)
    found += [chunk.strip() for chunk in outside_tags.split(MARK) if WORD.search(chunk)]
    return found


def test_the_template_checker_catches_literal_text():
    assert visible_text_outside_gettext("<p>Hallo</p>") == ["Hallo"]
    assert visible_text_outside_gettext('<img alt="Logo" src="{{ x }}">') == ["Logo"]
    assert visible_text_outside_gettext('<p class="lead">{{ _("Hallo") }}</p>') == []
    assert visible_text_outside_gettext("<p>{% trans %}Hallo {{ naam }}{% endtrans %}</p>") == []
    mixed = "<p>{% trans %}Hallo{% endtrans %} wereld</p>"
    assert visible_text_outside_gettext(mixed) == ["wereld"]


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.html"))
)
def test_templates_hold_no_text_outside_gettext(template):
    source = (ROOT / template).read_text(encoding="utf-8")
    assert visible_text_outside_gettext(source) == []
