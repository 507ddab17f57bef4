"""Forms shared by every way an offer gets in: the admin, the seed loader and any importer."""

from django import forms
from django.utils import timezone

from offers.models import Offer, PublicationStatus

ONGOING_CHOICES = [("True", "Doorlopend (geen einddatum)"), ("False", "Tot een einddatum")]


class OfferForm(forms.ModelForm):
    # A radio without a preselected answer on a new offer: staff must say which one it is.
    is_ongoing = forms.TypedChoiceField(
        label="Looptijd",
        choices=ONGOING_CHOICES,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of het aanbod doorlopend is of tot een einddatum loopt."},
    )

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
            "is_ongoing",
            "ends_on",
            "status",
            "reviewed_on",
        ]
        widgets = {"werven": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and "is_ongoing" in self.fields:
            self.initial.pop("is_ongoing", None)

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
        if "is_ongoing" in self.fields and "is_ongoing" not in self._errors:
            self.clean_duration(cleaned_data)
        return cleaned_data

    def clean_duration(self, cleaned_data):
        ongoing, ends_on = cleaned_data.get("is_ongoing"), cleaned_data.get("ends_on")
        if "ends_on" in self._errors:
            return
        if ongoing and ends_on:
            self.add_error(
                "ends_on", "Een doorlopend aanbod heeft geen einddatum: maak dit veld leeg of kies „Tot een einddatum”."
            )
        elif not ongoing and not ends_on:
            self.add_error("ends_on", "Vul de einddatum in: de laatste dag waarop gemeenten kunnen instappen.")
        else:
            status = cleaned_data.get("status")
            still_running = ongoing or ends_on >= timezone.localdate()
            if status == PublicationStatus.EXPIRED and still_running:
                # Extending an expired offer (a later date, or ongoing) puts it back on the site.
                cleaned_data["status"] = PublicationStatus.PUBLISHED
            elif status == PublicationStatus.PUBLISHED and not still_running:
                self.add_error(
                    "ends_on",
                    "Deze einddatum ligt in het verleden: kies een latere datum om het aanbod te verlengen, "
                    "of zet de status op verlopen of concept.",
                )
