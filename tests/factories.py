"""factory_boy factories for the tests."""

import factory
from django.core.files.base import ContentFile
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


# --- Editorial workflow -----------------------------------------------------------------------


def make_png(width: int = 1200, height: int = 800, fmt: str = "PNG", exif=None) -> bytes:
    """A real image file of the given size, for uploads."""
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    PILImage.new("RGB", (width, height), (200, 80, 40)).save(buffer, format=fmt, **options)
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; ``role="Writer"``/``"Editor"``/``"Rights manager"`` puts them in that group."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Staffer{n}")
    is_staff = True
    password = factory.django.Password("pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(Group.objects.get(name=extracted))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Author"

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes about chips."


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Image"

    file = factory.LazyFunction(lambda: ContentFile(make_png(), name="lead.png"))
    alt_text = "A red rectangle"
    caption = "The launch event"
    credit = "Jane Photographer"


def client_for(user):
    """A test client signed in as ``user``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
