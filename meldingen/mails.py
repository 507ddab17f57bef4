"""The two mails of an alert: the confirmation (double opt-in) and the news itself.

Plain text in Dutch. Every link is absolute: ``base_url`` is the address the form was sent to,
or SITE_URL when send_alerts runs without a request.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from meldingen.models import UNCONFIRMED_DAYS
from meldingen.tokens import CONFIRM, UNSUBSCRIBE, make_token


def absolute(base_url, path):
    return base_url.rstrip("/") + path


def unsubscribe_url(alert, base_url):
    return absolute(base_url, reverse("meldingen:unsubscribe", args=[make_token(alert, UNSUBSCRIBE)]))


def confirmation_mail(alert, description, base_url):
    body = render_to_string(
        "meldingen/mail_confirm.txt",
        {
            "alert": alert,
            "description": description,
            "confirm_url": absolute(base_url, reverse("meldingen:confirm", args=[make_token(alert, CONFIRM)])),
            "list_url": absolute(base_url, alert.list_url),
            "days": UNCONFIRMED_DAYS,
        },
    )
    return EmailMessage("Bevestig uw melding van het LEKP-portaal", body, settings.DEFAULT_FROM_EMAIL, [alert.email])


def alert_mail(alert, description, offers, more, base_url):
    """The news of one period; ``more`` is True when there was more than ``offers`` holds."""
    unsubscribe = unsubscribe_url(alert, base_url)
    body = render_to_string(
        "meldingen/mail_alert.txt",
        {
            "alert": alert,
            "description": description,
            "offers": [(offer, absolute(base_url, offer.get_absolute_url())) for offer in offers],
            "more": more,
            "list_url": absolute(base_url, reverse("offers:offer-list"))
            + f"?{alert.query}{'&' if alert.query else ''}sortering=gewijzigd",
            "unsubscribe_url": unsubscribe,
        },
    )
    return EmailMessage(
        "Nieuw aanbod op het LEKP-portaal",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [alert.email],
        # RFC 2369 and RFC 8058: the mail program offers a button that POSTs to the link.
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
