from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("companies/", include("companies.urls")),
    path("", include("articles.urls_editorial")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Only renditions are public; uploaded originals (which may carry camera location) are not.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>images/renditions/.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
