"""The API's contract as django-ninja schemas: the OpenAPI document is generated from these,
and schemathesis checks every response against it. Items omit a property rather than send
null (NINJS types allow no nulls), so every optional property is optional here too."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class _Closed(Schema):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --- NINJS 2.1, the properties we emit ------------------------------------------------------


class NinjsText(_Closed):
    role: str | None = None
    contenttype: str | None = None
    value: str


class NinjsSubject(_Closed):
    name: str | None = None
    rel: str | None = None
    uri: str | None = None
    literal: str | None = None


class NinjsSymbol(_Closed):
    ticker: str | None = None
    exchange: str | None = None


class NinjsOrganisation(NinjsSubject):
    symbols: list[NinjsSymbol] | None = None


class NinjsInfosource(_Closed):
    name: str | None = None
    role: str | None = None
    uri: str | None = None
    literal: str | None = None


class NinjsPerson(_Closed):
    name: str | None = None
    rel: str | None = None
    uri: str | None = None


class NinjsRendition(_Closed):
    name: str
    href: str | None = None
    contenttype: str | None = None
    title: str | None = None
    width: int | None = None
    height: int | None = None


class NinjsAltId(_Closed):
    role: str | None = None
    value: str | None = None


class NinjsRightsInfo(_Closed):
    linkedrights: str


class NinjsAssociation(_Closed):
    name: str
    uri: str
    type: Literal["picture"] | None = None
    descriptions: list[NinjsText] | None = None
    by: str | None = None
    renditions: list[NinjsRendition] | None = None


class NinjsItem(_Closed):
    """A story as a NINJS 2.1 item (IPTC). Only ``uri`` is always present; ``fields=`` may
    leave out the rest."""

    uri: str
    standard: dict[str, str] | None = Field(
        None, description="name ninjs, version 2.1, and the schema's URI (NINJS ``standard``)."
    )
    type: Literal["text"] | None = None
    representationtype: Literal["full", "partial"] | None = None
    version: str | None = None
    firstcreated: datetime | None = None
    versioncreated: datetime | None = None
    pubstatus: Literal["usable", "withheld", "canceled"] | None = None
    language: str | None = None
    slugline: str | None = None
    headlines: list[NinjsText] | None = None
    descriptions: list[NinjsText] | None = None
    bodies: list[NinjsText] | None = None
    by: str | None = None
    people: list[NinjsPerson] | None = None
    subjects: list[NinjsSubject] | None = None
    organisations: list[NinjsOrganisation] | None = None
    infosources: list[NinjsInfosource] | None = None
    associations: list[NinjsAssociation] | None = None
    renditions: list[NinjsRendition] | None = None
    altids: list[NinjsAltId] | None = None
    copyrightholder: str | None = None
    copyrightnotice: str | None = None
    usageterms: str | None = None
    rightsinfo: NinjsRightsInfo | None = None


# --- Our plainer JSON -----------------------------------------------------------------------


class Named(_Closed):
    name: str
    slug: str
    url: str


class PlainAuthor(_Closed):
    name: str
    slug: str
    url: str


class PlainSource(_Closed):
    name: str
    slug: str
    url: str


class PlainRendition(_Closed):
    url: str
    width: int
    height: int
    type: str


class PlainImage(_Closed):
    alt_text: str
    caption: str
    credit: str
    renditions: list[PlainRendition]


class PlainCorrection(_Closed):
    date: datetime
    text: str


class CallToAction(_Closed):
    text: str
    url: str


class PlainRights(_Closed):
    visibility: Literal["full", "excerpt", "link_only"]
    origin: Literal["staff", "partner"]
    permission: str
    license: str
    license_url: str
    attribution: str
    original_url: str
    copyright_holder: str
    copyright_notice: str
    usage_terms: str
    call_to_action: CallToAction | None = None


class PlainItem(_Closed):
    """A story in our own JSON (``format=json``). ``fields=`` may leave out all but ``id``."""

    id: int
    slug: str | None = None
    url: str | None = None
    headline: str | None = None
    summary: str | None = None
    body_html: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    version: int | None = None
    byline: str | None = None
    authors: list[PlainAuthor] | None = None
    source: PlainSource | None = None
    tags: list[Named] | None = None
    companies: list[Named] | None = None
    lead_image: PlainImage | None = None
    corrections: list[PlainCorrection] | None = None
    rights: PlainRights | None = None
    snippet: str | None = None


class NinjsArticlePage(_Closed):
    items: list[NinjsItem]
    next: str | None = Field(description="Cursor of the next (older) page; null at the end.")
    prev: str | None = Field(description="Cursor of the previous (newer) page; null at the top.")
    limit: int


class PlainArticlePage(_Closed):
    items: list[PlainItem]
    next: str | None
    prev: str | None
    limit: int


# --- Companies, tags, sources ---------------------------------------------------------------


class CompanyRef(_Closed):
    name: str
    slug: str
    url: str


class CompanySummary(_Closed):
    name: str
    slug: str
    url: str
    kind: str
    website: str
    hq_city: str
    hq_country: str
    founded: int | None
    ticker: str
    exchange: str
    parent: CompanyRef | None


class OtherName(_Closed):
    name: str
    kind: Literal["alias", "brand", "product"]


class StoryRef(_Closed):
    slug: str
    headline: str
    url: str


class FundingRound(_Closed):
    amount: str | None = Field(description="Decimal, in ``currency``.")
    currency: str
    amount_is_minimum: bool
    amount_usd: str | None = Field(description="As the source states it; never converted.")
    amount_display: str
    round_name: str
    announced_on: date | None
    leads: list[CompanyRef]
    participants: list[CompanyRef]
    source_article: StoryRef | None = Field(
        description="The story that states the round, when readers may see it."
    )


class CompanyDetail(CompanySummary):
    legal_name: str
    description: str
    other_names: list[OtherName]
    subsidiaries: list[CompanyRef]
    funding_rounds: list[FundingRound]


class CompanyPage(_Closed):
    items: list[CompanySummary]
    next: str | None
    prev: str | None
    limit: int


class Tag(_Closed):
    name: str
    slug: str
    url: str


class TagList(_Closed):
    items: list[Tag]


class Source(_Closed):
    name: str
    slug: str
    domain: str
    homepage: str
    url: str


class SourceList(_Closed):
    items: list[Source]


class Problem(_Closed):
    """RFC 9457 problem details (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    parameter: str | None = Field(None, description="The query parameter at fault, if any.")
