"""Images in the admin: who may change them, and editing only their words (alt text, caption,
credit) without a new file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.editorial.images import image_renditions
from articles.editorial.workflow import article_transition
from articles.models import Image, Status

from .admin_forms import form_data
from .factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    client_for,
    make_png,
)

pytestmark = pytest.mark.django_db


def change_url(image):
    return reverse("admin:articles_image_change", args=[image.pk])


def new_picture(**data):
    return {
        "file": SimpleUploadedFile("new.png", make_png(500, 300), content_type="image/png"),
        "alt_text": "A different picture",
        "caption": "Replaced",
        "credit": "Someone",
        **data,
    }


# --- Who may change an image -------------------------------------------------------------------


def test_writer_cannot_change_the_lead_image_of_an_editors_published_story(writer, editor):
    image = ImageFactory(uploaded_by=editor)
    article = ArticleFactory(lead_image=image, created_by=editor)
    renditions = {r.file.name for r in image_renditions(image)}

    response = client_for(writer).post(change_url(image), new_picture())

    assert response.status_code == 403
    image.refresh_from_db()
    assert (image.alt_text, image.width) == ("A red rectangle", 1200)
    assert {r.file.name for r in image.renditions.all()} == renditions
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "A different picture" not in page


def test_writer_cannot_change_the_image_of_their_own_story_once_published(writer, editor):
    image = ImageFactory(uploaded_by=writer)
    article = ArticleFactory(
        lead_image=image, created_by=writer, status=Status.DRAFT, publish_at=None
    )
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    mine = client_for(writer)
    assert mine.post(change_url(image), {"alt_text": "Changed", "caption": ""}).status_code == 403
    image.refresh_from_db()
    assert image.alt_text == "A red rectangle"
    # They can still look at it.
    assert mine.get(change_url(image)).status_code == 200


def test_writer_changes_the_image_of_their_own_draft(writer):
    image = ImageFactory(uploaded_by=writer)
    ArticleFactory(lead_image=image, created_by=writer, status=Status.DRAFT, publish_at=None)
    response = client_for(writer).post(change_url(image), new_picture())
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt_text, image.width, image.height) == ("A different picture", 500, 300)


def test_writer_changes_an_unused_image_they_uploaded_but_not_someone_elses(writer, editor):
    mine, theirs = ImageFactory(uploaded_by=writer), ImageFactory(uploaded_by=editor)
    desk = client_for(writer)
    assert desk.post(change_url(mine), {"alt_text": "Mine", "caption": ""}).status_code == 302
    assert desk.post(change_url(theirs), {"alt_text": "Theirs", "caption": ""}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.alt_text == "A red rectangle"


def test_writer_cannot_change_an_image_shared_with_someone_elses_story(writer, editor):
    image = ImageFactory(uploaded_by=writer)
    ArticleFactory(lead_image=image, created_by=writer, status=Status.DRAFT, publish_at=None)
    ArticleFactory(lead_image=image, created_by=editor, status=Status.DRAFT, publish_at=None)
    assert client_for(writer).post(change_url(image), new_picture()).status_code == 403


def test_writer_cannot_change_an_authors_photo_or_profile(writer):
    photo = ImageFactory(uploaded_by=writer)
    author = AuthorFactory(photo=photo, user=writer)
    desk = client_for(writer)
    assert desk.post(change_url(photo), new_picture()).status_code == 403
    author_url = reverse("admin:articles_author_change", args=[author.pk])
    assert desk.post(author_url, {"name": "Renamed", "slug": author.slug}).status_code == 403
    author.refresh_from_db()
    assert author.name.startswith("Author")


def test_editor_changes_any_image(editor, django_capture_on_commit_callbacks):
    image = ImageFactory()
    ArticleFactory(lead_image=image)
    old = {r.file.name for r in image_renditions(image)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(change_url(image), new_picture())
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.width == 500
    new = {r.file.name for r in image.renditions.all()}
    assert new
    assert not new & old
    storage = image.file.storage
    assert not any(storage.exists(name) for name in old)  # the old picture is gone


# --- Editing only the words --------------------------------------------------------------------


@pytest.mark.parametrize("field", ["alt_text", "caption", "credit"])
def test_editing_only_an_images_words_saves_them(editor, field):
    image = ImageFactory(alt_text="", caption="", credit="")
    desk = client_for(editor)
    data = form_data(desk.get(change_url(image)), "image_form")
    data[field] = "A chart of chip sales"
    response = desk.post(change_url(image), data)
    assert response.status_code == 302
    image.refresh_from_db()
    assert getattr(image, field) == "A chart of chip sales"
    assert image.width == 1200  # the picture is untouched


def test_editing_the_words_of_an_image_just_uploaded_in_the_admin(editor):
    desk = client_for(editor)
    desk.post(reverse("admin:articles_image_add"), new_picture(alt_text=""))
    image = Image.objects.get()
    data = form_data(desk.get(change_url(image)), "image_form")
    data["alt_text"] = "Now described"
    assert desk.post(change_url(image), data).status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Now described"


def test_editing_the_words_of_an_image_without_renditions_or_original(editor):
    image = ImageFactory(alt_text="")
    image.file.storage.delete(image.file.name)
    desk = client_for(editor)
    response = desk.post(
        change_url(image), {"alt_text": "Still described", "caption": ""}, follow=True
    )
    assert response.status_code == 200
    assert "original file is missing" in response.content.decode()
    assert Image.objects.get(pk=image.pk).alt_text == "Still described"


def test_adding_missing_alt_text_unblocks_publishing(editor):
    image = ImageFactory(alt_text="")
    article = ArticleFactory(lead_image=image, status=Status.DRAFT, publish_at=None)
    desk = client_for(editor)
    data = form_data(desk.get(change_url(image)), "image_form")
    data["alt_text"] = "The new chip on a bench"
    assert desk.post(change_url(image), data).status_code == 302
    article.refresh_from_db()
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_readers_see_the_new_words_at_once_even_from_a_cached_page(editor, client):
    image = ImageFactory(alt_text="Old words")
    article = ArticleFactory(lead_image=image)
    assert "Old words" in client.get(article.get_absolute_url()).content.decode()
    desk = client_for(editor)
    data = form_data(desk.get(change_url(image)), "image_form")
    data["alt_text"] = "New words"
    assert desk.post(change_url(image), data).status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert "New words" in page
    assert "Old words" not in page


def test_readers_see_an_authors_new_name_at_once_even_from_a_cached_page(editor, client):
    from articles.models import ArticleAuthor

    author = AuthorFactory(name="Old Name")
    article = ArticleFactory()
    ArticleAuthor.objects.create(article=article, author=author)
    assert "Old Name" in client.get(article.get_absolute_url()).content.decode()
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = form_data(client_for(editor).get(url), "author_form")
    data["name"] = "New Name"
    assert client_for(editor).post(url, data).status_code == 302
    assert "New Name" in client.get(article.get_absolute_url()).content.decode()
