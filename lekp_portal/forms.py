"""The site-wide search form (/zoeken/): read leniently like every list's filters."""

from django import forms
from django.utils.translation import gettext_lazy

from offers.filters import MAX_QUERY_LENGTH
from offers.lenient import LenientChoiceField, LenientSearchField
from zoeken.registry import kinds


class SearchForm(forms.Form):
    q = LenientSearchField(label=gettext_lazy("Zoekterm"), required=False, cut_at=MAX_QUERY_LENGTH)
    soort = LenientChoiceField(
        label=gettext_lazy("Soort"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Soort „%(value)s” bestaat niet; alle soorten worden getoond.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", "")] + [(kind.key, kind.label) for kind in kinds()]

    @property
    def notices(self):
        self.is_valid()
        return [notice for field in self.fields.values() for notice in field.notices]
