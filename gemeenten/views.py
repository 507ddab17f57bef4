from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from gemeenten.coverage import coverage
from gemeenten.filters import MunicipalityFilter
from gemeenten.models import Municipality, is_nis_code
from gemeenten.outlines import VIEW_BOX
from gemeenten.pact import HousingUnitsForm, pact_for, pact_targets
from offers.grouping import SHOWN_PER_GROUP, summarise_by_werf
from offers.lenient import is_number, shown
from offers.models import Offer, Supporter
from offers.views import SupporterDetailView
from werven.shares import ROUNDING_RULE


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
            notices=self.filterset.notices,
            is_filtered=self.filterset.is_filtered,
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
        return get_object_or_404(self.get_queryset(), nis_code=nis_code)

    def get_queryset(self):
        return Municipality.objects.prefetch_related("former_municipalities")

    def get_context_data(self, **kwargs):
        municipality = self.object
        supporters = list(Supporter.objects.filter(municipalities=municipality).with_published_counts())
        housing_form = HousingUnitsForm(self.request.GET if "wooneenheden" in self.request.GET else None)
        # A count typed in the form is the official's own: used for this page only, and said so.
        typed_housing_units = housing_form.cleaned_data["wooneenheden"] if housing_form.is_valid() else None
        groups = summarise_by_werf(
            Offer.objects.published()
            .filter(supporter__in=supporters)
            .first_per_werf(SHOWN_PER_GROUP, "supporter__name", "supporter_id"),
            per_supporter=True,
            gemeente=municipality.nis_code,
        )
        return super().get_context_data(
            supporters=supporters,
            pact=pact_for(municipality, pact_targets(supporters), supporters, typed_housing_units),
            rounding_rule=ROUNDING_RULE,
            housing_form=housing_form,
            typed_housing_units=typed_housing_units,
            offer_groups=groups,
            offer_count=sum(supporter.published_offer_count for supporter in supporters),
            map_municipalities=Municipality.objects.for_map(),
            view_box=VIEW_BOX,
            export_querystring=f"gemeente={municipality.nis_code}",
            follow={"query": f"gemeente={municipality.nis_code}"},
            print_url=self.request.build_absolute_uri(),
            **kwargs,
        )


class ServingSupporterDetailView(SupporterDetailView):
    """A supporter's page naming the municipalities it serves, which offers may not know about.

    Wired in lekp_portal/urls.py in place of offers' own view.
    """

    template_name = "gemeenten/supporter_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipalities=Municipality.objects.filter(services__supporter=self.object).only("nis_code", "name"),
            **kwargs,
        )


class CoverageView(TemplateView):
    """For coordinators: which werf and which municipalities lack support."""

    template_name = "gemeenten/coverage.html"

    def get_context_data(self, **kwargs):
        result = coverage(with_map=True)
        rows = {str(row.werf.number): row for row in result.rows}
        raw = self.request.GET.get("kaart", "").strip()
        # "04" is werf 4, as on /aanbod/.
        key = str(int(raw)) if is_number(raw) else raw
        map_row = rows.get(key) or next(iter(rows.values()), None)
        notices = []
        if raw and key not in rows and map_row:
            notices.append(
                (
                    _("Werf %(value)s bestaat niet; de kaart toont werf %(shown)s.")
                    if is_number(raw)
                    else _("Werf „%(value)s” bestaat niet; de kaart toont werf %(shown)s.")
                )
                % {"value": shown(raw), "shown": map_row.werf.number}
            )
        covered = result.covered.get(map_row.werf.number, set()) if map_row else set()
        areas = result.areas
        for area in areas:
            area.is_covered = area.pk in covered
        return super().get_context_data(
            coverage=result,
            map_werf=map_row,
            map_municipalities=areas,
            uncovered=[area for area in areas if not area.is_covered],
            view_box=VIEW_BOX,
            notices=notices,
            **kwargs,
        )
