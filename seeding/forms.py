"""The forms that check and build a seed record, one per table that needs more than its model's.

A record names other rows by their natural key (werf 3, supporter "iok"), so an unknown one is a
form error on the field that names it, in Django's Dutch like every other message.

A seed file may set every field staff can edit, so these forms take the model's fields
("__all__"): a field added to a model can be seeded without a second list to keep in step. The
files are written by developers, not submitted by visitors, which is what the lint rule guards.
"""

from django import forms

from gemeenten.models import FormerMunicipality, Municipality, Outline, Service
from offers.forms import OfferForm
from offers.models import Project, Supporter
from werven.models import Target, Werf

# ModelChoiceField's own message leaves the value out; the file's reader needs it to find the typo.
NAMES_THE_VALUE = {"invalid_choice": forms.ChoiceField.default_error_messages["invalid_choice"]}


def by_key(queryset, to_field_name, **kwargs):
    return forms.ModelChoiceField(queryset, to_field_name=to_field_name, error_messages=NAMES_THE_VALUE, **kwargs)


def werven_by_number():
    return forms.ModelMultipleChoiceField(Werf.objects, to_field_name="number", required=False)


class SupporterSeedForm(forms.ModelForm):
    website = forms.URLField(assume_scheme="https", required=False)  # as in the admin

    class Meta:
        model = Supporter
        # Not `targets`: a target names its supporters (stated_by), and targets load later.
        fields = ["slug", "name", "kind", "short_explanation", "website", "contact_person", "phone", "email", "region"]


class TargetSeedForm(forms.ModelForm):
    werf = by_key(Werf.objects, "number")
    # Only a LEKP 1.0 target can be adapted, so a variant never points at another variant.
    variant_of = by_key(Target.objects.filter(variant_of=None), "slug", required=False)
    position = forms.IntegerField(min_value=0, required=False)
    stated_by = forms.ModelMultipleChoiceField(Supporter.objects, to_field_name="slug")

    class Meta:
        model = Target
        fields = "__all__"  # noqa: DJ007 (see the module docstring)

    def save(self, commit=True):
        target = super().save(commit)
        if commit:  # the relation is declared on Supporter, so the ModelForm leaves it alone
            target.stated_by.set(self.cleaned_data["stated_by"])
        return target


class OfferSeedForm(OfferForm):
    """The admin's rules for an offer (general support carries every werf), with references by key."""

    supporter = by_key(Supporter.objects, "slug")
    werven = werven_by_number()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost"].required = False  # the model's default, “niet vermeld”


class ProjectSeedForm(forms.ModelForm):
    lead_supporter = by_key(Supporter.objects, "slug")
    werven = werven_by_number()

    class Meta:
        model = Project
        fields = "__all__"  # noqa: DJ007 (see the module docstring)


class MunicipalitySeedForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["nis_code", "name", "province", "arrondissement", "inhabitants", "inhabitants_on"]


class FormerMunicipalitySeedForm(forms.ModelForm):
    municipality = by_key(Municipality.objects, "nis_code")

    class Meta:
        model = FormerMunicipality
        fields = ["municipality", "nis_code", "name"]


class OutlineSeedForm(forms.ModelForm):
    municipality = by_key(Municipality.objects, "nis_code")

    class Meta:
        model = Outline
        fields = ["municipality", "geometry"]


class ServiceSeedForm(forms.ModelForm):
    supporter = by_key(Supporter.objects, "slug")
    municipality = by_key(Municipality.objects, "nis_code")

    class Meta:
        model = Service
        fields = ["supporter", "municipality", "source"]
