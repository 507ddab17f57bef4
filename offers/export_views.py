"""The public exports of the offer list: /aanbod/export.csv, .xlsx and .json.

They read the same GET parameters as /aanbod/ through the same OfferFilter, so a link from the
list exports exactly the rows the list shows, on every page, in the same order.
"""

from django.views import View

from offers.exports import OfferExport
from offers.filters import OfferFilter


class OfferExportView(View):
    export_format = None  # "csv", "xlsx" or "json", set in offers/urls.py

    def get(self, request):
        filterset = OfferFilter(request.GET, request=request)
        return OfferExport.from_filterset(filterset, request).response(self.export_format)
