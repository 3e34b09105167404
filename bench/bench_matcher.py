"""Benchmark: company matching stays linear in text length and flat in registry size.

    python bench/bench_matcher.py [--repeat 5]

Builds synthetic registries (each company with a name and two aliases) of 50 to 5,000
companies (up to 50,000 with --big), and times ``Matcher.find`` on article text of 5,000 to
160,000 characters made from the seed stories with registry names sprinkled in. For contrast it
times the naive approach (one compiled regex per company, run over the text) that the automaton
replaces. Pure Python: no database, no Django settings needed.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from companies.matching import Entry, Matcher  # noqa: E402

SYLLABLES = "ka lo mi ra ten shu vo zi pa ne qi bu xa del tor ven sol mar lin gu fa ro".split()
SUFFIXES = ["Labs", "Capital", "AI", "Robotics", "Technology", "Ventures", "Cloud", "Holdings", ""]


def company_names(n: int, seed: int = 7) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    names: set[str] = set()
    rows = []
    while len(rows) < n:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{stem} {rng.choice(SUFFIXES)}".strip()
        if name in names:
            continue
        names.add(name)
        rows.append((name, stem.upper()[:6] + str(len(rows)), f"{stem} Group {len(rows)}"))
    return rows


def registry(n: int) -> tuple[Matcher, list[str]]:
    rows = company_names(n)
    entries = []
    for key, (name, short, legal) in enumerate(rows):
        entries += [Entry(name, key), Entry(short, key, case_sensitive=True), Entry(legal, key)]
    return Matcher(entries), [name for name, _, _ in rows]


def article_text(length: int, names: list[str], seed: int = 11) -> str:
    rng = random.Random(seed)
    base = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "seeds").iterdir()))
    words = base.split()
    out: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(names) if rng.random() < 0.02 else rng.choice(words)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:length]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--big", action="store_true", help="also a 50,000-company registry")
    args = parser.parse_args()

    sizes = [50, 500, 5000] + ([50_000] if args.big else [])
    lengths = [5_000, 20_000, 80_000, 160_000]
    print(f"Python {sys.version.split()[0]}, best of {args.repeat}\n")

    matchers = {}
    print("registry build (one automaton):")
    for n in sizes:
        start = time.perf_counter()
        matchers[n] = registry(n)
        print(f"  {n:>6} companies ({3 * n:>6} surfaces): {time.perf_counter() - start:8.3f} s")

    _, names_5k = matchers[5000]
    texts = {length: article_text(length, names_5k) for length in lengths}

    print("\nMatcher.find, ms (rows: registry size; columns: text length in characters):")
    print("  " + " " * 8 + "".join(f"{length:>12,}" for length in lengths))
    for n in sizes:
        matcher, _ = matchers[n]
        row = [
            best(lambda m=matcher, t=texts[length]: m.find(t), args.repeat) for length in lengths
        ]
        print(f"  {n:>6}  " + "".join(f"{1000 * t:>12.2f}" for t in row))
        per_kchar = [1000 * t / (length / 1000) for t, length in zip(row, lengths, strict=True)]
        print(
            f"  {'':>6}  "
            + "".join(f"{p:>10.3f}/k" for p in per_kchar)
            + f"   (ms per 1,000 chars; spread {statistics.pstdev(per_kchar):.3f})"
        )

    print("\nNaive: one compiled regex per company over a 20,000-character text, ms:")
    text = texts[20_000]
    for n in (50, 500, 5000):
        _, names = matchers[n]
        patterns = [re.compile(r"\b" + re.escape(name) + r"\b", re.IGNORECASE) for name in names]
        elapsed = best(lambda ps=patterns: [p.search(text) for p in ps], max(1, args.repeat // 2))
        print(f"  {n:>6} companies: {1000 * elapsed:10.2f}")


if __name__ == "__main__":
    main()
