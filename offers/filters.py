"""The filters of the public offer list (/aanbod/), shared with the exports.

The URL is the shareable state of the list, so it is read leniently: a value that does not
exist (``werf=9``, ``ondersteuner=onbekend``) is dropped with a Dutch notice instead of
invalidating the whole form, and the remaining filters still apply.
"""

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offers.models import Offer, Supporter
from werven.models import Werf

MAX_QUERY_LENGTH = 200
# Long enough to recognise a value in a notice, short enough to keep the notice readable.
MAX_SHOWN_VALUE = 40

SORTINGS = {
    "titel": (gettext_lazy("titel (A–Z)"), ("title", "pk")),
    "ondersteuner": (gettext_lazy("ondersteuner"), ("supporter__name", "title", "pk")),
    "bijgewerkt": (gettext_lazy("laatst bijgewerkt"), ("-updated_at", "pk")),
}
DEFAULT_SORTING = "titel"


def _shown(value):
    value = " ".join(value.split())
    return value if len(value) <= MAX_SHOWN_VALUE else value[: MAX_SHOWN_VALUE - 1] + "…"


def _without_control_characters(value):
    # PostgreSQL refuses NUL characters in text, and no other control character belongs in a search.
    return "".join(ch for ch in value if ch.isprintable() or ch in " \t")


