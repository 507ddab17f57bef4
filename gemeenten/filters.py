import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from gemeenten.models import Municipality, Province, Service, is_nis_code
from offers.filters import OfferFilter
from offers.lenient import LenientChoiceFilter, LenientMultipleChoiceFilter, LenientSearchFilter

MAX_QUERY_LENGTH = 100


class MunicipalityFilter(django_filters.FilterSet):
    """``q`` and ``provincie`` of /gemeenten/, read leniently like the offer list (offers/lenient.py):
    an unknown province or an over-long search is noted in Dutch and the rest still applies."""

    q = LenientSearchFilter(
        label=gettext_lazy("Zoek een gemeente (ook een deelgemeente van vóór 2025)"),
        method="filter_q",
        cut_at=MAX_QUERY_LENGTH,
    )
    provincie = LenientChoiceFilter(
        label=gettext_lazy("Provincie"),
        field_name="province",
        choices=Province.choices,
        empty_label=gettext_lazy("alle provincies"),
        error_messages={
            "invalid_choice": gettext_lazy("„%(value)s” is geen Vlaamse provincie; die filter is genegeerd.")
        },
    )

    class Meta:
        model = Municipality
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    @cached_property
    def notices(self):
        """A Dutch sentence for each value that was dropped or cut, in form order."""
        self.is_valid()  # always true once bound: both fields are lenient
        return [notice for field in self.form.fields.values() for notice in field.notices]

    @property
    def is_filtered(self):
        return self.is_bound and self.is_valid() and any(self.form.cleaned_data.values())


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
