"""Admin for the editorial side: images and author profiles."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from articles.editorial.images import image_renditions, image_sources
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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "caption", "credit", "has_alt_text", "size", "created_at"]
    search_fields = ["caption", "alt_text", "credit"]
    readonly_fields = ["thumbnail", "size", "uploaded_by", "created_at"]
    fields = ["file", "thumbnail", "alt_text", "caption", "credit", "size", "uploaded_by"]

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        if change and "file" in form.changed_data:
            obj.renditions.all().delete()  # a new picture: renditions are remade from it
        super().save_model(request, obj, form, change)
        image_renditions(obj)

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
