from django.db import models


class SourceManager(models.Manager):
    def get_by_natural_key(self, domain):
        return self.get(domain=domain)


class Source(models.Model):
    """A partner publication whose stories we republish."""

    name = models.CharField(max_length=200, help_text="The publication's name as readers know it.")
    slug = models.SlugField(max_length=100, unique=True)
    domain = models.CharField(
        max_length=200,
        unique=True,
        help_text="The partner's web domain, lower case, without www (e.g. aicnbc.com).",
    )
    homepage = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().removeprefix("www.")
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (self.domain,)
