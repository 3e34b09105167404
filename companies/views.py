"""Public company pages. Stories come only from ``Article.objects.published()``; funding only
from rounds an editor confirmed."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from articles.models import Article
from articles.site.lists import ListPaginator, story_cards

from .charts import chronological, funding_chart
from .countries import country_name
from .filters import CompanyFilter
from .models import AliasKind, Company, CompanySlugRedirect, FundingRound

STORIES_PER_PAGE = 10
RELATED_LIMIT = 8
RELATED_WINDOW = 200  # the company's latest stories that its related companies come from


class CompanyIndexView(FilterView):
    filterset_class = CompanyFilter
    template_name = "companies/index.html"
    context_object_name = "companies"
    paginate_by = 50
    queryset = Company.objects.select_related("parent").order_by("name")


class CompanyDetailView(DetailView):
    template_name = "companies/detail.html"
    context_object_name = "company"
    queryset = Company.objects.select_related("parent").prefetch_related(
        "aliases", Prefetch("subsidiaries", queryset=Company.objects.order_by("name"))
    )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A merged (or renamed) company keeps its old address.
            redirect = get_object_or_404(
                CompanySlugRedirect.objects.select_related("company"),
                old_slug=kwargs["slug"],
            )
            return HttpResponsePermanentRedirect(redirect.company.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        published = Article.objects.published()

        names = {kind: [] for kind in AliasKind.values}
        for alias in company.aliases.all():
            names[alias.kind].append(alias.name)

        rounds = list(
            FundingRound.objects.confirmed()
            .filter(company=company)
            .select_related("source_article")
            .prefetch_related(
                Prefetch("leads", queryset=Company.objects.order_by("name")),
                Prefetch("participants", queryset=Company.objects.order_by("name")),
            )
        )
        # A round's source is linked only where readers may read it.
        source_ids = {r.source_article_id for r in rounds if r.source_article_id}
        readable = (
            set(published.filter(pk__in=source_ids).values_list("pk", flat=True))
            if source_ids
            else set()
        )
        investors: dict[int, dict] = {}
        for round_ in rounds:
            round_.readable_source = (
                round_.source_article if round_.source_article_id in readable else None
            )
            for role, people in (
                ("lead", round_.leads.all()),
                ("participant", round_.participants.all()),
            ):
                for investor in people:
                    entry = investors.setdefault(
                        investor.pk, {"company": investor, "led": 0, "rounds": 0}
                    )
                    entry["rounds"] += 1
                    entry["led"] += role == "lead"

        portfolio = (
            FundingRound.objects.confirmed()
            .filter(Q(leads=company) | Q(participants=company))
            .select_related("company")
            .annotate(led=Count("leads", filter=Q(leads=company)))
            .order_by("company__name", "id")
            .distinct()
        )

        mentioning = published.filter(mentions__company=company)
        stories = ListPaginator(
            story_cards(mentioning).order_by("-publish_at", "-id"), STORIES_PER_PAGE
        ).get_page(self.request.GET.get("page"))

        # Named alongside it in its latest stories: bounded, so a company in ten thousand
        # stories costs what one in a hundred does, and the list follows current coverage.
        recent = mentioning.order_by("-publish_at", "-id").values("pk")[:RELATED_WINDOW]
        related = (
            Company.objects.filter(mentions__article__in=recent)
            .exclude(pk=company.pk)
            .annotate(shared=Count("mentions__article", distinct=True))
            .order_by("-shared", "name")[:RELATED_LIMIT]
        )

        context.update(
            country=country_name(company.hq_country),
            other_names=names[AliasKind.ALIAS],
            brands=names[AliasKind.BRAND],
            products=names[AliasKind.PRODUCT],
            subsidiaries=list(company.subsidiaries.all()),
            rounds=list(reversed(chronological(rounds))),
            chart=funding_chart(rounds),
            investors=sorted(investors.values(), key=lambda e: (-e["led"], e["company"].name)),
            portfolio=list(portfolio),
            articles=stories.object_list,
            page_obj=stories,
            is_paginated=stories.has_other_pages(),
            related=list(related),
        )
        return context
