from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.CompanyIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.CompanyDetailView.as_view(), name="detail"),
]
