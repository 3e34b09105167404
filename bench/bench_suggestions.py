"""Benchmark: the cost of reading company suggestions and funding rounds out of a story.

    python bench/bench_suggestions.py [--articles 300] [--repeat 5]

Times ``find_suggestions`` and ``find_rounds`` (both pure) per article against a 5,000-company
registry, on the synthetic stories the import benchmark writes and on realistic partner copy
(the seeds and ``tests/fixtures/suggestions/``), where most of the cues fire. The matcher's
own time is measured once and left out of both. Pure Python: no database, no Django.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import company_names, headline, paragraphs, print_machine  # noqa: E402

from companies.extraction.rounds import find_rounds  # noqa: E402
from companies.extraction.suggestions import find_suggestions  # noqa: E402
from companies.matching import Entry, Matcher  # noqa: E402


def synthetic(count: int, names: list[str], rng: random.Random) -> list[str]:
    texts = []
    for _ in range(count):
        mentions = rng.sample(names[:50], k=rng.randint(0, 2)) + rng.sample(
            names, k=rng.randint(0, 3)
        )
        lines = [headline(rng, mentions[0] if mentions else None), ""]
        lines += [p + "\n" for p in paragraphs(rng, mentions)]
        texts.append("\n".join(lines))
    return texts


def realistic() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt"))
    files += sorted((ROOT / "tests/fixtures/suggestions").glob("*.txt"))
    return [path.read_text("utf-8") for path in files]


def per_article_ms(texts, matcher, repeat: int) -> dict[str, float]:
    prepared = [(text, matcher.find(text)) for text in texts]
    figures = {}
    for label, run in (
        ("suggestions", lambda t, m: find_suggestions(t, m)),
        ("rounds", lambda t, m: find_rounds(t, m)),
    ):
        best = []
        for _ in range(repeat):
            started = time.process_time()
            for text, matches in prepared:
                run(text, matches)
            best.append((time.process_time() - started) * 1000 / len(prepared))
        figures[label] = min(best)
        figures[label + "_median"] = statistics.median(best)
    return figures


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print_machine()
    rng = random.Random(11)
    names = company_names(5000, rng)
    matcher = Matcher(Entry(name, n) for n, name in enumerate(names))
    for label, texts in (
        (f"synthetic ({args.articles} stories)", synthetic(args.articles, names, rng)),
        ("realistic (seeds and fixtures)", realistic() * 20),
    ):
        chars = sum(map(len, texts)) / len(texts)
        figures = per_article_ms(texts, matcher, args.repeat)
        print(
            f"{label}: {chars:,.0f} chars per story; "
            f"suggestions {figures['suggestions']:.3f} ms (median {figures['suggestions_median']:.3f}), "  # noqa: E501
            f"rounds {figures['rounds']:.3f} ms (median {figures['rounds_median']:.3f}) per story, CPU"  # noqa: E501
        )


if __name__ == "__main__":
    main()
