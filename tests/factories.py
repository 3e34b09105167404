"""factory_boy factories for the tests."""

import factory
from django.utils import timezone

from articles.models import Article, Origin, ReprintRule, Source, Status
from companies.models import Company


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    domain = factory.Sequence(lambda n: f"partner{n}.example")
    homepage = factory.LazyAttribute(lambda o: f"https://{o.domain}/")


class ReprintRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReprintRule

    name = factory.Sequence(lambda n: f"Rule {n}")
    key = factory.Sequence(lambda n: f"rule-{n}")
    source = factory.SubFactory(SourceFactory)
    notice_patterns = r"Reprint allowed from (?P<url>https?://\S+)"
    permission = "attribution_required"
    attribution_template = "From {source}: {url}"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    dek = "A short standfirst."
    body = "<p>First paragraph.</p>\n<p>Second paragraph.</p>"
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    origin = Origin.STAFF

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class PartnerArticleFactory(ArticleFactory):
    origin = Origin.PARTNER
    rule = factory.SubFactory(ReprintRuleFactory)
    source = factory.SelfAttribute("rule.source")
    original_url = factory.Sequence(lambda n: f"https://partner.example/{n}.html")
    original_author = "Jane Partner"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
