"""Public pages for articles. Every queryset starts from ``Article.objects.published()``."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Article
from .rights import decide, visible_body_html


class PublishedMixin:
    """Pins every page to what readers may see."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20


class ArticleDetailView(PublishedMixin, DetailView):
    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("mentions__company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision"] = decision = decide(self.object)
        context["body_html"] = visible_body_html(self.object, decision)
        context["companies"] = [m.company for m in self.object.mentions.all()]
        return context


class TagView(PublishedMixin, ListView):
    template_name = "articles/tag.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
