"""Raw partner files for the import benchmarks: what a wire feed drops into a folder.

Each file has a headline, 4-14 paragraphs naming companies from the registry, sometimes a
photo line and boilerplate, a Tags line, and a notice that matches one of the reprint rules
(all permission levels), so the importer does its full work: parse, match the notice, find
companies, store, publish or hold.
"""

from __future__ import annotations

import random
from pathlib import Path

from _common import headline, paragraphs

NOTICES = [
    # AI CNBC, attribution required (shipped rule)
    "Original article, Author: {author}. If you wish to reprint this article, please indicate "
    "the source:https://aicnbc.com/wire/{batch}-{n}.html",
    # Creative Commons BY (shipped generic rule)
    "This article is republished from The Conversation under a Creative Commons Attribution "
    "4.0 International license. https://theconversation.example/{batch}-{n}",
    # Tech Times, permission required (held at import)
    "ⓒ 2024 TECHTIMES.com All rights reserved. Do not reproduce without permission.",
    # a bench partner's own rule (bench/corpus.py creates them)
    "Bench notice from partner{p}.bench.example, author {author}, "
    "https://partner{p}.bench.example/wire/{batch}-{n}.html",
    # no notice at all: rights unknown, held
    "",
]


def write_files(folder: Path, count: int, company_names: list[str], seed: int = 11) -> Path:
    """Write ``count`` distinct files into ``folder`` (reused if already complete)."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".complete"
    if marker.exists() and marker.read_text() == str(count):
        return folder
    rng = random.Random(seed)
    popular = company_names[:50]
    for n in range(count):
        names = rng.sample(popular, k=rng.randint(0, 2)) + rng.sample(
            company_names, k=rng.randint(0, 3)
        )
        # Every file's URL and headline are unique to its batch (seed), so batches never
        # update each other's stories.
        lines = [headline(rng, names[0] if names else None) + f" ({seed}-{n})", ""]
        for para in paragraphs(rng, names):
            lines += [para, ""]
        if rng.random() < 0.2:
            lines += ["(Photo by Jane Photographer/Getty Images)", ""]
        if rng.random() < 0.2:
            lines += ["Read Also: Another story worth reading", ""]
        tags = rng.sample(["AI", "China", "Funding", "Robotics", "Chips", "Cloud", "Video"], 2)
        lines += [f"Tags: {', '.join(tags)}", ""]
        notice = rng.choices(NOTICES, weights=[40, 15, 15, 25, 5])[0]
        lines.append(notice.format(author=f"Writer {n % 53}", n=n, p=n % 12, batch=seed))
        (folder / f"{n:07d}.txt").write_text("\n".join(lines), encoding="utf-8")
    marker.write_text(str(count))
    return folder
