"""The filters of the public offer list (/aanbod/), shared with the exports.

The URL is the shareable state of the list, so it is read leniently (offers/lenient.py): a value
that does not exist (``werf=9``, ``ondersteuner=onbekend``) is dropped with a Dutch notice instead
of invalidating the whole form, and the remaining filters still apply.
"""

from collections import Counter
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offers.lenient import (
    LenientChoiceFilter,
    LenientFilterSetMixin,
    LenientMultipleChoiceFilter,
    LenientOrderingFilter,
    LenientSearchFilter,
)
from offers.models import CLOSING_SOON_DAYS, Offer, Supporter, closing_soon_q, serving_werven_q
from werven.models import Werf

MAX_QUERY_LENGTH = 200
# What the list says of a value it ignores.
IGNORED = {
    "ondersteuner": gettext_lazy("Ondersteuner „%(value)s” bestaat niet; die filter is genegeerd."),
    "soort": gettext_lazy("Soort ondersteuning „%(value)s” bestaat niet; die filter is genegeerd."),
    "kosten": gettext_lazy("Kosten „%(value)s” is geen geldige keuze; die filter is genegeerd."),
    "algemeen": gettext_lazy(
        "Algemene ondersteuning „%(value)s” is geen geldige keuze (ja of nee); die filter is genegeerd."
    ),
    "looptijd": gettext_lazy(
        "Looptijd „%(value)s” is geen geldige keuze (binnenkort of doorlopend); die filter is genegeerd."
    ),
}


# The checkbox groups that show, per option, how many offers it would give with the other filters.
FACETS = ("werf", "ondersteuner", "kosten", "soort", "looptijd")
# The facets counted as conditions; the supporter and the werven are what the counts group by (OfferFilter.counts).
COUNTED = ("kosten", "soort", "looptijd")


class FacetOption(NamedTuple):
    """One checkbox of a filter and the number of offers it gives together with the other filters."""

    choice: object  # the BoundWidget of the checkbox
    count: int


class FacetCounts(NamedTuple):
    """The numbers of the list: offers under every filter, per facet option, and without each facet."""

    total: int
    options: dict  # {facet: Counter({option value: count})}
    without: dict  # Counter({facet: count})


class WayOut(NamedTuple):
    """An active filter that empties the list on its own: its Dutch label, the query without it, the count then."""

    label: str
    query: str
    count: int


class Chip(NamedTuple):
    """One active filter value: its Dutch label and the query string of the list without it."""

    label: str
    query: str


def column_checkboxes(label, field_name, ignored):
    """Checkboxes for the values of one column; ``ignored`` is the notice for an unknown value."""
    # One value per offer, so an offer matches at most once and needs no DISTINCT.
    return LenientMultipleChoiceFilter(
        label=label,
        field_name=field_name,
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": ignored},
    )


def werf_checkboxes(label, method):
    """Checkboxes for werven by number ("04" is werf 4); an unknown one is dropped with a notice."""
    return LenientMultipleChoiceFilter(
        label=label,
        method=method,
        widget=forms.CheckboxSelectMultiple,
        numbers=True,
        error_messages={
            "invalid_choice": gettext_lazy("Werf „%(value)s” bestaat niet; die filter is genegeerd."),
            "unknown_number": gettext_lazy("Werf %(value)s bestaat niet; die filter is genegeerd."),
        },
    )


