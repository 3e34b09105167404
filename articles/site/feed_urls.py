from django.urls import path

from articles.site import feeds
from articles.site.caching import public_page

app_name = "feeds"

urlpatterns = [
    path("", public_page(feeds.LatestFeed()), name="latest"),
    path("atom/", public_page(feeds.LatestAtomFeed()), name="latest-atom"),
    path("tags/<slug:slug>/", public_page(feeds.TagFeed()), name="tag"),
    path("tags/<slug:slug>/atom/", public_page(feeds.TagAtomFeed()), name="tag-atom"),
    path("companies/<slug:slug>/", public_page(feeds.CompanyFeed()), name="company"),
    path("companies/<slug:slug>/atom/", public_page(feeds.CompanyAtomFeed()), name="company-atom"),
]