class OfferFilter(django_filters.FilterSet):
    werf = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Werf"), method="filter_werf", widget=forms.CheckboxSelectMultiple
    )
    ondersteuner = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Ondersteuner"), method="filter_ondersteuner", widget=forms.CheckboxSelectMultiple
    )
    soort = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Soort ondersteuning"), method="filter_soort", widget=forms.CheckboxSelectMultiple
    )
    kosten = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Kosten"), method="filter_kosten", widget=forms.CheckboxSelectMultiple
    )
    q = django_filters.CharFilter(
        label=gettext_lazy("Zoeken in titel, beschrijving en partners"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    sortering = django_filters.ChoiceFilter(
        label=gettext_lazy("Sorteren op"),
        method="filter_sortering",
        choices=[(key, capfirst(label)) for key, (label, _order) in SORTINGS.items()],
        empty_label=None,
    )

    class Meta:
        model = Offer
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # The list and its exports filter the same rows: what the public may see, shaped for a list.
        if queryset is None:
            queryset = Offer.objects.published().for_list()
        # One query each, reused for the form, the validation and describe().
        self.werf_labels = {str(w.number): str(w) for w in Werf.objects.order_by("number")}
        self.supporter_labels = dict(Supporter.objects.order_by("name").values_list("slug", "name"))
        self.kind_labels = {value: capfirst(label) for value, label in Offer.Kind.choices}
        self.cost_labels = {value: capfirst(label) for value, label in Offer.Cost.choices}
        self.notices = []
        if data is not None:
            data = self._clean(data)
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["werf"].extra["choices"] = list(self.werf_labels.items())
        self.filters["ondersteuner"].extra["choices"] = list(self.supporter_labels.items())
        self.filters["soort"].extra["choices"] = list(self.kind_labels.items())
        self.filters["kosten"].extra["choices"] = list(self.cost_labels.items())

    # --- reading the URL -------------------------------------------------------------------

    def _clean(self, data):
        """Return a copy of ``data`` with only known values, noting each value that was dropped."""
        clean = QueryDict(mutable=True)
        multiple = [
            ("werf", self.werf_labels, _("Werf „%(value)s” bestaat niet; die filter is genegeerd.")),
            (
                "ondersteuner",
                self.supporter_labels,
                _("Ondersteuner „%(value)s” bestaat niet; die filter is genegeerd."),
            ),
            ("soort", self.kind_labels, _("Soort ondersteuning „%(value)s” bestaat niet; die filter is genegeerd.")),
            ("kosten", self.cost_labels, _("Kosten „%(value)s” is geen geldige keuze; die filter is genegeerd.")),
        ]
        for name, labels, message in multiple:
            kept = []
            for raw in data.getlist(name):
                value = raw.strip()
                # "04" is werf 4; the length cap keeps int() away from numbers Python refuses to read.
                if name == "werf" and value.isascii() and value.isdigit() and len(value) <= MAX_SHOWN_VALUE:
                    value = str(int(value))
                if not value or value in kept:
                    continue
                if value in labels:
                    kept.append(value)
                elif name == "werf" and value.isascii() and value.isdigit() and len(value) <= MAX_SHOWN_VALUE:
                    self.notices.append(_("Werf %(number)s bestaat niet; die filter is genegeerd.") % {"number": value})
                else:
                    self.notices.append(message % {"value": _shown(_without_control_characters(value))})
            if kept:
                clean.setlist(name, kept)

        query = " ".join(_without_control_characters(data.get("q", "")).split())
        if len(query) > MAX_QUERY_LENGTH:
            query = query[:MAX_QUERY_LENGTH].rstrip()
            self.notices.append(
                _("De zoekterm is te lang; enkel de eerste %(count)s tekens zijn gebruikt.")
                % {"count": MAX_QUERY_LENGTH}
            )
        if query:
            clean["q"] = query

        sorting = data.get("sortering", "").strip()
        if sorting in SORTINGS:
            clean["sortering"] = sorting
        elif sorting:
            self.notices.append(
                _("Sortering „%(value)s” bestaat niet; de lijst is op titel gesorteerd.")
                % {"value": _shown(_without_control_characters(sorting))}
            )
        return clean

    # --- filtering ---------------------------------------------------------------------------

    def filter_werf(self, queryset, name, value):
        return queryset.serving_werven([int(number) for number in value])

    def filter_ondersteuner(self, queryset, name, value):
        return queryset.filter(supporter__slug__in=value)

    def filter_soort(self, queryset, name, value):
        return queryset.filter(kind__in=value)

    def filter_kosten(self, queryset, name, value):
        return queryset.filter(cost__in=value)

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_sortering(self, queryset, name, value):
        # Sorting is applied last in filter_queryset, after every other filter.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*SORTINGS[self.sorting][1])

    # --- describing the active filters -------------------------------------------------------

    @property
    def sorting(self):
        return self.data.get("sortering") or DEFAULT_SORTING

    @property
    def clean_data(self):
        """The query parameters that were kept: links built from it never repeat a dropped value."""
        return self.data

    @property
    def choice_labels(self):
        """Each multiple-choice parameter with the Dutch labels of its values, in form order."""
        return {
            "werf": self.werf_labels,
            "ondersteuner": self.supporter_labels,
            "soort": self.kind_labels,
            "kosten": self.cost_labels,
        }

    def active_values(self):
        """Every active filter value as (parameter, value, Dutch label), in form order."""
        result = []
        for name, choice_labels in self.choice_labels.items():
            field_label = self.filters[name].label
            for value in self.data.getlist(name):
                label = choice_labels[value]
                if name != "werf":
                    label = f"{field_label}: {label}"
                result.append((name, value, label))
        if self.data.get("q"):
            result.append(("q", self.data["q"], _("Zoekterm: „%(q)s”") % {"q": self.data["q"]}))
        return result

    def describe(self):
        """The active filters as (label, value) pairs in Dutch, e.g. [("Werf", "Werf 4: Water is het nieuwe goud")].

        One pair per filter, several values joined with "; ". The sorting is listed only when chosen.
        """
        pairs = []
        for name, labels in self.choice_labels.items():
            values = self.data.getlist(name)
            if values:
                pairs.append((str(self.filters[name].label), "; ".join(labels[v] for v in values)))
        if self.data.get("q"):
            pairs.append((_("Zoekterm"), self.data["q"]))
        if self.data.get("sortering"):
            pairs.append((_("Sortering"), str(SORTINGS[self.sorting][0])))
        return pairs
