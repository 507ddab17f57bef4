"""An official's e-mail alert for one filtered offer list: no account, one address, one list.

The address serves this alert alone. An alert nobody confirmed is deleted after
UNCONFIRMED_DAYS days, an unsubscribed one at once (see the README).
"""

from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone

UNCONFIRMED_DAYS = 7
# Enough for an official following a few municipalities and werven; too few to flood an inbox
# with confirmation mails through the form.
ALERTS_PER_ADDRESS = 20
PENDING_PER_ADDRESS = 3


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_before(self, moment):
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)

    def expired(self, now):
        """Unconfirmed alerts whose confirmation link no longer works."""
        return self.unconfirmed_before(now - timedelta(days=UNCONFIRMED_DAYS))

    def for_address(self, email):
        return self.filter(email__iexact=email)


class Alert(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "dagelijks", "dagelijks"
        WEEKLY = "wekelijks", "wekelijks"

    email = models.EmailField("e-mailadres")
    # The filters of /aanbod/ as the list keeps them (offers.feeds.filter_query), URL-encoded.
    query = models.CharField("filters", max_length=2000, blank=True)
    frequency = models.CharField("frequentie", max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    confirmed_at = models.DateTimeField("bevestigd op", null=True, blank=True)
    # Everything published or changed up to this moment has been mailed (or there was nothing).
    sent_until = models.DateTimeField("verstuurd tot", null=True, blank=True)
    # The day ("2026-12-02") or ISO week ("2026-W49") last handled: one mail per period at most.
    last_period = models.CharField("laatste periode", max_length=10, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mailmelding"
        verbose_name_plural = "e-mailmeldingen"
        ordering = ["email", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["email", "query"], name="alert_unique_list_per_address"),
        ]

    def __str__(self):
        return f"{self.email}: {self.query or 'al het aanbod'} ({self.frequency})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm(self, now=None):
        """Start the alert: it reports what is published or changed from now on."""
        now = now or timezone.now()
        self.confirmed_at = self.sent_until = now
        self.save(update_fields=["confirmed_at", "sent_until"])

    def period(self, now):
        """The day or ISO week (Brussels time) of ``now``, as stored in ``last_period``."""
        day = timezone.localdate(now)
        if self.frequency == self.Frequency.DAILY:
            return day.isoformat()
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def list_url(self):
        return reverse("offers:offer-list") + (f"?{self.query}" if self.query else "")
