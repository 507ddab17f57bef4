from django.urls import path

from offers import views
from offers.export_views import OfferExportView

app_name = "offers"

urlpatterns = [
    path("aanbod/", views.OfferListView.as_view(), name="offer-list"),
    path("aanbod/export.csv", OfferExportView.as_view(export_format="csv"), name="offer-export-csv"),
    path("aanbod/export.xlsx", OfferExportView.as_view(export_format="xlsx"), name="offer-export-xlsx"),
    path("aanbod/export.json", OfferExportView.as_view(export_format="json"), name="offer-export-json"),
    path("aanbod/<slug:supporter>/<slug:slug>/", views.OfferDetailView.as_view(), name="offer-detail"),
    path("ondersteuners/", views.SupporterListView.as_view(), name="supporter-list"),
    path("ondersteuners/<slug:slug>/", views.SupporterDetailView.as_view(), name="supporter-detail"),
    path("projecten/", views.ProjectListView.as_view(), name="project-list"),
    path("projecten/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
]
