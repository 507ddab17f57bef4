from django.urls import path

from plannen import views

app_name = "plannen"

urlpatterns = [
    path("gemeenten/<str:nis_code>/plan/", views.PlanView.as_view(), name="plan"),
    path(
        "gemeenten/<str:nis_code>/plan/export.csv", views.PlanExportView.as_view(export_format="csv"), name="export-csv"
    ),
    path(
        "gemeenten/<str:nis_code>/plan/export.xlsx",
        views.PlanExportView.as_view(export_format="xlsx"),
        name="export-xlsx",
    ),
    path(
        "gemeenten/<str:nis_code>/plan/export.json",
        views.PlanExportView.as_view(export_format="json"),
        name="export-json",
    ),
]
