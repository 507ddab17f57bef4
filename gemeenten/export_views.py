"""Downloads for coordinators: /gemeenten/export.csv|xlsx|json and /dekking/export.csv|xlsx."""

from django.views import View

from gemeenten.coverage import coverage
from gemeenten.exports import coverage_export, describe_municipality_filter, municipality_export
from gemeenten.filters import MunicipalityFilter
from gemeenten.models import Municipality


class MunicipalityExportView(View):
    """The rows of /gemeenten/ with the same parameters (``q``, ``provincie``), in the list's order."""

    export_format = None  # set in gemeenten/urls.py

    def get(self, request):
        filterset = MunicipalityFilter(request.GET, queryset=Municipality.objects.order_by("province", "name"))
        filters, name_description = describe_municipality_filter(filterset)
        export = municipality_export(filterset.qs, filters=filters, name_description=name_description)
        return export.response(self.export_format)


class CoverageExportView(View):
    export_format = None  # set in gemeenten/urls.py

    def get(self, request):
        return coverage_export(coverage()).response(self.export_format)
