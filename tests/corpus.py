"""A realistic corpus for query-budget tests, built with bulk inserts so it stays quick."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Origin, ReprintRule, Status
from companies.models import Company, Mention
from search.rebuild import rebuild_index

from .factories import ReprintRuleFactory

WORDS = ["chips", "robots", "cloud", "models", "funding", "batteries", "satellites", "phones"]


def build_corpus(count: int, *, start: int = 0, tags: int = 30, companies: int = 40) -> None:
    """Add ``count`` published stories (every third a partner's), each with three tags and
    three company mentions drawn from shared pools, then rebuild the search index."""
    now = timezone.now()
    tag_pool = [
        Tag.objects.get_or_create(name=f"Topic {i}", slug=f"topic-{i}")[0] for i in range(tags)
    ]
    company_pool = [
        Company.objects.get_or_create(slug=f"corp-{i}", defaults={"name": f"Corp {i}"})[0]
        for i in range(companies)
    ]
    rule = ReprintRule.objects.filter(source__slug="corpus-partner").first() or ReprintRuleFactory(
        source__slug="corpus-partner", source__domain="corpus.example"
    )
    articles = Article.objects.bulk_create(
        [
            Article(
                headline=f"Story {n} about {WORDS[n % len(WORDS)]}",
                slug=f"corpus-story-{n}",
                dek=f"Standfirst for story {n}.",
                body=f"<p>Story {n} reports on {WORDS[n % len(WORDS)]} and markets.</p>",
                status=Status.PUBLISHED,
                publish_at=now - timedelta(hours=n + 1),
                origin=Origin.PARTNER if n % 3 == 0 else Origin.STAFF,
                rule=rule if n % 3 == 0 else None,
                source=rule.source if n % 3 == 0 else None,
                original_author="Corpus Writer" if n % 3 == 0 else "",
            )
            for n in range(start, start + count)
        ]
    )
    content_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        [
            TaggedItem(tag=tag_pool[(a.pk + k) % tags], content_type=content_type, object_id=a.pk)
            for a in articles
            for k in range(3)
        ]
    )
    Mention.objects.bulk_create(
        [
            Mention(article=a, company=company_pool[(a.pk * 7 + k) % companies])
            for a in articles
            for k in range(3)
        ]
    )
    rebuild_index()
