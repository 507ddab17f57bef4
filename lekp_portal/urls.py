from django.contrib import admin
from django.urls import include, path

from gemeenten.filters import MunicipalityOfferFilter
from lekp_portal.views import HomeView
from offers.urls import offer_urlpatterns
from offers.views import WerfDetailView

# A werf's page shows what the layers above werven offer for it, so its view lives up there;
# the "werven" namespace stays, as Werf.get_absolute_url reverses it.
werf_urlpatterns = ([path("werven/<int:number>/", WerfDetailView.as_view(), name="detail")], "werven")

urlpatterns = [
    # admin.site is lekp_portal.admin_site.LekpAdminSite (see lekp_portal/apps.py).
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("", include(werf_urlpatterns)),
    # /aanbod/ and its exports also filter by municipality, which offers cannot know about.
    path("", include((offer_urlpatterns(MunicipalityOfferFilter), "offers"))),
    path("", include("gemeenten.urls")),
]
