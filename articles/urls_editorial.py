from django.urls import path

from . import views_editorial

app_name = "editorial"

urlpatterns = [
    path("preview/<int:pk>/", views_editorial.preview, name="preview"),
    path("authors/<slug:slug>/", views_editorial.AuthorView.as_view(), name="author"),
]
