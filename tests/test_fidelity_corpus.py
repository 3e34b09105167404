"""The partner fidelity corpus: every text in ``tests/fixtures/partners/`` imported through the
real importer, each expected field checked (issue 14, section 7).

One case per text, named ``<format>/<name>``; a failure lists every field that came out wrong
and why. The texts were written for this corpus, independently of the parser, to test the
classes of format a newsroom meets (wires, press releases, Creative Commons republishing,
Chinese notices, tech sites, the seed partners, scraper debris); the expected-field contract
is in ``tests/fixtures/partners/README.md`` and the scoring in ``tests/fidelity.py``.
``bench/bench_fidelity.py`` prints the same results as accuracy per field.

The cases that fail on today's parser are listed in ``FAILING_TODAY`` below, the one place
they are marked ``xfail(strict=False)`` so the suite stays green while the parser catches up.
When a parser change makes a case pass it shows as XPASS: remove its entry. Never add an
entry to hide a regression.
"""

from __future__ import annotations

import pytest

from articles.ingest.importing import import_paths
from tests.fidelity import CORPUS, EXPECTED_KEYS, load_cases, misses, norm, score

CASES = load_cases()

# Cases that fail on the parser as of the corpus's first commit, with the fields that miss.
# Remove an entry once its case passes (pytest reports it as XPASS).
FAILING_TODAY: dict[str, tuple[str, ...]] = {}


def _param(case):
    marks = []
    if case.name in FAILING_TODAY:
        reason = "today's parser misses " + ", ".join(FAILING_TODAY[case.name])
        marks.append(pytest.mark.xfail(strict=False, reason=reason))
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_partner_text_imports_with_its_expected_fields(case):
    results = []
    import_paths([case.path], on_result=results.append)
    assert len(results) == 1, f"{case.name}: {len(results)} results for one file"
    result = results[0].as_dict()
    wrong = misses(
        score(
            case.expected,
            result["article"],
            file_status=result["status"],
            error=result["error"],
        )
    )
    assert not wrong, "\n".join(f"{case.name}: {field}: {why}" for field, why in wrong.items())


def test_corpus_is_large_and_varied_enough():
    formats = {case.format for case in CASES}
    assert len(CASES) >= 48, len(CASES)
    assert len(formats) >= 14, sorted(formats)
    assert any(case.expected["headline"] is None for case in CASES)
    assert {"published", "draft"} <= {case.expected["status"] for case in CASES}


def test_every_text_has_its_expected_fields_and_a_unique_name():
    # The importer identifies a file by its name, so two texts sharing one would collide.
    stems = [case.path.name for case in CASES]
    assert len(stems) == len(set(stems))
    for expected in CORPUS.glob("*/*.expected.json"):
        assert expected.with_name(expected.name.replace(".expected.json", ".txt")).exists()
    for case in CASES:
        assert set(case.expected) == EXPECTED_KEYS, case.name
        assert case.expected["status"] in ("published", "draft"), case.name
        assert case.expected["body_must_contain"], f"{case.name}: the lede must be checked"
        if case.expected["headline"] is None:
            assert case.expected["headline_provisional"], case.name


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_expected_fields_come_from_the_text_itself(case):
    """A typo in an expected file would otherwise pass as a parser miss forever."""
    exp, text = case.expected, norm(case.path.read_text(encoding="utf-8"))
    quoted = [exp["headline"] or "", exp["original_url"], *exp["body_must_contain"]]
    quoted += exp["body_must_not_contain"] + exp["image_credits"] + exp["tags"]
    assert [q for q in quoted if norm(q) not in text] == []
    if exp["headline"]:
        junk = exp["headline_must_not_contain"]
        assert [j for j in junk if j.casefold() in exp["headline"].casefold()] == []
    for kept in exp["body_must_contain"]:
        assert [gone for gone in exp["body_must_not_contain"] if norm(gone) in norm(kept)] == []
