"""The pieces under the search page that need no database: analysis, query
parsing, spelling suggestions, snippets and facet counting."""

from __future__ import annotations

from collections import Counter

import pytest

from registry.search import facets
from registry.search.analysis import spelling_words, terms_for
from registry.search.highlighting import mark_all, snippet, term_of
from registry.search.interface import MAX_QUERY_LENGTH
from registry.search.query import parse
from registry.search.spelling import Speller, Vocabulary, corrected_text, edit_distance


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("fiets", "fietsen"),
        ("wijk", "wijken"),
        ("bewoner", "bewoners"),
        ("gemeente", "gemeenten"),
        ("Fryslân", "fryslan"),
        ("coördinatie", "COORDINATIE"),
        ("financiën", "financien"),
    ],
)
def test_word_forms_and_accents_become_the_same_term(one, other):
    assert terms_for(one) == terms_for(other) != []


def test_dutch_and_english_stop_words_are_dropped():
    assert terms_for("de") == terms_for("een") == terms_for("één") == terms_for("the") == []


def test_highlighting_matches_words_as_the_index_does():
    assert term_of("Fietsen") == terms_for("fiets")[0]
    assert term_of("een") is None


def test_a_text_highlighted_again_marks_what_the_new_search_matches():
    """A text's words are grouped by term once and kept; each search still marks its own."""
    text = "De gemeenten en hun fietsers. Een gemeente met fietspaden."
    assert mark_all(text, set(terms_for("gemeente"))) == (
        "De <mark>gemeenten</mark> en hun fietsers. Een <mark>gemeente</mark> met fietspaden."
    )
    assert mark_all(text, set(terms_for("fietser"))) == (
        "De gemeenten en hun <mark>fietsers</mark>. Een gemeente met fietspaden."
    )
    assert mark_all(text, set(terms_for("wijk"))) == ""


def test_a_text_too_long_to_keep_is_highlighted_all_the_same():
    text = "Over de wijk. " + "Zonder het woord. " * 2_000 + "Nog een wijk."
    assert len(text) > 20_000
    marked = snippet(text, set(terms_for("wijk")))
    assert marked.startswith("Over de <mark>wijk</mark>.")
    assert marked.endswith("Nog een <mark>wijk</mark>.")


def test_spelling_words_keep_real_words_with_their_accents():
    words = spelling_words("Zonnepanelen in Fryslân, 2024: één idee per wijk.")
    assert words == {"zonnepanelen", "fryslân", "idee", "per", "wijk"}


@pytest.mark.parametrize(
    ("text", "words", "phrases", "prefix"),
    [
        ("", [], [], None),
        ("(((", [], [], None),
        ('"', [], [], None),
        ("*", [], [], None),
        ("status:draft", ["status", "draft"], [], "draft"),
        ("[a TO z]", ["a", "TO", "z"], [], None),
        ('"slimme lantaarns" in de wijk', ["in", "de", "wijk"], [["slimme", "lantaarns"]], "wijk"),
        ('open "data', ["open", "data"], [], "data"),
        ('"slimme lantaarns"', [], [["slimme", "lantaarns"]], None),
        ("fietsp ", ["fietsp"], [], "fietsp"),
        ("„afval” scheiden", ["afval", "scheiden"], [], "scheiden"),
        ("„gescheiden afval” ophalen", ["ophalen"], [["gescheiden", "afval"]], "ophalen"),
    ],
)
def test_user_text_is_reduced_to_words_and_phrases(text, words, phrases, prefix):
    parsed = parse(text)
    assert (parsed.words, parsed.phrases, parsed.prefix) == (words, phrases, prefix)


def test_long_queries_are_capped_before_anything_else():
    parsed = parse("woord " * 5_000)
    assert len(" ".join(parsed.all_words())) <= MAX_QUERY_LENGTH
    assert len(parsed.all_words()) <= 16
    assert parse("x" * 10_000).words == ["x" * MAX_QUERY_LENGTH]


def test_control_characters_and_emoji_do_not_survive():
    assert parse("\x00fiets\u202e 😀").words == ["fiets"]


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("wijkteams", "wijkteasm") == 1
    assert edit_distance("fiets", "fietsen") == 2
    assert edit_distance("abc", "abc") == 0


def speller(*words_with_counts):
    return Speller([Vocabulary(words_with_counts)])


