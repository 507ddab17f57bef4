from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("aanbod/", views.OfferListView.as_view(), name="offer-list"),
    path("aanbod/<slug:supporter>/<slug:slug>/", views.OfferDetailView.as_view(), name="offer-detail"),
    path("ondersteuners/", views.SupporterListView.as_view(), name="supporter-list"),
    path("ondersteuners/<slug:slug>/", views.SupporterDetailView.as_view(), name="supporter-detail"),
    path("projecten/", views.ProjectListView.as_view(), name="project-list"),
    path("projecten/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
]
