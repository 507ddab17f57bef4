from django.urls import path

from gemeenten import views
from gemeenten.export_views import CoverageExportView, MunicipalityExportView


def gemeenten_urlpatterns(detail_view=views.MunicipalityDetailView):
    """The municipality pages; ``detail_view`` lets a layer above show more on a municipality's page.

    plannen.views.PlanMunicipalityDetailView adds the municipality's own plan; the project's
    URLconf includes these patterns built with it under the "gemeenten" namespace.
    """
    return [
        path("gemeenten/", views.MunicipalityListView.as_view(), name="list"),
        path("gemeenten/export.csv", MunicipalityExportView.as_view(export_format="csv"), name="export-csv"),
        path("gemeenten/export.xlsx", MunicipalityExportView.as_view(export_format="xlsx"), name="export-xlsx"),
        path("gemeenten/export.json", MunicipalityExportView.as_view(export_format="json"), name="export-json"),
        path("gemeenten/<str:nis_code>/", detail_view.as_view(), name="detail"),
        path("dekking/", views.CoverageView.as_view(), name="coverage"),
        path("dekking/export.csv", CoverageExportView.as_view(export_format="csv"), name="coverage-export-csv"),
        path("dekking/export.xlsx", CoverageExportView.as_view(export_format="xlsx"), name="coverage-export-xlsx"),
    ]
