"""Public company pages."""

from django.views.generic import DetailView

from articles.models import Article

from .models import Company


class CompanyDetailView(DetailView):
    template_name = "companies/detail.html"
    context_object_name = "company"
    queryset = Company.objects.select_related("parent").prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = (
            Article.objects.published().for_listing().filter(mentions__company=self.object)
        )[:50]
        return context
