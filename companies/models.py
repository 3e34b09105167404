from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
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
    """A company named in an article: found by the matcher, or added by an editor."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="mentions"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_position = models.PositiveIntegerField(
        default=0, help_text="Character offset of the first mention in the body text."
    )
    manual = models.BooleanField(
        "added by hand",
        default=False,
        help_text="An editor added this company. The matcher never removes it, whatever the "
        "text says; only an editor does. Automatic mentions follow the text.",
    )

    class Meta:
        ordering = ["first_position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "company"], name="unique_mention")
        ]
        indexes = [
            # A company's newest stories without sorting all of them (related stories).
            models.Index(fields=["company", "article"], name="mention_company_article_idx")
        ]

    def __str__(self) -> str:
        return f"{self.company} in {self.article}"


class CompanySlugRedirect(models.Model):
    """An old address of a company page, kept when companies are merged or renamed."""

    old_slug = models.SlugField(max_length=120, unique=True)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = "old company address"
        verbose_name_plural = "old company addresses"

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.company.slug}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class FundingRoundQuerySet(models.QuerySet):
    def confirmed(self):
        """What readers see: rounds an editor checked against the source."""
        return self.filter(status=ReviewStatus.CONFIRMED)


class FundingRound(models.Model):
    """Money a company raised, as stated in a story. Extracted rounds wait for an editor."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="funding_rounds")
    amount = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="In the currency below."
    )
    currency = models.CharField(
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code: USD, CNY…")],
        help_text="ISO 4217 code: USD, CNY…",
    )
    amount_usd = models.DecimalField(
        "USD equivalent",
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Only as the source states it; we do not convert at today's rates.",
    )
    amount_is_minimum = models.BooleanField(
        default=False, help_text='The source says "over" or "more than" the amount.'
    )
    round_name = models.CharField(
        max_length=40, blank=True, help_text="Seed, Series A, Series B+… blank when not stated."
    )
    leads = models.ManyToManyField(
        Company, blank=True, related_name="rounds_led", verbose_name="lead investors"
    )
    participants = models.ManyToManyField(
        Company, blank=True, related_name="rounds_joined", verbose_name="other investors"
    )
    announced_on = models.DateField(null=True, blank=True, help_text="When known.")
    source_article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_rounds",
    )
    source_sentence = models.TextField(blank=True, help_text="Where the story states the round.")
    fingerprint = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="Identifies the extracted statement, so a re-import updates instead of "
        "duplicating.",
    )
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FundingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["company__name", "announced_on", "id"]

    def __str__(self) -> str:
        return f"{self.company}: {self.amount_display or 'undisclosed'} {self.round_name}".strip()

    def clean(self) -> None:
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": "Give the currency of the amount."})
        if (self.amount is not None and self.amount < 0) or (
            self.amount_usd is not None and self.amount_usd < 0
        ):
            raise ValidationError("An amount raised cannot be negative.")

    @property
    def amount_display(self) -> str:
        return money_display(self.amount, self.currency, minimum=self.amount_is_minimum)

    @property
    def amount_usd_display(self) -> str:
        return money_display(self.amount_usd, "USD")


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "JPY": "¥"}


def money_display(amount, currency: str, *, minimum: bool = False) -> str:
    """``$290 million``, ``over ¥600 million``, ``€1.2 billion``."""
    if amount is None:
        return ""
    value = float(amount)
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if value >= size:
            number = f"{value / size:.2f}".rstrip("0").rstrip(".")
            text = f"{number} {word}"
            break
    else:
        text = f"{value:,.0f}"
    symbol = _SYMBOLS.get(currency)
    text = f"{symbol}{text}" if symbol else f"{text} {currency}".strip()
    if currency == "CNY":
        text = text[1:] + " yuan"
    return f"over {text}" if minimum else text


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected (not suggested again)"


class Suggestion(models.Model):
    """A capitalised name near a cue word that the registry does not know, for an editor."""

    name = models.CharField(max_length=200, unique=True)
    cue = models.CharField(max_length=60, blank=True, help_text="The cue word that caught it.")
    status = models.CharField(
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
        db_index=True,
    )
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The company created or extended when the suggestion was accepted.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "name"]
        verbose_name = "company suggestion"

    def __str__(self) -> str:
        return self.name


class SuggestionSighting(models.Model):
    """Where a suggested name was seen: the article and the sentence."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="sightings")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="company_suggestions"
    )
    sentence = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "article"], name="unique_suggestion_sighting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} in {self.article}"
