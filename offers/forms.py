"""Forms shared by every way an offer gets in: the admin, the seed loader and any importer."""

from django import forms

from offers.models import Offer


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "supporter",
            "title",
            "slug",
            "summary",
            "description",
            "werven",
            "is_general",
            "concerns_patrimony",
            "kind",
            "cost",
            "partners",
            "source",
            "status",
            "reviewed_on",
        ]
        widgets = {"werven": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned_data = super().clean()
        # A form without the werven field (a restricted admin form) keeps the rule to its saver.
        if "werven" in self.fields and "werven" not in self._errors:
            try:
                cleaned_data["werven"] = Offer.werven_to_store(
                    cleaned_data.get("is_general", False), cleaned_data.get("werven") or []
                )
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned_data
