from django.conf import settings
from django.urls import path, re_path

from articles.editorial import views as views_editorial

app_name = "editorial"

urlpatterns = [
    path("preview/<int:pk>/", views_editorial.preview, name="preview"),
    path("authors/<slug:slug>/", views_editorial.AuthorView.as_view(), name="author"),
]

if settings.SERVE_MEDIA:
    # Only renditions are public; uploaded originals (which may carry camera location) are not.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>images/renditions/.+)$",
            views_editorial.rendition,
            name="rendition",
        )
    ]
