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
FAILING_TODAY: dict[str, tuple[str, ...]] = {
    "afp/afp-hong-kong-drone-delivery": (
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "afp/afp-no-headline-heidelberg-model-maker": (
        "headline",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "afp/afp-paris-robot-arms-startup": (
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "aicnbc/aicnbc-headline-initial-author": (
        "author",
        "url",
        "source",
        "license",
        "status",
    ),
    "aicnbc/aicnbc-moonvale-multimodal-funding": ("license",),
    "aicnbc/aicnbc-zh-inference-chip-series-b": ("license",),
    "ap/ap-brussels-ai-act-particle-name": (
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "ap/ap-seoul-memory-chip-photo": (
        "author",
        "source",
        "license",
        "image_credits",
        "upstream_credits",
        "body",
    ),
    "ap/ap-tokyo-ai-data-centres": (
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "businesswire/bw-corvane-edge-inference-chip": (
        "url",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "businesswire/bw-tokyo-factory-ai-copyright": (
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "chinese/zh-chip-export-rights-reserved-fullwidth-commas": (
        "headline",
        "author",
        "license",
        "tags",
        "body",
    ),
    "chinese/zh-image-credit-editor-enumeration-comma": (
        "author",
        "license",
        "tags",
        "image_credits",
        "body",
    ),
    "chinese/zh-no-headline-original-link": (
        "author",
        "url",
        "license",
        "body",
    ),
    "chinese/zh-npu-compiler-cc-by": (
        "author",
        "url",
        "license",
        "status",
        "body",
    ),
    "chinese/zh-zhiyuan-humanoid-series-b": (
        "author",
        "license",
        "tags",
        "body",
    ),
    "creativecommons/cc-by-licence-url-and-original-url": (
        "author",
        "url",
        "license",
        "status",
        "image_credits",
        "body",
    ),
    "creativecommons/cc-by-nc-newsletter-ai-agents": (
        "author",
        "url",
        "license",
        "body",
    ),
    "creativecommons/cc-by-nd-spelled-out-semiconductor-policy": (
        "headline",
        "author",
        "url",
        "license",
        "status",
        "body",
    ),
    "creativecommons/cc-by-sa-open-hardware-riscv": (
        "author",
        "url",
        "license",
        "status",
        "body",
    ),
    "creativecommons/cc-no-version-unknown-partner": (
        "author",
        "url",
        "license",
        "body",
    ),
    "edge/edge-debris-crlf-duplicated-headline-nbsp": (
        "author",
        "url",
        "source",
        "license",
        "status",
        "body",
    ),
    "edge/edge-debris-reuters-page-scrape": (
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "edge/edge-debris-zh-fullwidth-indent": (
        "author",
        "license",
        "body",
    ),
    "edge/edge-no-headline-byline-first": (
        "headline",
        "author",
        "license",
    ),
    "edge/edge-no-notice-no-byline": ("license",),
    "edge/edge-quoted-arr-notice-cc-by-final": (
        "author",
        "url",
        "license",
        "status",
        "body",
    ),
    "edge/edge-quoted-cc-notice-arr-final": (
        "author",
        "license",
        "body",
    ),
    "globalvoices/gv-kenya-ai-content-moderators": (
        "author",
        "url",
        "source",
        "license",
        "status",
        "body",
    ),
    "globalvoices/gv-two-authors-central-asia-data-centres": (
        "author",
        "url",
        "source",
        "license",
        "status",
        "body",
    ),
    "globalvoices/gv-vietnam-ai-voice-cloning-cc-by-3": (
        "author",
        "url",
        "source",
        "license",
        "status",
        "body",
    ),
    "globenewswire/gnw-austin-edtech-ai-tutor": (
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "globenewswire/gnw-fjordlight-satellite-ai": (
        "headline",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "globenewswire/gnw-toronto-quantum-forward-looking": (
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "prnewswire/prn-munich-country-dateline-hashes": (
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "prnewswire/prn-nexa-robotics-series-b": (
        "url",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "prnewswire/prn-singapore-partnership-two-abouts": (
        "headline",
        "url",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "prnewswire/prn-zh-meitongshe-lidar": (
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "propublica/pp-ai-tenant-screening": (
        "author",
        "url",
        "source",
        "license",
        "body",
    ),
    "propublica/pp-default-licence-warehouse-quotas": (
        "author",
        "url",
        "source",
        "license",
        "body",
    ),
    "propublica/pp-three-authors-facial-recognition": (
        "headline",
        "author",
        "url",
        "source",
        "license",
        "body",
    ),
    "reuters/reuters-gulf-ai-model-maker-three-reporters": (
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "reuters/reuters-kestrel-humanoid-funding": (
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "reuters/reuters-lumora-packaging-malaysia": (
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "reuters/reuters-no-headline-taiwan-server-maker": (
        "headline",
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "techsite/ts-about-heading-stays-in-body": (
        "author",
        "license",
        "tags",
        "body",
    ),
    "techsite/ts-circuitry-photo-filed-under": (
        "author",
        "license",
        "tags",
        "image_credits",
        "body",
    ),
    "techsite/ts-two-authors-via-bloomberg-getty": (
        "author",
        "license",
        "tags",
        "body",
    ),
    "techsite/ts-vantor-robotics-seed": (
        "author",
        "license",
        "tags",
        "image_credits",
        "body",
    ),
    "techsite/ts-written-by-space-tags-credit": (
        "author",
        "license",
        "image_credits",
        "body",
    ),
    "techtimes/tt-headline-unsplash-space-tags": ("license",),
    "techtimes/tt-helix-chip-export-startup": ("license",),
    "techtimes/tt-no-headline-humanoid-factory": ("license",),
    "theconversation/tc-no-headline-chip-export-controls": (
        "headline",
        "author",
        "url",
        "source",
        "license",
        "status",
    ),
    "theconversation/tc-small-language-models-enterprise": (
        "author",
        "url",
        "source",
        "license",
        "status",
        "body",
    ),
    "theconversation/tc-three-authors-robot-care-homes": (
        "headline",
        "author",
        "url",
        "source",
        "license",
        "status",
        "body",
    ),
    "theconversation/tc-url-in-parentheses-ai-energy": (
        "author",
        "url",
        "source",
        "license",
        "status",
        "body",
    ),
    "xinhua/xinhua-beijing-computing-power-network": (
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "xinhua/xinhua-shenzhen-robot-expo-editor": (
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
    "xinhua/xinhua-zh-large-model-filing": (
        "author",
        "source",
        "license",
        "upstream_credits",
        "body",
    ),
}


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
