from django.urls import path

from articles.site.caching import public_page
from articles.site.story import ArticleDetailView
from articles.site.views import (
    AllStoriesView,
    ArchiveIndexView,
    ArchiveView,
    HomeView,
    SearchView,
    SourceIndexView,
    SourceView,
    TagView,
)

app_name = "articles"

urlpatterns = [
    path("", public_page(HomeView.as_view()), name="home"),
    path("articles/", public_page(AllStoriesView.as_view()), name="all"),
    path(
        "articles/<slug:slug>/",
        public_page(ArticleDetailView.as_view(), listing=False),
        name="detail",
    ),
    path("tags/<slug:slug>/", public_page(TagView.as_view()), name="tag"),
    path("sources/", public_page(SourceIndexView.as_view()), name="sources"),
    path("sources/<slug:slug>/", public_page(SourceView.as_view()), name="source"),
    path("archive/", public_page(ArchiveIndexView.as_view()), name="archive"),
    path("archive/<int:year>/", public_page(ArchiveView.as_view()), name="archive-year"),
    path(
        "archive/<int:year>/<int:month>/",
        public_page(ArchiveView.as_view()),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        public_page(ArchiveView.as_view()),
        name="archive-day",
    ),
    path("search/", public_page(SearchView.as_view()), name="search"),
]
