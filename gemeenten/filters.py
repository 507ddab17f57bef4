import django_filters
from django import forms

from gemeenten.models import Municipality, Province

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
