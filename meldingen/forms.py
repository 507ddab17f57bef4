from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from gemeenten.filters import MunicipalityOfferFilter
from meldingen.models import ALERTS_PER_ADDRESS, PENDING_PER_ADDRESS, Alert
from offers.feeds import NOT_A_FILTER, filter_query

MAX_FILTERS_LENGTH = 2000


def read_filters(query):
    """The filterset of /aanbod/ for ``query``, and the Dutch reasons it cannot be followed.

    The list ignores what it cannot use; an alert may not, or it would mail about another list
    than the one asked for. The same filter class as /aanbod/ and its feed decides.
    """
    params = QueryDict(query, mutable=True)
    for name in NOT_A_FILTER:  # the order and page of a list do not change what it holds
        params.pop(name, None)
    filterset = MunicipalityOfferFilter(params)
    unknown = sorted(set(params) - set(filterset.filters))
    problems = [f"Filter „{name}” bestaat niet." for name in unknown[:5]]
    return filterset, problems + list(filterset.notices)


class AlertForm(forms.ModelForm):
    filters = forms.CharField(
        required=False,
        max_length=MAX_FILTERS_LENGTH,
        widget=forms.HiddenInput,
        error_messages={
            "max_length": gettext_lazy("Deze lijst heeft te veel filters om te volgen; er is niets opgeslagen.")
        },
    )

    class Meta:
        model = Alert
        fields = ["email", "frequency"]
        labels = {"email": gettext_lazy("Uw e-mailadres"), "frequency": gettext_lazy("Hoe vaak?")}
        widgets = {"frequency": forms.RadioSelect, "email": forms.EmailInput(attrs={"autocomplete": "email"})}
        error_messages = {
            "email": {
                "invalid": gettext_lazy("Dat is geen geldig e-mailadres (bv. naam@gemeente.be)."),
                "required": gettext_lazy("Vul uw e-mailadres in."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No blank choice: a weekly mail unless the official asks for a daily one.
        self.fields["frequency"].choices = Alert.Frequency.choices

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_filters(self):
        filterset, problems = read_filters(self.cleaned_data["filters"])
        if problems:
            raise forms.ValidationError(
                ["Deze lijst kan niet gevolgd worden: er is niets opgeslagen.", *problems], code="bad_filters"
            )
        self.filterset = filterset
        return filter_query(filterset.kept_params)

    def clean(self):
        cleaned_data = super().clean()
        email, query = cleaned_data.get("email"), cleaned_data.get("filters")
        if email is None or query is None:
            return cleaned_data
        alerts = Alert.objects.for_address(email)
        if alerts.filter(query=query).exists():
            self.add_error(
                None,
                "Dit adres volgt deze lijst al, of de bevestigingsmail ervoor is al verstuurd. "
                "Er is niets opnieuw verstuurd.",
            )
        elif alerts.count() >= ALERTS_PER_ADDRESS:
            self.add_error(
                None,
                f"Een adres kan hoogstens {ALERTS_PER_ADDRESS} lijsten volgen. "
                "Schrijf u eerst uit voor een andere lijst (de link staat onderaan elke melding).",
            )
        elif alerts.filter(confirmed_at__isnull=True).count() >= PENDING_PER_ADDRESS:
            self.add_error(
                None,
                "Voor dit adres wachten al enkele meldingen op bevestiging. "
                "Bevestig die eerst via de link in de e-mail; er is niets verstuurd.",
            )
        return cleaned_data

    def save(self, commit=True):
        self.instance.query = self.cleaned_data["filters"]
        return super().save(commit)

    def describe(self):
        """The followed list in Dutch, e.g. [("Werf", "Werf 2: Verrijk je wijk")]; empty for all offers."""
        return self.filterset.describe()
