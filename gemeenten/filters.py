import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from gemeenten.models import Municipality, Province, Service, is_nis_code
from offers.filters import OfferFilter
from offers.lenient import LenientMultipleChoiceFilter

MAX_QUERY_LENGTH = 100


class MunicipalityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Zoek een gemeente (ook een deelgemeente van vóór 2025)",
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    provincie = django_filters.ChoiceFilter(
        label="Provincie", field_name="province", choices=Province.choices, empty_label="alle provincies"
    )

    class Meta:
        model = Municipality
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value[:MAX_QUERY_LENGTH])


class MunicipalityOfferFilter(OfferFilter):
    """OfferFilter with ``gemeente=<NIS-code>``: the offers of the supporters serving that municipality.

    The project's URLconf gives this class to /aanbod/ and its exports
    (offers.urls.offer_urlpatterns), since offers may not know municipalities. Several codes list
    the offers for any of them, like the other filters. A code is looked up only when the URL
    has one, so the list without it costs no extra query.
    """

    gemeente = LenientMultipleChoiceFilter(
        label=gettext_lazy("Gemeente"),
        method="filter_gemeente",
        # No control on the form (a municipality is chosen on its own page); hidden, it is kept
        # when the form is sent.
        widget=forms.MultipleHiddenInput,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Gemeente „%(value)s” is geen NIS-code van een Vlaamse gemeente; die filter is genegeerd."
            )
        },
    )

    @cached_property
    def municipality_labels(self):
        # Read by OfferFilter.__init__ through choice_labels, once self.data is set.
        getlist = getattr(self.data, "getlist", None)
        codes = {code.strip() for code in getlist("gemeente")} if getlist else set()
        codes = [code for code in codes if is_nis_code(code)]
        if not codes:
            return {}
        return dict(Municipality.objects.filter(nis_code__in=codes).values_list("nis_code", "name"))

    @property
    def choice_labels(self):
        # The municipality first: "Gemeente: Leuven" leads the chips and the file name.
        return {"gemeente": self.municipality_labels, **super().choice_labels}

    def filter_gemeente(self, queryset, name, value):
        return queryset.filter(
            supporter__in=Service.objects.filter(municipality__nis_code__in=value).values("supporter_id")
        )
