"""The filters of a plan page (/gemeenten/<nis>/plan/), shared with its exports.

Read leniently like the offer list (offers/lenient.py): ``werf=9`` or ``programma=abc`` is dropped
with a Dutch notice and the other filters still apply; never a 500.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from offers.filters import werf_checkboxes
from offers.lenient import LenientFilterSetMixin, LenientMultipleChoiceFilter, LenientSearchFilter
from plannen.models import Action, ActionWerf
from werven.models import Werf

MAX_QUERY_LENGTH = 200


class PlanActionFilter(LenientFilterSetMixin, django_filters.FilterSet):
    q = LenientSearchFilter(label=gettext_lazy("Zoeken in de acties"), method="filter_q", cut_at=MAX_QUERY_LENGTH)
    werf = werf_checkboxes(gettext_lazy("Werf (bevestigd)"), "filter_werf")
    programma = LenientMultipleChoiceFilter(
        label=gettext_lazy("Programma"),
        field_name="programme__number",
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
        numbers=True,
        error_messages={
            "invalid_choice": gettext_lazy("Programma „%(value)s” bestaat niet; die filter is genegeerd."),
            "unknown_number": gettext_lazy("Programma %(value)s bestaat niet in dit plan; die filter is genegeerd."),
        },
    )

    class Meta:
        model = Action
        fields = []

    def __init__(self, data=None, *, plan, request=None):
        queryset = Action.objects.filter(programme__plan=plan).for_list().in_order()
        super().__init__(data, queryset, request=request)
        self.plan = plan
        # One query each, reused by the form, the validation and the "Filters" sheet of the exports.
        self.werf_labels = {str(werf.number): str(werf) for werf in Werf.objects.order_by("number")}
        self.programme_labels = {
            str(number): f"{number}. {title.capitalize()}"
            for number, title in plan.programmes.order_by("number").values_list("number", "title")
        }
        self.filters["werf"].extra["choices"] = list(self.werf_labels.items())
        self.filters["programma"].extra["choices"] = list(self.programme_labels.items())

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_werf(self, queryset, name, value):
        # EXISTS rather than a join: an action with two chosen werven is listed once, without DISTINCT.
        confirmed = ActionWerf.objects.filter(
            action=OuterRef("pk"), origin=ActionWerf.Origin.CONFIRMED, werf__number__in=[int(n) for n in value]
        )
        return queryset.filter(Exists(confirmed))

    def describe(self):
        """The active filters as (label, value) pairs, for the "Filters" sheet and the file name."""
        params = self.kept_params
        pairs = []
        for name, labels in (("werf", self.werf_labels), ("programma", self.programme_labels)):
            if values := params.getlist(name):
                pairs.append((str(self.filters[name].label), "; ".join(labels[v] for v in values)))
        if params.get("q"):
            pairs.append(("Zoekterm", params["q"]))
        return pairs
