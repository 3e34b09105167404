from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom import security

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("healthz", security.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("companies/", include("companies.urls")),
    path("", include("articles.urls")),
]

if settings.BENCH_BARE_VIEW:
    # Only for bench/bench_served.py (BENCH_BARE_VIEW=1); never enabled in production.
    urlpatterns.insert(0, path("__bench__/bare", security.bare, name="bench-bare"))
