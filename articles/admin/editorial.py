"""Admin for the editorial side: images and author profiles."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from PIL import UnidentifiedImageError

from articles.editorial import roles
from articles.editorial.images import image_renditions, image_renditions_forget, image_sources
from articles.models import Author, Image
from articles.models.image_files import validate_image_file


class CheckedImageField(forms.ImageField):
    """Runs our checks (size, pixels, format) before Django's generic "not an image" one, so
    editors learn exactly what was wrong with a refused file."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            validate_image_file(upload)
        return super().to_python(data)


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]
        field_classes = {"file": CheckedImageField}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "file" not in self.changed_data:
            # Only the words changed: leave the stored picture alone. Assigning it back would
            # make Django re-read it from storage for its dimensions (and fail when the
            # original is missing).
            cleaned.pop("file", None)
        return cleaned


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "caption", "credit", "has_alt_text", "size", "created_at"]
    search_fields = ["caption", "alt_text", "credit"]
    readonly_fields = ["thumbnail", "size", "uploaded_by", "created_at"]
    fields = ["file", "thumbnail", "alt_text", "caption", "credit", "size", "uploaded_by"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or roles.can_edit_image(request.user, obj)

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        if change and "file" in form.changed_data:
            image_renditions_forget(obj)  # a new picture: renditions are remade from it
        super().save_model(request, obj, form, change)
        try:
            image_renditions(obj)
        except (OSError, UnidentifiedImageError):
            # Only the words were edited and the original has gone from storage: keep them.
            self.message_user(
                request,
                "The picture's original file is missing, so readers see no image; "
                "upload the file again.",
                messages.WARNING,
            )

    @admin.display(description="image")
    def thumbnail(self, obj):
        if not obj.pk:
            return "-"
        sources = image_sources(obj, default_width=320)
        if sources is None:
            return "(the image file is missing)"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:120px;height:auto">', sources.src, obj.alt_text
        )

    @admin.display(description="alt text?", boolean=True)
    def has_alt_text(self, obj):
        return bool(obj.alt_text.strip())

    @admin.display(description="size")
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "-"


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "is_external"]
    list_filter = ["is_external"]
    search_fields = ["name", "bio", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]
    fields = ["name", "slug", "bio", "photo", "user", "is_external"]
