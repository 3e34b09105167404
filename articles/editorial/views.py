"""Editorial pages outside the admin: the staff preview and the public author pages."""

import copy

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, View
from django.views.generic.base import TemplateResponseMixin
from django.views.static import serve

from articles.models import Article, Author
from articles.rights.engine import rights_decision
from articles.rights.excerpts import visible_body_html


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
        return self.render(self.get_article(), unsaved=False)

    def post(self, request, *args, **kwargs):
        article = copy.copy(self.get_article())
        form = PreviewForm(request.POST, instance=article)
        form.is_valid()  # the instance takes every value that cleaned; errors don't matter here
        return self.render(form.instance, unsaved=True)

    def render(self, article, *, unsaved):
        # What readers will see once it is live: the rights decision, not the status.
        decision = rights_decision(article)
        companies = [m.company for m in article.mentions.all()] if article.pk else []
        response = self.render_to_response(
            {
                "article": article,
                "decision": decision,
                "body_html": visible_body_html(article, decision),
                "companies": companies,
                "unsaved": unsaved,
                "preview": True,
            }
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


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
