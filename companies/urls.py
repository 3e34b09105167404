from django.urls import path

from articles.site.caching import public_page

from . import views

app_name = "companies"

urlpatterns = [
    path("", public_page(views.CompanyIndexView.as_view()), name="index"),
    path("<slug:slug>/", public_page(views.CompanyDetailView.as_view()), name="detail"),
]
