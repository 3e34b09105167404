"""``/companies``, ``/companies/{slug}``, ``/tags`` and ``/sources``."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Query, Router

from api.items.common import site_url
from api.problems import ApiProblem
from api.v1 import cursors, params
from api.v1.responses import cached
from api.v1.schemas import CompanyDetail, CompanyPage, Problem, SourceList, TagList
from articles.models import Article
from articles.site.filters import source_choices, tag_choices
from companies.models import Company, CompanySlugRedirect, FundingRound

router = Router(tags=["companies, tags and sources"])
ERRORS = {400: Problem, 429: Problem}


def _ref(company: Company) -> dict:
    return {
        "name": company.name,
        "slug": company.slug,
        "url": site_url("companies:detail", company.slug),
    }


def _summary(company: Company) -> dict:
    return {
        **_ref(company),
        "kind": company.kind,
        "website": company.website,
        "hq_city": company.hq_city,
        "hq_country": company.hq_country,
        "founded": company.founded,
        "ticker": company.ticker,
        "exchange": company.exchange,
        "parent": _ref(company.parent) if company.parent_id else None,
    }


@router.get("/companies", response={200: CompanyPage, **ERRORS}, summary="The company registry")
def list_companies(
    request,
    cursor: str | None = Query(None, description="The next or prev cursor of a page."),
    limit: int | None = Query(
        None,
        description="Items per page (20 by default).",
        ge=1,
        le=params.MAX_LIMIT,
    ),
):
    params.check_known(request, ("cursor", "limit"))
    size = params.limit(limit)
    position = cursors.decode(cursor, kinds=(str, int)) if cursor else None

    def build():
        companies = Company.objects.select_related("parent")
        if position is None or position.direction == cursors.NEXT:
            if position is not None:
                name, pk = position.key
                companies = companies.filter(Q(name__gt=name) | Q(name=name, pk__gt=pk))
            rows = list(companies.order_by("name", "pk")[: size + 1])
            more, rows = len(rows) > size, rows[:size]
            next_cursor = _cursor(cursors.NEXT, rows[-1]) if more and rows else None
            prev_cursor = _cursor(cursors.PREV, rows[0]) if position is not None and rows else None
        else:
            name, pk = position.key
            companies = companies.filter(Q(name__lt=name) | Q(name=name, pk__lt=pk))
            rows = list(companies.order_by("-name", "-pk")[: size + 1])
            more, rows = len(rows) > size, rows[:size]
            rows.reverse()
            prev_cursor = _cursor(cursors.PREV, rows[0]) if more and rows else None
            next_cursor = _cursor(cursors.NEXT, rows[-1]) if rows else None
        return {
            "items": [_summary(c) for c in rows],
            "next": next_cursor,
            "prev": prev_cursor,
            "limit": size,
        }

    return cached(request, build)


def _cursor(direction: str, company: Company) -> str:
    return cursors.encode(direction, (company.name, company.pk))


@router.get(
    "/companies/{slug}",
    response={200: CompanyDetail, 301: None, 404: Problem, **ERRORS},
    summary="A company: profile, other names and confirmed funding rounds",
)
def get_company(request, slug: str):
    params.check_known(request, ())
    value = params.slug("slug", slug)
    company = (
        Company.objects.select_related("parent")
        .prefetch_related("aliases", Prefetch("subsidiaries", Company.objects.order_by("name")))
        .filter(slug=value)
        .first()
    )
    if company is None:
        moved = CompanySlugRedirect.objects.select_related("company").filter(old_slug=value).first()
        if moved is not None:
            return HttpResponsePermanentRedirect(
                reverse("api-v1:get_company", kwargs={"slug": moved.company.slug})
            )
        raise ApiProblem(404, "not-found", f"No company has the slug “{value}”.")

    def build():
        rounds = list(
            FundingRound.objects.confirmed()
            .filter(company=company)
            .select_related("source_article")
            .prefetch_related(
                Prefetch("leads", Company.objects.order_by("name")),
                Prefetch("participants", Company.objects.order_by("name")),
            )
            .order_by("announced_on", "id")
        )
        # A round's story is named only where readers may read it.
        source_ids = {r.source_article_id for r in rounds if r.source_article_id}
        readable = set(
            Article.objects.published().filter(pk__in=source_ids).values_list("pk", flat=True)
            if source_ids
            else ()
        )
        return {
            **_summary(company),
            "legal_name": company.legal_name,
            "description": company.description,
            "other_names": [{"name": a.name, "kind": a.kind} for a in company.aliases.all()],
            "subsidiaries": [_ref(s) for s in company.subsidiaries.all()],
            "funding_rounds": [_round(r, readable) for r in rounds],
        }

    return cached(request, build, listing=False)


def _round(round_: FundingRound, readable: set[int]) -> dict:
    story = round_.source_article if round_.source_article_id in readable else None
    return {
        "amount": str(round_.amount) if round_.amount is not None else None,
        "currency": round_.currency,
        "amount_is_minimum": round_.amount_is_minimum,
        "amount_usd": str(round_.amount_usd) if round_.amount_usd is not None else None,
        "amount_display": round_.amount_display,
        "round_name": round_.round_name,
        "announced_on": round_.announced_on.isoformat() if round_.announced_on else None,
        "leads": [_ref(c) for c in round_.leads.all()],
        "participants": [_ref(c) for c in round_.participants.all()],
        "source_article": (
            {
                "slug": story.slug,
                "headline": story.headline,
                "url": site_url("articles:detail", story.slug),
            }
            if story is not None
            else None
        ),
    }


@router.get("/tags", response={200: TagList, **ERRORS}, summary="Tags on stories readers may see")
def list_tags(request):
    params.check_known(request, ())

    def build():
        return {
            "items": [
                {"name": t.name, "slug": t.slug, "url": site_url("articles:tag", t.slug)}
                for t in tag_choices()
            ]
        }

    return cached(request, build)


@router.get("/sources", response={200: SourceList, **ERRORS}, summary="Partners with stories")
def list_sources(request):
    params.check_known(request, ())

    def build():
        return {
            "items": [
                {
                    "name": s.name,
                    "slug": s.slug,
                    "domain": s.domain,
                    "homepage": s.homepage,
                    "url": site_url("articles:source", s.slug),
                }
                for s in source_choices().order_by("name")
            ]
        }

    return cached(request, build)
