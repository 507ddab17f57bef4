from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, TemplateView

from gemeenten.coverage import coverage
from gemeenten.filters import MunicipalityFilter
from gemeenten.models import Municipality, is_nis_code
from gemeenten.outlines import VIEW_BOX
from gemeenten.pact import HousingUnitsForm, pact_for
from offers.grouping import group_by_werf
from offers.models import Offer, Supporter
from werven.models import Target, Werf


class MunicipalityListView(ListView):
    template_name = "gemeenten/municipality_list.html"
    context_object_name = "municipalities"

    def get_queryset(self):
        self.filterset = MunicipalityFilter(
            self.request.GET, queryset=Municipality.objects.for_list().order_by("province", "name")
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            form=self.filterset.form,
            # The exports take the list's parameters; a value the form refused is left out.
            export_querystring=urlencode({k: v for k, v in self.filterset.form.cleaned_data.items() if v}),
            map_municipalities=Municipality.objects.for_map(),
            view_box=VIEW_BOX,
            **kwargs,
        )


class MunicipalityDetailView(DetailView):
    template_name = "gemeenten/municipality_detail.html"
    context_object_name = "municipality"

    def get_object(self, queryset=None):
        nis_code = self.kwargs["nis_code"]
        if not is_nis_code(nis_code):
            raise Http404("Een NIS-code bestaat uit vijf cijfers.")
        return get_object_or_404(Municipality.objects.prefetch_related("former_municipalities"), nis_code=nis_code)

    def get_context_data(self, **kwargs):
        municipality = self.object
        supporters = list(Supporter.objects.filter(municipalities=municipality).with_published_counts())
        housing_form = HousingUnitsForm(self.request.GET if "wooneenheden" in self.request.GET else None)
        housing_units = housing_form.cleaned_data["wooneenheden"] if housing_form.is_valid() else None
        targets = (
            Target.objects.for_werf_page()
            .prefetch_related("stated_by", "variants__stated_by")
            .order_by("werf__number", "pact_version", "position")
        )
        offers = list(Offer.objects.published().filter(supporter__in=supporters).for_list())
        return super().get_context_data(
            supporters=supporters,
            pact=pact_for(
                municipality, targets.order_by("werf__number", "pact_version", "position"), supporters, housing_units
            ),
            housing_form=housing_form,
            housing_units=housing_units or municipality.housing_units,
            offer_groups=group_by_werf(offers, Werf.objects.all()),
            offer_count=len(offers),
            map_municipalities=Municipality.objects.for_map(),
            view_box=VIEW_BOX,
            export_querystring=f"gemeente={municipality.nis_code}",
            **kwargs,
        )


class CoverageView(TemplateView):
    """For coordinators: which werf and which municipalities lack support."""

    template_name = "gemeenten/coverage.html"

    def get_context_data(self, **kwargs):
        result = coverage()
        numbers = [row.werf.number for row in result.rows]
        raw = self.request.GET.get("kaart", "").strip()
        shown = int(raw) if raw in {str(n) for n in numbers} else (numbers[0] if numbers else None)
        covered = result.covered.get(shown, set())
        areas = list(Municipality.objects.for_map())
        for area in areas:
            area.is_covered = area.pk in covered
        return super().get_context_data(
            coverage=result,
            map_werf=next((row for row in result.rows if row.werf.number == shown), None),
            map_municipalities=areas,
            view_box=VIEW_BOX,
            unknown_map=bool(raw) and str(shown) != raw,
            **kwargs,
        )
