"""The story page and the related stories beside it."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView
from taggit.models import Tag, TaggedItem

from articles.models import Article, Status
from articles.rights import engine, excerpts
from articles.site import seo
from articles.site.lists import PublishedMixin, site_feeds
from companies.models import Mention

RELATED_COUNT = 4
RELATED_CANDIDATES = 40  # per tag and per company of the story


class ArticleDetailView(PublishedMixin, DetailView):
    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # One story: its tags, companies and lead image's renditions are read by a plain
        # query each (get_context_data, the template), which costs less than prefetching.
        return super().get_queryset().prefetch_related(None)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            killed = Article.objects.filter(slug=kwargs["slug"], status=Status.KILLED)
            if killed.exists():
                return render(request, "410.html", status=410)
            raise

    def get_context_data(self, **kwargs):
        article = self.object
        context = story_context(
            article,
            decision=engine.decide(article),
            tags=story_tags(article),
            companies=[m.company for m in article.mentions.select_related("company")],
        )
        return super().get_context_data(**context, **kwargs)


def story_tags(article: Article) -> list[Tag]:
    """The story's tags, by id: the order the prefetch of ``for_listing()`` gave the page
    before (the first is the kicker), made explicit, without the prefetch's join to the
    content types."""
    return list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type_id=article_content_type_id(),
            taggit_taggeditem_items__object_id=article.pk,
        ).order_by("pk")
    )


def story_context(article: Article, *, decision, tags: list, companies: list) -> dict:
    """Everything the story template shows of ``article`` under ``decision``.

    The public page and the staff preview both build their context here, so what an editor
    previews is what readers get, however the page grows."""
    return {
        "decision": decision,
        "body_html": excerpts.visible_body_html(article, decision),
        "tags": tags,
        "companies": companies,
        "related": related_articles(article, tags=tags, companies=companies),
        "description": seo.description(article, decision),
        "canonical_url": seo.canonical_url(article, decision),
        "og_image": seo.default_image(),
        "json_ld": seo.json_ld_script(
            seo.news_article(article, decision, tags=tags, companies=companies)
        ),
        "feeds": site_feeds(),
    }


def related_articles(article: Article, *, tags, companies) -> list[Article]:
    """Stories sharing the most companies (worth double) and tags, newest first.

    The candidates are the stories most recently added under each of the story's tags and
    companies (``RELATED_CANDIDATES`` each, read off two composite indexes), so the cost
    does not grow with the archive or with how popular a tag or company is. One statement
    of ``published()`` keeps the candidates readers may see, scores them and returns the
    winners' rows: which stories may be shown and what is shown of them are read together,
    under one rights snapshot."""
    candidates = _candidates(
        [tag.pk for tag in tags if tag.pk],
        [company.pk for company in companies if company.pk],
        exclude=article.pk or 0,  # a story not saved yet excludes nothing
    )
    if candidates is None:
        return []
    ids, score = candidates
    return list(
        Article.objects.published()
        .filter(pk__in=ids)
        .annotate(related_score=score)
        # What a story in a list shows (``_story.html``, its standfirst included): not the
        # parser's facts, nor the tags.
        .defer("import_facts")
        .select_related("source", "rule", "lead_image")
        .prefetch_related("lead_image__renditions")
        .order_by("-related_score", "-publish_at", "-pk")[:RELATED_COUNT]
    )


def _candidates(tag_ids: list[int], company_ids: list[int], *, exclude: int):
    """(candidate ids, score) as SQL, or None without tags or companies: the ids are a UNION
    ALL of one index range scan per tag and per company (the newest ``RELATED_CANDIDATES``
    stories under each); the score of a story is its shared companies × 2 + shared tags,
    two correlated counts."""
    tagged, mention = TaggedItem._meta.db_table, Mention._meta.db_table
    content_type = article_content_type_id()
    parts, params = [], []
    for tag_id in tag_ids:
        parts.append(
            f"SELECT * FROM (SELECT object_id AS id FROM {tagged} WHERE content_type_id = %s "
            f"AND tag_id = %s ORDER BY object_id DESC LIMIT {RELATED_CANDIDATES}) t"
        )
        params += [content_type, tag_id]
    for company_id in company_ids:
        parts.append(
            f"SELECT * FROM (SELECT article_id AS id FROM {mention} WHERE company_id = %s "
            f"ORDER BY article_id DESC LIMIT {RELATED_CANDIDATES}) m"
        )
        params.append(company_id)
    if not parts:
        return None
    ids = RawSQL(
        f"SELECT id FROM ({' UNION ALL '.join(parts)}) u WHERE id <> %s", [*params, exclude]
    )
    story = f"{connection.ops.quote_name(Article._meta.db_table)}.id"
    tag_list = ", ".join(["%s"] * len(tag_ids)) or "NULL"
    company_list = ", ".join(["%s"] * len(company_ids)) or "NULL"
    score = RawSQL(
        f"""(SELECT COUNT(*) FROM {tagged} s WHERE s.content_type_id = %s
                AND s.tag_id IN ({tag_list}) AND s.object_id = {story})
            + 2 * (SELECT COUNT(*) FROM {mention} s WHERE s.company_id IN ({company_list})
                AND s.article_id = {story})""",
        [content_type, *tag_ids, *company_ids],
        output_field=IntegerField(),
    )
    return ids, score


def article_content_type_id() -> int:
    # Django's content-type cache, not our own: it is cleared when the table is rebuilt.
    return ContentType.objects.get_for_model(Article).pk
