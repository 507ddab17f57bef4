import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from gemeenten.models import Municipality, Province
from offers.lenient import LenientChoiceFilter, LenientSearchFilter

MAX_QUERY_LENGTH = 100


class MunicipalityFilter(django_filters.FilterSet):
    """``q`` and ``provincie`` of /gemeenten/, read leniently like the offer list (offers/lenient.py):
    an unknown province or an over-long search is noted in Dutch and the rest still applies."""

    q = LenientSearchFilter(
        label=gettext_lazy("Zoek een gemeente (ook een deelgemeente van vóór 2025)"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
        cut_at=MAX_QUERY_LENGTH,
        error_messages={
            "too_long": gettext_lazy("De zoekterm is te lang; enkel de eerste %(count)s tekens zijn gebruikt.")
        },
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
