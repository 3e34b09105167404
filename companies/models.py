from django.db import models
from django.urls import reverse


class CompanyKind(models.TextChoices):
    STARTUP = "startup", "Startup"
    INVESTOR = "investor", "Investor"
    BIG_TECH = "big_tech", "Big tech"
    MEDIA = "media", "Media"
    RESEARCH_LAB = "research_lab", "Research lab"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class CompanyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Company(models.Model):
    name = models.CharField(max_length=200, unique=True)
    legal_name = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=CompanyKind.choices, default=CompanyKind.OTHER)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsidiaries",
        help_text="The company that owns this one (Alibaba for Alibaba Cloud).",
    )
    hq_city = models.CharField("headquarters city", max_length=100, blank=True)
    hq_country = models.CharField(
        "headquarters country", max_length=2, blank=True, help_text="ISO 3166 code, e.g. CN."
    )
    founded = models.PositiveSmallIntegerField("founding year", null=True, blank=True)
    ticker = models.CharField(max_length=20, blank=True)
    exchange = models.CharField(max_length=40, blank=True)
    case_sensitive = models.BooleanField(
        default=False,
        help_text="Match the name only in this exact case, for names that are ordinary words "
        "(Apple, Wired).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class AliasKind(models.TextChoices):
    ALIAS = "alias", "Other name"
    BRAND = "brand", "Brand"
    PRODUCT = "product", "Product"


class CompanyAlias(models.Model):
    """Another name that means the company: a short name, a brand or a product."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=AliasKind.choices, default=AliasKind.ALIAS)
    case_sensitive = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "alias, brand or product"
        verbose_name_plural = "aliases, brands and products"

    def __str__(self) -> str:
        return self.name


class Mention(models.Model):
    """A company named in an article, found by the matcher."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="mentions"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_position = models.PositiveIntegerField(
        default=0, help_text="Character offset of the first mention in the body text."
    )

    class Meta:
        ordering = ["first_position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "company"], name="unique_mention")
        ]

    def __str__(self) -> str:
        return f"{self.company} in {self.article}"
