"""The signed links in the mails: whoever holds one may confirm or end that one alert, nothing else.

Signed with SECRET_KEY (django.core.signing); the salt keeps a confirmation link from serving as
an unsubscribe link and back. A fingerprint of the address is signed along with the id, so a link
never applies to a later alert that happens to get the same id; the address itself stays out of
the link (a signed value is readable, only not changeable), and so out of server logs.
"""

from datetime import timedelta

from django.core import signing
from django.utils.crypto import salted_hmac

from meldingen.models import UNCONFIRMED_DAYS, Alert

CONFIRM = "meldingen.bevestigen"
UNSUBSCRIBE = "meldingen.uitschrijven"
MAX_AGE = {CONFIRM: timedelta(days=UNCONFIRMED_DAYS), UNSUBSCRIBE: None}


class BadLink(Exception):
    """The link was altered, has expired or belongs to an alert that is gone."""

    def __init__(self, message, *, expired=False):
        super().__init__(message)
        self.expired = expired


def fingerprint(email):
    return salted_hmac("meldingen.adres", email).hexdigest()[:16]


def make_token(alert, purpose):
    return signing.dumps({"id": alert.pk, "adres": fingerprint(alert.email)}, salt=purpose)


def alert_for(token, purpose):
    """The alert the token was made for; BadLink with a Dutch message otherwise."""
    try:
        data = signing.loads(token, salt=purpose, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired:
        raise BadLink(
            "Deze bevestigingslink is verlopen. Vraag de melding opnieuw aan; er is niets opgeslagen.",
            expired=True,
        ) from None
    except signing.BadSignature:
        raise BadLink("Deze link is niet geldig. Kopieer hem volledig uit de e-mail.") from None
    alert = Alert.objects.filter(pk=data.get("id")).first()
    if alert is None or fingerprint(alert.email) != data.get("adres"):
        raise BadLink("Deze melding bestaat niet (meer); u krijgt er geen e-mail van.")
    return alert
