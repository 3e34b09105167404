"""Uploaded images with their caption, credit and alt text, and their cached renditions."""

from django.db import models

from articles.models.image_files import validate_image_file


class Image(models.Model):
    file = models.ImageField(
        upload_to="images/originals/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text="JPEG, PNG, WebP or GIF, at most 10 MB and 40 megapixels. The original is "
        "never shown to readers; they get resized copies without location data.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who can't see it. Required before the "
        "story can be published.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer or agency, e.g. “Reuters/Jane Doe”."
    )
    uploaded_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.caption or self.alt_text or self.file.name.rsplit("/", 1)[-1]

    def clean_fields(self, exclude=None):
        # A picture already in storage was checked when it was uploaded. Cleaning it again
        # would assign it back, which makes Django re-read it from storage for its
        # dimensions: a closed handle or a missing original then broke editing the words.
        exclude = set(exclude or ())
        if getattr(self.file, "_committed", False):
            exclude.add("file")
        super().clean_fields(exclude=exclude)


class Rendition(models.Model):
    """A resized copy of an image in one format, made once and reused."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=8)  # "webp", "jpeg", "png", "gif"
    file = models.ImageField(upload_to="images/renditions/", width_field=None)

    class Meta:
        ordering = ["image", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format"], name="unique_rendition_per_size_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.image_id} {self.width}w {self.format}"

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"