def test_suggestions_offer_the_common_real_word_close_to_a_typo():
    words = speller(("wijkteams", 40), ("wijkteam", 3), ("fryslân", 12), ("zonnepanelen", 9))
    assert words.correct("wijkteasm") == "wijkteams"
    assert words.correct("wjkteams") == "wijkteams"
    assert words.correct("frsylan") == "fryslân"
    assert words.correct("zonepanelen") == "zonnepanelen"
    assert words.correct("zonnepanelen") is None
    assert words.correct("qqqqqq") is None


def test_a_corrected_query_keeps_the_words_that_were_right():
    words = speller(("zonnepanelen", 9), ("scholen", 30))
    assert corrected_text("zonepanelen op scholen", words) == "zonnepanelen op scholen"
    assert corrected_text("zonnepanelen op scholen", words) is None


def test_segments_share_one_vocabulary():
    words = Speller([Vocabulary([("wijkteams", 2)]), Vocabulary([("wijkteams", 3)])])
    assert words.frequency("wijkteams") == 5
    assert words.correct("wijkteasm") == "wijkteams"


def test_snippets_escape_text_and_mark_matches_only():
    text = 'Wij <b>bouwden</b> "fietspaden" & stallingen voor fietsen.'
    marked = mark_all(text, set(terms_for("fiets")))
    assert marked == (
        "Wij &lt;b&gt;bouwden&lt;/b&gt; &#34;fietspaden&#34; &amp; stallingen voor "
        "<mark>fietsen</mark>."
    )
    assert mark_all(text, set(terms_for("tram"))) == ""


def test_only_whole_words_are_marked_however_they_are_written():
    text = "Fietsen, fietsers en FIETSEN; fietsenstalling en e-fietsen bij de fiets_route."
    marked = mark_all(text, set(terms_for("fiets")))
    assert marked == (
        "<mark>Fietsen</mark>, fietsers en <mark>FIETSEN</mark>; fietsenstalling en "
        "e-<mark>fietsen</mark> bij de fiets_route."
    )
    assert mark_all("ééN gemeenteraad, één gemeente", set(terms_for("gemeente"))) == (
        "ééN gemeenteraad, één <mark>gemeente</mark>"
    )


def test_snippets_show_passages_around_the_matches():
    text = " ".join(["vulling"] * 80 + ["zonnepanelen"] + ["vulling"] * 80)
    passage = snippet(text, set(terms_for("zonnepanelen")))
    assert "<mark>zonnepanelen</mark>" in passage
    assert passage.startswith("… ")
    assert passage.endswith(" …")
    assert len(passage) < 300


def test_facet_counts_within_a_facet_ignore_its_own_selection():
    columns = {
        "theme": [("a",), ("a", "b"), ("b",), ("c",)],
        "phase": [("x",), ("y",), ("x",), ("x",)],
    }
    hits, counts = facets.count({0, 1, 2, 3}, columns, {"theme": ("a",)})
    assert hits == {0, 1}
    assert counts["theme"] == Counter({"a": 2, "b": 2, "c": 1})
    assert counts["phase"] == Counter({"x": 1, "y": 1})
    values = facets.facet_values(counts, {"theme": ("a", "zzz")})
    assert [(v.value, v.count, v.selected) for v in values["theme"]] == [
        ("a", 2, True),
        ("b", 2, False),
        ("c", 1, False),
        ("zzz", 0, True),
    ]


def test_facet_counts_taken_from_the_totals_are_the_counts_of_the_matches():
    import random

    from registry.search.facets import Totals, count

    rng = random.Random(7)
    themes = [("a",), ("b",), ("a", "c"), ("b", "c", "d")]
    columns = {
        "theme": [rng.choice(themes) for _ in range(2000)],
        "organisation": [(f"GM{n % 97:04d}", f"GM{n % 13:04d}") for n in range(2000)],
        "phase": [(rng.choice("xyz"),) for _ in range(2000)],
    }
    live = set(range(2000)) - set(range(0, 2000, 11))  # some documents were deleted
    totals = Totals.of(live, columns)
    for share in (0.1, 0.6, 1.0):
        matched = {doc for doc in live if rng.random() < share}
        for filters in ({}, {"phase": ("x",)}, {"theme": ("c",), "phase": ("y", "z")}):
            assert count(matched, columns, filters, totals=totals) == count(
                matched, columns, filters
            )
