from django.urls import path

from gemeenten import views

app_name = "gemeenten"

urlpatterns = [
    path("gemeenten/", views.MunicipalityListView.as_view(), name="list"),
    path("gemeenten/<str:nis_code>/", views.MunicipalityDetailView.as_view(), name="detail"),
    path("dekking/", views.CoverageView.as_view(), name="coverage"),
]
