"""Slugs: readable ASCII from Dutch titles, unique, never a path of the site itself."""

from __future__ import annotations

import pytest

from registry.models import Project
from registry.services.slugs import slugify, unique_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Chatbot voor de Wmo", "chatbot-voor-de-wmo"),
        ("Café Noord ’24", "cafe-noord-24"),
        ("Zoë’s ideeën over één loket", "zoes-ideeen-over-een-loket"),
        ("Straße & Ĳsselmeer", "strasse-ijsselmeer"),
        ("Súdwest-Fryslân: smûk", "sudwest-fryslan-smuk"),
        ("  --Opruimen!!  ", "opruimen"),
        ("中文", ""),
    ],
)
def test_titles_become_readable_ascii(title, slug):
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word():
    slug = slugify("woord " * 30)
    assert len(slug) <= 80
    assert slug.endswith("woord")


def test_suffixes_make_slugs_unique(make_project):
    make_project(slug="wmo-chatbot")
    make_project(slug="wmo-chatbot-2")
    make_project(slug="wmo-chatbot-extra")
    assert unique_slug("WMO chatbot", Project.slug) == "wmo-chatbot-3"
    assert unique_slug("Iets nieuws", Project.slug) == "iets-nieuws"


def test_a_title_without_letters_and_a_reserved_word_get_a_usable_slug(app):
    assert unique_slug("中文", Project.slug) == "pilot"
    assert unique_slug("New", Project.slug) == "new-pilot"
