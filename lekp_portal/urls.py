from django.contrib import admin
from django.urls import include, path

from offers.admin import scoped_view_on_site

admin.site.site_header = "LEKP-portaal beheer"
admin.site.site_title = "LEKP-portaal beheer"
admin.site.index_title = "Beheer van ondersteuners, aanbod en werven"

urlpatterns = [
    # Django's own view-on-site redirect would reveal the address of another organisation's draft.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(scoped_view_on_site)),
    path("admin/", admin.site.urls),
    path("", include("werven.urls")),
    path("", include("offers.urls")),
]
