from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import ListView

from gemeenten.models import is_nis_code
from gemeenten.views import MunicipalityDetailView
from offers.grouping import OfferGroup
from offers.pagination import LenientPaginator
from offers.views import OfferDetailView
from plannen.exports import plan_export
from plannen.filters import PlanActionFilter
from plannen.models import Action, ActionWerf, PolicyPlan
from werven.models import Werf

# Actions per page of a plan: a programme of 200 actions is four pages, and the page's queries
# stay the same whatever the plan holds.
ACTIONS_PER_PAGE = 50
# Confirmed actions per werf on a municipality's page, and plan actions on an offer's page.
PLANNED_SHOWN = 3
FITTING_SHOWN = 4


def plan_for(nis_code):
    if not is_nis_code(nis_code):
        raise Http404("Een NIS-code bestaat uit vijf cijfers.")
    return get_object_or_404(PolicyPlan.objects.select_related("municipality"), municipality__nis_code=nis_code)


class PlanView(ListView):
    """/gemeenten/<nis>/plan/: the plan by programme and action programme, filtered and paginated."""

    template_name = "plannen/plan.html"
    context_object_name = "actions"
    paginate_by = ACTIONS_PER_PAGE
    paginator_class = LenientPaginator
    page_kwarg = "pagina"

    def get_queryset(self):
        self.plan = plan_for(self.kwargs["nis_code"])
        self.filterset = PlanActionFilter(self.request.GET, plan=self.plan, request=self.request)
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page, notice = paginator.lenient_page(self.request.GET.get(self.page_kwarg, ""))
        if notice:
            self.filterset.notices.append(notice)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.filterset.kept_params
        # Per programme, how many of the filtered actions it holds: one grouped query.
        per_programme = dict(
            self.filterset.qs.order_by()
            .values_list("programme__number")
            .annotate(count=Count("pk"))
            .values_list("programme__number", "count")
        )
        context.update(
            plan=self.plan,
            municipality=self.plan.municipality,
            filter=self.filterset,
            form=self.filterset.form,
            notices=self.filterset.notices,
            kept_params=params,
            is_filtered=any(params.values()),
            result_count=context["paginator"].count,
            programme_counts=[
                (number, label, per_programme.get(int(number), 0))
                for number, label in self.filterset.programme_labels.items()
            ],
        )
        return context


class PlanExportView(View):
    export_format = None  # set in plannen/urls.py

    def get(self, request, nis_code):
        filterset = PlanActionFilter(request.GET, plan=plan_for(nis_code), request=request)
        return plan_export(filterset).response(self.export_format)


def planned_per_werf(plan):
    """Werf number -> (the first confirmed actions, how many there are), in two queries."""
    confirmed = ActionWerf.objects.filter(action__programme__plan=plan, origin=ActionWerf.Origin.CONFIRMED)
    counts = dict(
        confirmed.order_by().values_list("werf__number").annotate(n=Count("pk")).values_list("werf__number", "n")
    )
    first = (
        confirmed.select_related("werf", "action__programme__plan__municipality", "action__action_programme")
        .annotate(rank=Window(RowNumber(), partition_by=F("werf_id"), order_by=F("action__position").asc()))
        .filter(rank__lte=PLANNED_SHOWN)
        .order_by("werf__number", "rank")
    )
    planned = {number: ([], count) for number, count in counts.items()}
    for tag in first:
        planned[tag.werf.number][0].append(tag.action)
    return planned


class PlanMunicipalityDetailView(MunicipalityDetailView):
    """The municipality's page with, per werf, what it plans itself beside the offers.

    Wired in lekp_portal/urls.py in place of gemeenten's own detail view, since gemeenten may not
    know plans. A municipality without a plan gets exactly gemeenten's page.
    """

    template_name = "plannen/municipality_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = PolicyPlan.objects.filter(municipality=self.object).first()
        if plan is None:
            return context
        planned = planned_per_werf(plan)
        groups = context["offer_groups"]
        shown = {group.werf.number for group in groups if group.werf}
        # A werf the plan serves but no supporter's offer does still gets its group.
        missing = set(planned) - shown
        for werf in Werf.objects.filter(number__in=missing) if missing else ():
            groups.append(OfferGroup(str(werf), werf))
        groups.sort(key=lambda group: group.werf.number if group.werf else 0)
        for group in groups:
            if group.werf and group.werf.number in planned:
                group.planned, group.planned_count = planned[group.werf.number]
        context.update(plan=plan)
        return context


class PlanOfferDetailView(OfferDetailView):
    """An offer's page with the plan actions it fits: "Hier past dit aanbod bij".

    Actions of the plans of the municipalities its supporter serves, confirmed for one of its werven.
    Wired in lekp_portal/urls.py through offers.urls.offer_urlpatterns(detail_view=...).
    """

    template_name = "plannen/offer_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        numbers = self.object.served_werf_numbers
        fitting = []
        if numbers:
            confirmed = ActionWerf.objects.filter(
                action=OuterRef("pk"), origin=ActionWerf.Origin.CONFIRMED, werf__number__in=numbers
            )
            fitting = list(
                Action.objects.filter(
                    Exists(confirmed), programme__plan__municipality__services__supporter=self.object.supporter
                )
                .select_related("programme__plan__municipality", "action_programme")
                .order_by("programme__plan__municipality__name", "position")[:FITTING_SHOWN]
            )
        plans = {action.programme.plan.pk: action.programme.plan for action in fitting}
        context.update(
            fitting_actions=fitting,
            fitting_plans=list(plans.values()),
            fitting_query="&".join(f"werf={n}" for n in numbers),
        )
        return context
