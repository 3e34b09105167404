"""Lead images: Pillow validation with clear messages, renditions made once, srcset, privacy."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.editorial.images import image_renditions, image_sources
from articles.models import Image, Rendition
from articles.models.image_files import validate_image_file

from .factories import ArticleFactory, ImageFactory, UserFactory, make_png

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="photo.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_a_real_image_passes():
    validate_image_file(upload(make_png()))


def test_non_image_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="not an image we can read"):
        validate_image_file(upload(b"%PDF-1.4 this is not a picture", name="doc.png"))


def test_file_over_the_limit_is_refused(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="images may be at most 1000"):
        validate_image_file(upload(make_png(400, 400) + b"\0" * 2000))


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError, match="2,000 × 1,000 pixels"):
        validate_image_file(upload(make_png(2000, 1000)))


def test_pillow_decompression_bomb_guard_gives_a_clear_message(settings, monkeypatch):
    settings.IMAGE_MAX_PIXELS = 10**9
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 10_000)
    with pytest.raises(ValidationError, match="too many pixels to process safely"):
        validate_image_file(upload(make_png(400, 400)))


def test_unsupported_format_is_refused():
    buffer = io.BytesIO()
    PILImage.new("RGB", (50, 50)).save(buffer, format="BMP")
    with pytest.raises(ValidationError, match="BMP images are not supported"):
        validate_image_file(upload(buffer.getvalue(), name="x.bmp"))


def test_renditions_are_made_once_in_several_widths_as_webp_and_original_format():
    image = ImageFactory(file=upload(make_png(1500, 1000)))
    renditions = image_renditions(image)
    widths = sorted({r.width for r in renditions})
    assert widths == [320, 640, 960, 1280, 1500]
    assert {r.format for r in renditions} == {"webp", "png"}
    for rendition in renditions:
        with rendition.file.open("rb") as handle, PILImage.open(handle) as picture:
            assert picture.format == rendition.format.upper()
            assert picture.width == rendition.width
    count = Rendition.objects.count()
    assert image_renditions(Image.objects.get(pk=image.pk))
    assert Rendition.objects.count() == count


def test_renditions_strip_exif_location():
    exif = PILImage.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {2: (51.0, 30.0, 0.0), 1: "N"}  # GPS IFD
    jpeg = make_png(800, 600, fmt="JPEG", exif=exif.tobytes())
    with PILImage.open(io.BytesIO(jpeg)) as original:
        assert original.getexif().get_ifd(0x8825)  # the upload does carry a location
    image = ImageFactory(file=SimpleUploadedFile("gps.jpg", jpeg, content_type="image/jpeg"))
    for rendition in image_renditions(image):
        with rendition.file.open("rb") as handle, PILImage.open(handle) as picture:
            assert not picture.getexif().get_ifd(0x8825)
            assert "exif" not in picture.info


def test_srcset_lists_every_width():
    image = ImageFactory(file=upload(make_png(1000, 500)))
    sources = image_sources(image)
    assert sources.webp_srcset.count("w,") == 3  # 320, 640, 960, 1000 -> three separators
    assert " 320w" in sources.srcset
    assert " 1000w" in sources.srcset
    assert sources.fallback_type == "image/png"


def test_article_page_shows_the_lead_image_with_srcset_caption_and_credit(client):
    image = ImageFactory(alt_text="Wafers in a fab", caption="The new fab", credit="Ann Photo")
    article = ArticleFactory(lead_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="' in html
    assert 'alt="Wafers in a fab"' in html
    assert "The new fab" in html
    assert "Ann Photo" in html
    assert "images/originals" not in html  # readers only get renditions


def test_renditions_are_served_but_originals_are_not(client, settings):
    image = ImageFactory()
    rendition = image_renditions(image)[0]
    assert client.get(rendition.file.url).status_code == 200
    assert client.get(image.file.url).status_code == 404


def test_admin_upload_refuses_a_non_image_with_a_clear_message(client):
    client.force_login(UserFactory(role="Writer"))
    response = client.post(
        reverse("admin:articles_image_add"),
        {"file": upload(b"GIF89a but not really", name="fake.gif"), "alt_text": "x"},
    )
    assert response.status_code == 200
    assert "not an image we can read" in response.content.decode()
    assert not Image.objects.exists()


def test_admin_upload_makes_renditions(client):
    user = UserFactory(role="Writer")
    client.force_login(user)
    response = client.post(
        reverse("admin:articles_image_add"),
        {"file": upload(make_png(700, 400)), "alt_text": "A chart", "caption": "Sales"},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == user
    assert (image.width, image.height) == (700, 400)
    assert image.renditions.count() == 6  # 320, 640, 700 × webp, png


def test_a_missing_original_shows_no_image_instead_of_an_error(client):
    image = ImageFactory()
    image.file.storage.delete(image.file.name)
    article = ArticleFactory(lead_image=image)
    assert client.get(article.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(role="Editor"))
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:articles_image_changelist")).status_code == 200
