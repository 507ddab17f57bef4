from django.contrib import admin
from django.urls import include, path

from gemeenten.filters import MunicipalityOfferFilter
from gemeenten.urls import gemeenten_urlpatterns
from lekp_portal.views import HomeView, SearchView
from offers.admin import scoped_view_on_site
from offers.urls import offer_urlpatterns
from offers.views import WerfDetailView
from plannen.views import PlanMunicipalityDetailView, PlanOfferDetailView

admin.site.site_header = "LEKP-portaal beheer"
admin.site.site_title = "LEKP-portaal beheer"
admin.site.index_title = "Beheer van ondersteuners, aanbod en werven"

# A werf's page shows what the layers above werven offer for it, so its view lives up there;
# the "werven" namespace stays, as Werf.get_absolute_url reverses it.
werf_urlpatterns = ([path("werven/<int:number>/", WerfDetailView.as_view(), name="detail")], "werven")

urlpatterns = [
    # Django's own view-on-site redirect would reveal the address of another organisation's draft.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(scoped_view_on_site)),
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("zoeken/", SearchView.as_view(), name="search"),
    path("", include(werf_urlpatterns)),
    # /aanbod/ and its exports also filter by municipality, which offers cannot know about; an
    # offer's page and a municipality's page show plan actions, which neither may know about.
    path("", include((offer_urlpatterns(MunicipalityOfferFilter, PlanOfferDetailView), "offers"))),
    path("", include((gemeenten_urlpatterns(PlanMunicipalityDetailView), "gemeenten"))),
    path("", include("plannen.urls")),
    path("", include("meldingen.urls")),
]
