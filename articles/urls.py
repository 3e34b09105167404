from django.urls import path

from . import views
from .caching import public_page

app_name = "articles"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("articles/", public_page(views.AllStoriesView.as_view()), name="all"),
    path(
        "articles/<slug:slug>/",
        public_page(views.ArticleDetailView.as_view(), listing=False),
        name="detail",
    ),
    path("tags/<slug:slug>/", public_page(views.TagView.as_view()), name="tag"),
    path("sources/", public_page(views.SourceIndexView.as_view()), name="sources"),
    path("sources/<slug:slug>/", public_page(views.SourceView.as_view()), name="source"),
    path("archive/", public_page(views.ArchiveIndexView.as_view()), name="archive"),
    path("archive/<int:year>/", public_page(views.ArchiveView.as_view()), name="archive-year"),
    path(
        "archive/<int:year>/<int:month>/",
        public_page(views.ArchiveView.as_view()),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        public_page(views.ArchiveView.as_view()),
        name="archive-day",
    ),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
]
