from django.contrib import admin
from django.urls import include, path

from gemeenten.filters import MunicipalityOfferFilter
from gemeenten.urls import gemeenten_urlpatterns
from gemeenten.views import ServingSupporterDetailView
from lekp_portal.views import HomeView, SearchView
from offers.urls import offer_urlpatterns
from offers.views import WerfDetailView
from plannen.views import PlanMunicipalityDetailView, PlanOfferDetailView

# A werf's page shows what the layers above werven offer for it, so its view lives up there;
# the "werven" namespace stays, as Werf.get_absolute_url reverses it.
werf_urlpatterns = ([path("werven/<int:number>/", WerfDetailView.as_view(), name="detail")], "werven")

urlpatterns = [
    # admin.site is lekp_portal.admin_site.LekpAdminSite (see lekp_portal/apps.py).
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("zoeken/", SearchView.as_view(), name="search"),
    path("", include(werf_urlpatterns)),
    # /aanbod/ and its exports also filter by municipality, which offers cannot know about; an
    # offer's page and a municipality's page show plan actions, which neither may know about; a
    # supporter's page names the municipalities it serves, which offers may not know about.
    path(
        "",
        include(
            (offer_urlpatterns(MunicipalityOfferFilter, PlanOfferDetailView, ServingSupporterDetailView), "offers")
        ),
    ),
    path("", include((gemeenten_urlpatterns(PlanMunicipalityDetailView), "gemeenten"))),
    path("", include("plannen.urls")),
    path("", include("meldingen.urls")),
]
