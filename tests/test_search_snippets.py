"""The pure snippet builder: escaping, highlighting, choosing the best passage."""

from search.snippets import highlight, snippet, stem


def test_highlight_escapes_text_and_marks_word_forms():
    html = str(highlight("<b>Models</b> & a model", ["model"]))
    assert html == "&lt;b&gt;<mark>Models</mark>&lt;/b&gt; &amp; a <mark>model</mark>"


def test_snippet_picks_the_passage_with_most_matches():
    text = "Intro words. " * 40 + "Here the world model and the world model again. " + "Tail. " * 40
    html = str(snippet(text, ["world", "model"], width=120))
    assert html.count("<mark>") == 4
    assert html.startswith("… ") and html.endswith(" …")


def test_snippet_of_short_text_has_no_ellipsis():
    assert str(snippet("Just robots.", ["robot"])) == "Just <mark>robots</mark>."


def test_stem_is_conservative():
    assert stem("models") == stem("model") == "model"
    assert stem("is") == "is"
