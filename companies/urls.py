from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("<slug:slug>/", views.CompanyDetailView.as_view(), name="detail"),
]
