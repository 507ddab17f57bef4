from django.db.models import Exists, OuterRef
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
        # Every action is in one programme, so the counts per programme add up to the paginator's
        # count: that saves the paginator its own COUNT query.
        self.per_programme = queryset.count_per_programme()
        paginator = self.get_paginator(
            queryset, page_size, allow_empty_first_page=True, count=sum(self.per_programme.values())
        )
        page, notice = paginator.lenient_page(self.request.GET.get(self.page_kwarg, ""))
        if notice:
            self.filterset.notices.append(notice)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.filterset.kept_params
        per_programme = self.per_programme
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
    """Werf number -> (the werf, its first confirmed actions, how many there are), in one query."""
    planned = {}
    confirmed = ActionWerf.objects.filter(action__programme__plan=plan, origin=ActionWerf.Origin.CONFIRMED)
    for tag in confirmed.first_per_werf(PLANNED_SHOWN):
        planned.setdefault(tag.werf.number, (tag.werf, [], tag.werf_total))[1].append(tag.action)
    return planned


class PlanMunicipalityDetailView(MunicipalityDetailView):
    """The municipality's page with, per werf, what it plans itself beside the offers.

    Wired in lekp_portal/urls.py in place of gemeenten's own detail view, since gemeenten may not
    know plans. A municipality without a plan gets exactly gemeenten's page.
    """

    template_name = "plannen/municipality_detail.html"

    def get_queryset(self):
        # The plan comes with the municipality: a page without one costs no query to find that out.
        return super().get_queryset().select_related("policy_plan")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            plan = self.object.policy_plan
        except PolicyPlan.DoesNotExist:
            return context
        planned = planned_per_werf(plan)
        groups = context["offer_groups"]
        shown = {group.werf.number for group in groups if group.werf}
        # A werf the plan serves but no supporter's offer does still gets its group.
        for number in set(planned) - shown:
            werf = planned[number][0]
            groups.append(OfferGroup(str(werf), werf))
        groups.sort(key=lambda group: group.werf.number if group.werf else 0)
        for group in groups:
            if group.werf and group.werf.number in planned:
                _werf, group.planned, group.planned_count = planned[group.werf.number]
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
