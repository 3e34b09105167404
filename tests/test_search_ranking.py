"""Ordering a window of matches: where the reader's words occur decides, then recency."""

from search.ranking import rank, score


def doc(headline="", dek="", keywords=""):
    return {"headline": headline, "dek": dek, "keywords": keywords}


def test_headline_beats_standfirst_beats_tags_beats_body():
    documents = [
        (1, doc(headline="Robots at work")),
        (2, doc(dek="All about robots")),
        (3, doc(keywords="Robotics Robots")),
        (4, doc(headline="Nothing here")),  # matched in the body only
    ]
    assert rank([("robots",)], documents) == [1, 2, 3, 4]


def test_newer_first_among_equals():
    documents = [(5, doc(headline="Robots")), (9, doc(headline="Robots")), (7, doc())]
    assert rank([("robots",)], documents) == [9, 5, 7]


def test_every_word_counts_and_word_forms_match():
    both = doc(headline="Startups funded", dek="Valuations of robots")
    one = doc(headline="Startup news")
    assert score([("startup",), ("funding",)], both) > score([("startup",), ("funding",)], one)


def test_a_phrase_counts_only_in_order():
    in_order = doc(headline="The world model arrives")
    scattered = doc(headline="A model of the world")
    assert score([("world", "model")], in_order) == 10
    assert score([("world", "model")], scattered) == 1  # the index found it in the body


def test_words_count_in_any_case_and_script():
    assert score([("robots",)], doc(headline="ROBOTS AT WORK")) == 10
    assert score([("éclair",)], doc(dek="Les ÉCLAIRS de Paris")) == 4
    assert score([("model",)], doc(headline="Modelling", keywords="MODELS")) == 3
