"""Shared plumbing for the benchmarks: Django setup against a chosen database, synthetic text,
machine facts and small statistics. Nothing here is imported by the application."""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_VAR = Path(os.environ.get("BENCH_VAR", ROOT / "var" / "bench"))


def database_arg(parser: argparse.ArgumentParser, default_name: str) -> None:
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{BENCH_VAR / default_name}",
        help="Database to use (default: an SQLite file under var/bench/). "
        "e.g. postgres://postgres@127.0.0.1:5432/newsroom_bench",
    )


def setup_django(database_url: str, **env: str) -> None:
    """Point the settings at ``database_url`` and set Django up in this process."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")  # no "Not Found" lines for probed URLs
    os.environ.update(env)
    if database_url.startswith("sqlite"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    elif database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist yet."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    kwargs = {"host": cfg["HOST"], "port": cfg["PORT"] or 5432, "user": cfg["USER"]}
    if cfg.get("PASSWORD"):
        kwargs["password"] = cfg["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **kwargs) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname=%s", [cfg["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def machine() -> dict:
    """The facts bench/README.md records next to every figure."""
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    try:
        pg = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pg = "unavailable"
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import django

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg or "unavailable",
        "os": platform.platform(),
    }


def print_machine() -> None:
    facts = machine()
    print("machine: " + ", ".join(f"{k}={v}" for k, v in facts.items()))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average now: {load} (other work on the machine skews timings)")


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def peak_rss_mib(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


# --- Synthetic newsroom text ----------------------------------------------------------------

_WORDS = (
    "the a of to and in for on with as by at from that this which its their new more than "
    "model models company startup funding round investors billion million yuan dollars market "
    "chip chips cloud data centre training inference users platform launch launched release "
    "released open source licence agents robots robotics video image text search engine "
    "quarter revenue growth profit shares analysts regulators rules policy export China Europe "
    "United States Beijing Shanghai Shenzhen Hangzhou research lab team engineers founder "
    "chief executive said says according report reported week month year earlier later "
    "compete rivals partnership deal acquisition stake valuation customers enterprise "
    "developers smartphone batteries electric vehicles autonomous driving semiconductor "
    "supply chain manufacturing factory demand prices costs performance benchmark accuracy"
).split()

_FIRST = (
    "Zen Vox Quant Nova Hexa Lumi Terra Astra Byte Cyber Deep Mind Neuro Opti Pixel Robo "
    "Sino Tera Ultra Vida Wave Xeno Yotta Zeta Aero Bio Cloud Data Echo Flux Giga Holo Infi "
    "Kilo Meta Nexa Omni Pico Quanta Sigma Tri Uni Velo Alpha Beta Delta Gamma Kappa Lambda"
).split()
_SECOND = (
    "tron verse logic sense works forge mind path stack scale link grid core wave leap bit "
    "flow spark shift nest gate field form bridge point labs hub ware soft net tech"
).split()
_SUFFIX = ["", "", "", " AI", " Labs", " Technologies", " Robotics", " Cloud", " Semiconductor"]


def company_names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct, pronounceable company names ("Novaforge Robotics 17")."""
    names: list[str] = []
    seen: set[str] = set()
    i = 0
    while len(names) < count:
        base = rng.choice(_FIRST) + rng.choice(_SECOND) + rng.choice(_SUFFIX)
        name = base if base not in seen else f"{base} {i}"
        i += 1
        if name in seen:
            continue
        seen.add(name)
        names.append(name)
    return names


def sentence(rng: random.Random, mention: str | None = None) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 28))
    if mention:
        words.insert(rng.randint(0, len(words)), mention)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraphs(rng: random.Random, mentions: list[str], count: int | None = None) -> list[str]:
    """A story's paragraphs: 4-14 of 2-6 sentences (300-1,500 words), naming ``mentions``."""
    count = count or rng.randint(4, 14)
    paras = []
    pending = list(mentions)
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            mention = pending.pop() if pending and rng.random() < 0.5 else None
            sentences.append(sentence(rng, mention))
        paras.append(" ".join(sentences))
    if pending:
        paras[-1] += " " + " ".join(sentence(rng, m) for m in pending)
    return paras


POOL_SIZE = 50_000
_pools: dict[int, list[str]] = {}


def sentence_pool(seed: int) -> list[str]:
    """Sentences the stories are made of, drawn once: writing each sentence word by word was
    half the cost of generating a story, and the words are the same few hundred anyway."""
    if seed not in _pools:
        rng = random.Random(seed)
        _pools[seed] = [sentence(rng) for _ in range(POOL_SIZE)]
    return _pools[seed]


def pooled_paragraphs(rng: random.Random, pool: list[str], mentions: list[str]) -> list[str]:
    """``_common.paragraphs`` from pooled sentences: 4-14 paragraphs of 2-6 sentences, the
    sentences naming ``mentions`` written afresh."""
    paras = []
    pending = list(mentions)
    for _ in range(rng.randint(4, 14)):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            if pending and rng.random() < 0.5:
                sentences.append(sentence(rng, pending.pop()))
            else:
                sentences.append(pool[rng.randrange(POOL_SIZE)])
        paras.append(" ".join(sentences))
    if pending:
        paras[-1] += " " + " ".join(sentence(rng, m) for m in pending)
    return paras


def headline(rng: random.Random, mention: str | None) -> str:
    words = rng.choices(_WORDS, k=rng.randint(6, 12))
    if mention:
        words.insert(0, mention)
    text = " ".join(words)
    return text[0].upper() + text[1:]


def sample_slugs() -> tuple[list[str], list[str], list[str]]:
    """200 published stories spread over the archive (recent, middle and old, not one hot
    row), and the 20 busiest tags and companies: what the page and API benchmarks request."""
    from django.db.models import Count, Max, Min
    from taggit.models import Tag

    from articles.models import Article
    from companies.models import Company

    # Random ids over the whole id range, then the published ones among them: ORDER BY
    # random() would read every published row, seconds at a million stories.
    bounds = Article.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    rng = random.Random(17)
    picked = [rng.randint(bounds["lo"] or 0, bounds["hi"] or 0) for _ in range(2000)]
    slugs = list(
        Article.objects.published().filter(pk__in=picked).values_list("slug", flat=True)[:200]
    )
    tags = list(
        Tag.objects.annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n")
        .values_list("slug", flat=True)[:20]
    )
    companies = list(
        Company.objects.annotate(n=Count("mentions"))
        .order_by("-n")
        .values_list("slug", flat=True)[:20]
    )
    return slugs, tags, companies


def corpus_report(args, results: dict) -> dict:
    """The figures every URL benchmark reports, with what it ran against."""
    from django.db import connection

    from articles.models import Article

    return {
        "database": connection.vendor,
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
        "requests_per_kind": args.requests,
        "kinds": results,
    }


def ensure_corpus(args) -> None:
    """Top the database up to ``args.articles`` stories (``bench/corpus.py``) if it has fewer."""
    from corpus import build_corpus

    from articles.models import Article

    have = Article.objects.count()
    if have < args.articles:
        print(f"generating a corpus of {args.articles} articles…", file=sys.stderr)
        build_corpus(
            articles=args.articles - have,
            companies=args.companies,
            tags=args.tags,
            progress=True,
        )
