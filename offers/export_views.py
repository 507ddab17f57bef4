"""The public exports of the offer list: /aanbod/export.csv, .xlsx and .json.

They read the same GET parameters as /aanbod/ through the same OfferFilter, so a link from the
list exports exactly the rows the list shows, on every page, in the same order.
"""

from django.views import View

from offers.exports import OfferExport
from offers.filters import OfferFilter


class OfferExportView(View):
    export_format = None  # "csv", "xlsx" or "json", set in offers/urls.py
    filterset_class = OfferFilter  # the same class as the list's (offers.urls.offer_urlpatterns)

    def get(self, request):
        filterset = self.filterset_class(request.GET, request=request)
        return OfferExport.from_filterset(filterset, request).response(self.export_format)
