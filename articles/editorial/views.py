"""Editorial pages outside the admin: the staff preview and the public author pages."""

import copy

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, View
from django.views.generic.base import TemplateResponseMixin
from django.views.static import serve
from taggit.models import Tag

from articles.models import Article, Author
from articles.rights.engine import rights_decision
from articles.site.story import story_context


class PreviewForm(forms.ModelForm):
    """The fields a preview of unsaved changes shows; nothing is saved."""

    class Meta:
        model = Article
        fields = ("headline", "dek", "body", "lead_image")


class PreviewView(TemplateResponseMixin, View):
    """The reader's page for any article, as it is (GET) or with the change form's unsaved
    edits (POST). Staff only: everybody else gets 404, exactly as for an unpublished story."""

    template_name = "articles/preview.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.is_staff and user.has_perm("articles.view_article")):
            raise Http404("No article found.")
        return super().dispatch(request, *args, **kwargs)

    def get_article(self):
        if "pk" not in self.kwargs:
            return Article()
        queryset = Article.objects.select_related("source", "rule", "lead_image")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        article = self.get_article()
        tags = list(article.tags.all()) if article.pk else []
        return self.render(copy.copy(article), tags=tags, unsaved=False)

    def post(self, request, *args, **kwargs):
        article = copy.copy(self.get_article())
        form = PreviewForm(request.POST, instance=article)
        form.is_valid()  # the instance takes every value that cleaned; errors don't matter here
        # The change form always sends its tags; none sent means every tag was removed.
        return self.render(
            form.instance, tags=tags_named(request.POST.getlist("tags")), unsaved=True
        )

    def render(self, article, *, tags, unsaved):
        # Exactly what a save would store, whatever was typed or is in the table.
        article.body = article.body_as_stored()
        # Dated as readers would see it if it went out now.
        article.publish_at = article.publish_at or timezone.now()
        companies = [m.company for m in article.mentions.all()] if article.pk else []
        context = story_context(
            article,
            # What readers will see once it is live: the rights decision, not the status.
            decision=rights_decision(article),
            tags=tags,
            companies=companies,
        )
        response = self.render_to_response(
            {"article": article, "unsaved": unsaved, "preview": True, **context}
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def tags_named(names: list[str]) -> list[Tag]:
    """Tags for ``names`` as the story would carry them: existing ones, and new ones as
    they would be created on save (unsaved)."""
    names = sorted({name.strip() for name in names if name.strip()}, key=str.lower)
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    tags = []
    for name in names:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            tag.slug = tag.slugify(name) or "tag"
        tags.append(tag)
    return tags


preview = never_cache(PreviewView.as_view())


class AuthorView(ListView):
    """An author's public page: profile and published stories."""

    template_name = "articles/author.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        return Article.objects.published().for_listing().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


def rendition(request, path):
    """An image rendition from MEDIA_ROOT, where the web server doesn't serve media itself."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
