"""The article change list as readers see the stories: status filters and columns that count a
scheduled story whose time has come as published, and the filter for held stories."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal

from articles.editorial.attention import (
    HELD_OTHER,
    HELD_RIGHTS,
    held_for_other_reasons_q,
    waiting_for_rights_q,
)
from articles.models import Article, ArticleAuthor, Status

# Never shown in the list; a page of stories with them was about a megabyte to read.
LIST_DEFERRED = ["body", "raw_text", "copyright_notice", "imported_values", "import_facts"]
# A term matching more bylined stories than this is searched with a subquery (see below).
AUTHOR_IDS_MAX = 1000


class LiveStatusFilter(admin.SimpleListFilter):
    """Status, with "Published" meaning live now: a scheduled story whose publish time has
    passed is listed there, not under "Scheduled". Keeps the ``status__exact`` parameter of
    Django's own filter, so existing links keep working."""

    title = "status"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_live_status(self.value())
        return queryset


class HeldFilter(admin.SimpleListFilter):
    title = "held back"
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [
            (HELD_RIGHTS, "Waiting for rights review"),
            (HELD_OTHER, "Held for another reason"),
        ]

    def queryset(self, request, queryset):
        if self.value() == HELD_RIGHTS:
            return queryset.filter(waiting_for_rights_q())
        if self.value() == HELD_OTHER:
            return queryset.filter(held_for_other_reasons_q())
        return queryset


def status_html(article: Article) -> str:
    """ "Published (live since 1 Dec 08:11)" for a scheduled story whose time has come,
    "Scheduled for …" for one still to come, else the status."""
    if article.status == Status.SCHEDULED and article.publish_at:
        when = timezone.localtime(article.publish_at)
        if article.live_status == Status.PUBLISHED:
            return format_html(
                'Published <span class="quiet">(scheduled; live since {})</span>',
                f"{when:%-d %b %H:%M}",
            )
        return format_html("Scheduled for {}", f"{when:%-d %b %Y %H:%M}")
    return article.get_status_display()


class ArticleColumnsMixin:
    """The change list's columns: what an editor scans for."""

    @admin.display(description="headline", ordering="headline")
    def headline_column(self, obj):
        if obj.headline_is_provisional:
            return format_html(
                '{} <strong title="Provisional headline: write a real one">(provisional)</strong>',
                obj.headline,
            )
        return obj.headline

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        return status_html(obj)

    @admin.display(description="rights", ordering="rule__permission")
    def rights_column(self, obj):
        return obj.permission.replace("_", " ")

    @admin.display(description="by")
    def byline_column(self, obj):
        names = [b.author.name for b in obj.bylines.all()]
        return ", ".join(names) or obj.original_author or "-"


class ArticleChangeList(ChangeList):
    """The change list without the columns no list cell reads (the story's texts)."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer(*LIST_DEFERRED)


class ArticleSearchMixin:
    """The change list's text search, in a shape indexes can answer.

    Django's own search joins the bylines for ``authors__name``, so the list needed a DISTINCT
    over whole rows and no index could serve the LIKEs (640 ms at 100,000 stories on
    PostgreSQL). Here each term is one OR of ``icontains`` on the story's own columns, which
    PostgreSQL answers from the trigram indexes (migration 0016) or by walking the newest
    stories when the word is common, plus the ids of the stories whose byline matches, read
    first from the small authors tables. Same matches, no duplicates, so no DISTINCT."""

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        own = [f for f in self.get_search_fields(request) if "__" not in f]
        for term in _terms(search_term):
            match = Q()
            for field in own:
                match |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(match | _byline_match(term))
        return queryset, False


def _terms(search_term: str) -> list[str]:
    """The words and quoted phrases of ``search_term``, as Django's admin splits them."""
    terms = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        terms.append(bit)
    return terms


def _byline_match(term: str) -> Q:
    """Stories with a byline whose name contains ``term``: their ids, when few enough to
    name (an index lookup each), else a subquery per story."""
    bylined = ArticleAuthor.objects.filter(author__name__icontains=term)
    ids = list(bylined.values_list("article_id", flat=True)[: AUTHOR_IDS_MAX + 1])
    if len(ids) <= AUTHOR_IDS_MAX:
        return Q(pk__in=ids)
    return Q(Exists(bylined.filter(article=OuterRef("pk"))))
