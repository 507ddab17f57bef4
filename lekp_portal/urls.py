from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "LEKP-portaal beheer"
admin.site.site_title = "LEKP-portaal beheer"
admin.site.index_title = "Beheer van ondersteuners, aanbod en werven"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("werven.urls")),
    path("", include("offers.urls")),
]
