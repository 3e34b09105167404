"""Structured partner copy for the import benchmarks: HTML pages (one story a file, with
JSON-LD, a licence link and site chrome around the story), RSS feeds and NINJS lists (50
entries a file). The same generated stories as ``importfiles`` in other shapes."""

from __future__ import annotations

import html
import json
import random
from pathlib import Path

from _common import headline, paragraphs

PER_FILE = 50
LICENCES = [
    "https://creativecommons.org/licenses/by/4.0/",
    "https://creativecommons.org/licenses/by-nd/4.0/",
    "",  # none stated: held
]


def _story(rng: random.Random, n: int, seed: int, names: list[str]) -> dict:
    mentions = rng.sample(names[:50], k=rng.randint(0, 2)) + rng.sample(names, k=rng.randint(0, 3))
    return {
        "headline": headline(rng, mentions[0] if mentions else None) + f" ({seed}-{n})",
        "paragraphs": paragraphs(rng, mentions),
        "author": f"Writer {n % 53}",
        "url": f"https://partner{n % 12}.bench.example/story/{seed}-{n}",
        "licence": rng.choices(LICENCES, weights=[50, 30, 20])[0],
        "tags": rng.sample(["AI", "China", "Funding", "Robotics", "Chips", "Cloud"], 2),
    }


def _page(story: dict) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story["headline"],
        "author": {"@type": "Person", "name": story["author"]},
        "datePublished": "2026-11-20T08:00:00Z",
        "keywords": ", ".join(story["tags"]),
    }
    if story["licence"]:
        ld["license"] = story["licence"]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in story["paragraphs"])
    licence = f'<link rel="license" href="{story["licence"]}">' if story["licence"] else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(story["headline"])} | Bench Partner</title>
<link rel="canonical" href="{story["url"]}">{licence}
<meta property="og:site_name" content="Bench Partner">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/tech">Tech</a>
<a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>{html.escape(story["headline"])}</h1><p class="byline">By {story["author"]}</p>
{body}</article></main>
<aside><h3>Most read</h3><ul><li><a href="/x">Another story</a></li>
<li><a href="/y">And one more</a></li></ul></aside>
<footer><p>About us · Contact · Privacy</p></footer></body></html>"""


def _rss(stories: list[dict]) -> str:
    items = []
    for s in stories:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in s["paragraphs"])
        rights = f"Licensed under {s['licence']}" if s["licence"] else ""
        items.append(
            f"<item><title>{html.escape(s['headline'])}</title><link>{s['url']}</link>"
            f"<guid>{s['url']}</guid><dc:creator>{s['author']}</dc:creator>"
            + "".join(f"<category>{t}</category>" for t in s["tags"])
            + (f"<dc:rights>{rights}</dc:rights>" if rights else "")
            + f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench Partner</title>'
        "<link>https://bench.example/</link><description>bench</description>"
        + "".join(items)
        + "</channel></rss>"
    )


def _ninjs(stories: list[dict]) -> str:
    return json.dumps(
        [
            {
                "uri": s["url"],
                "version": "1",
                "headline": s["headline"],
                "byline": s["author"],
                "body_html": "".join(f"<p>{html.escape(p)}</p>" for p in s["paragraphs"]),
                "subject": [{"name": t} for t in s["tags"]],
                "usageterms": f"Licensed under {s['licence']}" if s["licence"] else "",
            }
            for s in stories
        ]
    )


def write_items(folder: Path, kind: str, count: int, names: list[str], seed: int = 13) -> Path:
    """``count`` stories as ``kind`` (html, rss, ninjs) files in ``folder`` (reused if done)."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".complete"
    if marker.exists() and marker.read_text() == f"{kind}:{count}":
        return folder
    rng = random.Random(seed)
    stories = [_story(rng, n, seed, names) for n in range(count)]
    if kind == "html":
        for n, story in enumerate(stories):
            (folder / f"{n:07d}.html").write_text(_page(story), encoding="utf-8")
    else:
        write = _rss if kind == "rss" else _ninjs
        ext = "xml" if kind == "rss" else "json"
        for start in range(0, count, PER_FILE):
            chunk = stories[start : start + PER_FILE]
            (folder / f"{start:07d}.{ext}").write_text(write(chunk), encoding="utf-8")
    marker.write_text(f"{kind}:{count}")
    return folder
