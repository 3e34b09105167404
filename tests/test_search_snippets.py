"""The pure snippet builder: escaping, highlighting, choosing the best passage."""

import re

import pytest

from search.snippets import has_match, highlight, snippet, stem


def test_highlight_escapes_text_and_marks_word_forms():
    html = str(highlight("<b>Models</b> & a model", ["model"]))
    assert html == "&lt;b&gt;<mark>Models</mark>&lt;/b&gt; &amp; a <mark>model</mark>"


def test_snippet_picks_the_passage_with_most_matches():
    text = "Intro words. " * 40 + "Here the world model and the world model again. " + "Tail. " * 40
    html = str(snippet(text, ["world", "model"], width=120))
    assert html.count("<mark>") == 4
    assert html.startswith("… ")
    assert html.endswith(" …")


def test_snippet_of_short_text_has_no_ellipsis():
    assert str(snippet("Just robots.", ["robot"])) == "Just <mark>robots</mark>."


def test_stem_is_conservative():
    assert stem("models") == stem("model") == "model"
    assert stem("is") == "is"


def _every_word_stemmed(text: str, words: list[str]) -> list[str]:
    """What highlighting must match: each word whose stem is a query word's stem."""
    stems = {stem(w) for w in words}
    return [m.group() for m in re.finditer(r"\w+", text) if stem(m.group()) in stems]


@pytest.mark.parametrize(
    "words",
    [["model"], ["mode"], ["modes"], ["is"], ["cafe", "café"], ["fund", "world"], ["x"], []],
)
def test_highlight_marks_exactly_the_words_the_stemmer_matches(words):
    text = (
        "Modes, models and MODELING: a remodel of model_x, modeled; mode. Café cafés is iss "
        "funding funded funds fundes world worlds World-model x xs x_y 3d"
    )
    marked = re.findall(r"<mark>(.*?)</mark>", str(highlight(text, words)))
    assert marked == _every_word_stemmed(text, words)
    assert has_match(text, words) == bool(marked)