class OfferFilter(LenientFilterSetMixin, django_filters.FilterSet):
    werf = werf_checkboxes(gettext_lazy("Werf"), "filter_werf")
    ondersteuner = column_checkboxes(gettext_lazy("Ondersteuner"), "supporter__slug", IGNORED["ondersteuner"])
    soort = column_checkboxes(gettext_lazy("Soort ondersteuning"), "kind", IGNORED["soort"])
    kosten = column_checkboxes(gettext_lazy("Kosten"), "cost", IGNORED["kosten"])
    looptijd = LenientMultipleChoiceFilter(
        label=gettext_lazy("Looptijd"),
        method="filter_looptijd",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": IGNORED["looptijd"]},
    )
    # "nee" lists the offers specific to the chosen werven, "ja" only general support: the counts
    # on /dekking/ link here. No control on the form; a hidden field keeps it when the form is sent.
    algemeen = LenientChoiceFilter(
        label=gettext_lazy("Algemene ondersteuning"),
        method="filter_algemeen",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": IGNORED["algemeen"]},
    )
    q = LenientSearchFilter(
        label=gettext_lazy("Zoeken in titel, beschrijving en partners"), method="filter_q", cut_at=MAX_QUERY_LENGTH
    )
    sortering = LenientOrderingFilter(
        label=gettext_lazy("Sorteren op"),
        orderings={
            "titel": (gettext_lazy("titel (A–Z)"), ("title", "pk")),
            "ondersteuner": (gettext_lazy("ondersteuner"), ("supporter__name", "title", "pk")),
            "bijgewerkt": (gettext_lazy("laatst bijgewerkt"), ("-updated_at", "pk")),
            # Only news to an official: a first publication or a change of the content (not a review).
            "gewijzigd": (gettext_lazy("nieuw of gewijzigd eerst"), (Offer.objects.last_change().desc(), "-pk")),
        },
        default="titel",
        error_messages={
            "invalid_choice": gettext_lazy("Sortering „%(value)s” bestaat niet; de lijst is op titel gesorteerd.")
        },
    )

    class Meta:
        model = Offer
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # The list and its exports filter the same rows: what the public may see, shaped for a list.
        if queryset is None:
            queryset = Offer.objects.published().for_list()
        super().__init__(data, queryset, request=request, prefix=prefix)
        # One query each, reused for the form, the validation, the chips and describe().
        self.werf_labels = {str(w.number): str(w) for w in Werf.objects.order_by("number")}
        supporters = list(Supporter.objects.order_by("name").values_list("pk", "slug", "name"))
        self.supporter_labels = {slug: name for _pk, slug, name in supporters}
        self.supporter_slugs = {pk: slug for pk, slug, _name in supporters}
        self.kind_labels = {value: capfirst(label) for value, label in Offer.Kind.choices}
        self.cost_labels = {value: capfirst(label) for value, label in Offer.Cost.choices}
        self.general_labels = {"ja": _("ja"), "nee": _("nee")}  # as the column "algemeen" of the export
        self.duration_labels = {
            "binnenkort": _("sluit binnenkort (binnen %(days)s dagen)") % {"days": CLOSING_SOON_DAYS},
            "doorlopend": _("doorlopend"),
        }
        for name, labels in self.choice_labels.items():
            self.filters[name].extra["choices"] = list(labels.items())

    def filter_werf(self, queryset, name, value):
        return queryset.filter(self.condition(name, value))

    def filter_looptijd(self, queryset, name, value):
        return queryset.filter(self.condition(name, value))

    def filter_algemeen(self, queryset, name, value):
        return queryset.filter(is_general=value == "ja")

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    # --- counts per option ----------------------------------------------------------------------

    def condition(self, name, value):
        """The facet ``name`` with the values ``value`` as a Q on Offer: what its filter lets through."""
        if name == "werf":
            return serving_werven_q([int(number) for number in value])
        if name == "looptijd":
            # Either choice widens the list: both ticked means closing soon or ongoing.
            durations = {"binnenkort": closing_soon_q(), "doorlopend": Q(is_ongoing=True)}
            return Q.create([durations[choice] for choice in value], Q.OR)
        return Q(**{f"{self.filters[name].field_name}__in": value})

    def queryset_without(self, *names):
        """The offers that every active filter except ``names`` (and the sort) lets through."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names and name != "sortering":
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    @cached_property
    def counts(self):
        """Every number of the list's page at once: FacetCounts(total, options, without).

        One aggregate query (OfferQuerySet.counts_by_supporter_and_werven), whatever the number of
        offers. The filters that are no facet (the search, "algemeen", a subclass's) restrict its
        rows. Cost, kind and duration are conditions of its counts, each count leaving out its own
        facet. The supporter and the werven are what it groups by, so their filters only pick which
        of its rows (at most one per supporter and combination of werven) are added up here.
        ``options`` is {facet: {option value: offers it gives with the other filters}},
        ``without`` the count without each facet (the empty state's ways out).
        """
        self.is_valid()
        data = self.form.cleaned_data
        active = {name: self.condition(name, data[name]) for name in COUNTED if data[name]}

        def count(without=None, option=None):
            conditions = [q for name, q in active.items() if name != without] + ([option] if option else [])
            return Count("pk", filter=Q(*conditions)) if conditions else Count("pk")

        columns = {"n": count(), **{f"zonder_{name}": count(without=name) for name in active}}
        for name in COUNTED:
            for index, value in enumerate(self.choice_labels[name]):
                columns[f"{name}_{index}"] = count(without=name, option=self.condition(name, [value]))
        numbers = [int(number) for number in self.werf_labels]
        rows = self.queryset_without(*FACETS).counts_by_supporter_and_werven(numbers, **columns)

        werf_bits = {value: 1 << index for index, value in enumerate(self.werf_labels)}
        chosen_werven = sum(werf_bits[value] for value in data["werf"])
        chosen_supporters = set(data["ondersteuner"])
        total = 0
        options = {name: Counter() for name in FACETS}
        without = Counter()
        for row in rows:
            slug = self.supporter_slugs.get(row["supporter_id"])  # None: a supporter added since
            for_werven = not chosen_werven or row["served"] & chosen_werven
            for_supporters = not chosen_supporters or slug in chosen_supporters
            if for_werven:
                options["ondersteuner"][slug] += row["n"]
            if for_supporters:
                without["werf"] += row["n"]
                for value, bit in werf_bits.items():
                    if row["served"] & bit:
                        options["werf"][value] += row["n"]
            if for_werven and for_supporters:
                total += row["n"]
                for name in COUNTED:
                    for index, value in enumerate(self.choice_labels[name]):
                        options[name][value] += row[f"{name}_{index}"]
                for name in active:
                    without[name] += row[f"zonder_{name}"]
        without["ondersteuner"] = sum(options["ondersteuner"].values())
        return FacetCounts(total, options, without)

    @cached_property
    def facets(self):
        """Each facet's checkboxes with their counts, from ``counts`` (no query of its own)."""
        options = self.counts.options
        return {
            name: [FacetOption(choice, options[name][choice.data["value"]]) for choice in self.form[name]]
            for name in FACETS
        }

    def ways_out(self):
        """For an empty list: each active filter that empties it on its own, as WayOut(label, query without it, count).

        So the empty state can offer "Verwijder „Kosten: Gratis” (12 resultaten)". A facet's count
        comes with ``counts``; another filter (the search) costs a count of its own.
        """
        params = self.kept_params
        found = []
        for name, label, value in self.active_filters():
            if name == "sortering":
                continue
            count = self.counts.without[name] if name in FACETS else self.queryset_without(name).count()
            if count:
                remaining = params.copy()
                remaining.pop(name)
                # A werf's name already says "Werf 4: …", as its chip does.
                found.append(WayOut(value if name == "werf" else f"{label}: {value}", remaining.urlencode(), count))
        return found

    @property
    def cost_unstated(self):
        """(offers that state no cost, all offers) under the other filters than the cost, from the cost facet."""
        counts = {option.choice.data["value"]: option.count for option in self.facets["kosten"]}
        return counts.get(Offer.Cost.NIET_VERMELD, 0), sum(counts.values())

    # --- what was read from the URL ----------------------------------------------------------

    @property
    def choice_labels(self):
        """Each choice parameter with the Dutch labels of its values, in the order of chips and file names."""
        return {
            "werf": self.werf_labels,
            "ondersteuner": self.supporter_labels,
            "soort": self.kind_labels,
            "kosten": self.cost_labels,
            "looptijd": self.duration_labels,
            "algemeen": self.general_labels,
        }

    @cached_property
    def chips(self):
        """Every active filter value as a Chip, in form order; the sort is no filter and has none."""
        params = self.kept_params
        chips = []
        for name, labels in self.choice_labels.items():
            for value in params.getlist(name):
                label = labels[value] if name == "werf" else f"{self.filters[name].label}: {labels[value]}"
                chips.append(Chip(label, self._query_without(name, value)))
        if params.get("q"):
            chips.append(Chip(_("Zoekterm: „%(q)s”") % {"q": params["q"]}, self._query_without("q", params["q"])))
        return chips

    def _query_without(self, name, value):
        remaining = self.kept_params.copy()
        remaining.setlist(name, [v for v in remaining.getlist(name) if v != value])
        return remaining.urlencode()

    def describe(self):
        """The active filters as (label, value) pairs in Dutch, e.g. [("Werf", "Werf 4: Water is het nieuwe goud")].

        One pair per filter, several values joined with "; ". The sorting is listed only when chosen.
        """
        return [(label, value) for _name, label, value in self.active_filters()]

    def active_filters(self):
        """The active filters as (parameter, label, value) in Dutch, as describe() lists them."""
        params = self.kept_params
        found = []
        for name, labels in self.choice_labels.items():
            values = params.getlist(name)
            if values:
                found.append((name, str(self.filters[name].label), "; ".join(labels[v] for v in values)))
        if params.get("q"):
            found.append(("q", _("Zoekterm"), params["q"]))
        if params.get("sortering"):
            label, _fields = self.filters["sortering"].orderings[params["sortering"]]
            found.append(("sortering", _("Sortering"), str(label)))
        return found
