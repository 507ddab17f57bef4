from django.urls import path

from offers import views
from offers.export_views import OfferExportView
from offers.feeds import OfferFeed
from offers.filters import OfferFilter


def offer_urlpatterns(
    filterset_class=OfferFilter, detail_view=views.OfferDetailView, supporter_view=views.SupporterDetailView
):
    """The offer pages, with ``filterset_class`` reading the filters of /aanbod/ and its exports.

    This is how a layer above offers adds a filter that needs its own models without offers
    knowing it: it subclasses OfferFilter (gemeenten.filters.MunicipalityOfferFilter adds
    ``gemeente``), and the project's URLconf, which may import every layer, includes these
    patterns built with that subclass under the "offers" namespace. The list and its three
    exports and its feed always share one class, so an export or feed holds exactly the rows of the list.
    ``detail_view`` lets a layer above show more on an offer's page in the same way
    (plannen.views.PlanOfferDetailView: the plan actions the offer fits), ``supporter_view`` on a
    supporter's page (gemeenten.views.ServingSupporterDetailView: the municipalities it serves).
    """
    list_view = views.OfferListView.as_view(filterset_class=filterset_class)

    def export_view(export_format):
        return OfferExportView.as_view(export_format=export_format, filterset_class=filterset_class)

    return [
        path("aanbod/", list_view, name="offer-list"),
        path("aanbod/export.csv", export_view("csv"), name="offer-export-csv"),
        path("aanbod/export.xlsx", export_view("xlsx"), name="offer-export-xlsx"),
        path("aanbod/export.json", export_view("json"), name="offer-export-json"),
        path("aanbod/feed/", OfferFeed(filterset_class), name="offer-feed"),
        path("nieuw/", views.RecentView.as_view(), name="recent"),
        path(
            "aanbod/<slug:supporter>/<slug:slug>/",
            detail_view.as_view(filterset_class=filterset_class),
            name="offer-detail",
        ),
        path("ondersteuners/", views.SupporterListView.as_view(), name="supporter-list"),
        path("ondersteuners/<slug:slug>/", supporter_view.as_view(), name="supporter-detail"),
        path("projecten/", views.ProjectListView.as_view(), name="project-list"),
        path("projecten/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
    ]
