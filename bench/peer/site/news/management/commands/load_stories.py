"""Load the project's stories (a JSON-lines export written by bench/bench_peer.py) as
NewsPages under one NewsIndexPage, in bulk: live where our readers may see the story, drafts
otherwise.

Treebeard's ``add_child`` costs several queries per page; for 100,000 pages the paths are
computed here instead (the index's path plus one step per child), the ``wagtailcore_page``
rows go in with ``bulk_create`` and the ``news_newspage`` rows beside them. Live pages are
served from these rows alone, so no revisions are written (drafts are never served). Run on
a freshly migrated database.
"""

import json
import sys

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils.dateparse import parse_datetime
from taggit.models import Tag
from wagtail.models import Locale, Page, Site

from news.models import Author, NewsIndexPage, NewsPage, NewsPageTag

BATCH = 2000


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("export", help="JSON lines, one story each")

    def handle(self, *args, export, **options):
        with open(export, encoding="utf-8") as f:
            stories = [json.loads(line) for line in f]
        index = make_index()
        authors = make_authors(stories)
        tags = make_tags(stories)
        ct = ContentType.objects.get_for_model(NewsPage)
        locale = Locale.get_default()
        for start in range(0, len(stories), BATCH):
            with transaction.atomic():
                add_pages(index, stories, start, ct, locale, authors, tags)
            print(
                f"\r  {min(start + BATCH, len(stories))}/{len(stories)} pages",
                end="",
                file=sys.stderr,
            )
        print(file=sys.stderr)
        Page.objects.filter(pk=index.pk).update(numchild=len(stories))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"{len(stories)} stories under {index.url_path}")


def make_index() -> NewsIndexPage:
    """The news index as the site's home page's only child, made the ordinary way."""
    home = Site.objects.get(is_default_site=True).root_page
    index = NewsIndexPage(title="News", slug="news", intro="<p>All our stories.</p>")
    home.add_child(instance=index)
    return NewsIndexPage.objects.get(pk=index.pk)


def make_authors(stories) -> dict[str, int]:
    names = sorted({s["author"] for s in stories if s["author"]})
    Author.objects.bulk_create([Author(name=n) for n in names], batch_size=BATCH)
    return dict(Author.objects.values_list("name", "id"))


def make_tags(stories) -> dict[str, int]:
    seen = {slug: name for story in stories for name, slug in story["tags"]}
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slug) for slug, name in seen.items()], batch_size=BATCH
    )
    return dict(Tag.objects.values_list("slug", "id"))


def add_pages(index, stories, start, ct, locale, authors, tags) -> None:
    batch = stories[start : start + BATCH]
    depth = index.depth + 1
    pages = []
    for n, story in enumerate(batch, start=start + 1):
        published = parse_datetime(story["date"])
        pages.append(
            Page(
                title=story["title"],
                draft_title=story["title"],
                slug=story["slug"],
                content_type=ct,
                locale=locale,
                live=story["live"],
                has_unpublished_changes=not story["live"],
                first_published_at=published if story["live"] else None,
                last_published_at=published if story["live"] else None,
                url_path=f"{index.url_path}{story['slug']}/",
                path=Page._get_path(index.path, depth, n),
                depth=depth,
                numchild=0,
            )
        )
    created = Page.objects.bulk_create(pages, batch_size=BATCH)
    table = connection.ops.quote_name(NewsPage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, date, intro, body, author_id, lead_image_id) "
            "VALUES (%s, %s, %s, %s, %s, NULL)",
            [
                (
                    page.pk,
                    connection.ops.adapt_datetimefield_value(parse_datetime(s["date"])),
                    s["intro"],
                    s["body"],
                    authors.get(s["author"]),
                )
                for page, s in zip(created, batch, strict=True)
            ],
        )
    NewsPageTag.objects.bulk_create(
        [
            NewsPageTag(content_object_id=page.pk, tag_id=tags[slug])
            for page, s in zip(created, batch, strict=True)
            for _, slug in s["tags"]
        ],
        batch_size=BATCH,
    )
