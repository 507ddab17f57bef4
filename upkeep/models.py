"""What keeps the portal current: the last check of each link, and the review reminders sent."""

from django.conf import settings
from django.db import models

from offers.models import Offer, Project, Supporter


class LinkCheck(models.Model):
    """The last result of following one web address, wherever it appears."""

    class Outcome(models.TextChoices):
        OK = "werkt", "werkt"
        REDIRECT = "doorverwezen", "doorverwezen"
        BROKEN = "kapot", "kapot"
        UNREACHABLE = "onbereikbaar", "onbereikbaar"

    BROKEN_OUTCOMES = (Outcome.BROKEN, Outcome.UNREACHABLE)

    url = models.URLField("webadres", max_length=2000, unique=True)
    outcome = models.CharField("resultaat", max_length=20, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField("HTTP-status", null=True, blank=True)
    redirected_to = models.URLField("doorverwezen naar", max_length=2000, blank=True)
    error = models.CharField("fout", max_length=500, blank=True)
    checked_at = models.DateTimeField("nagekeken op")

    class Meta:
        verbose_name = "linkcontrole"
        verbose_name_plural = "linkcontroles"
        ordering = ["url"]

    def __str__(self):
        return f"{self.url} ({self.get_outcome_display()})"

    @property
    def is_broken(self):
        return self.outcome in self.BROKEN_OUTCOMES

    @property
    def explanation(self):
        """What went wrong or where it leads, in a few words."""
        if self.outcome == self.Outcome.UNREACHABLE:
            return self.error
        parts = [f"HTTP {self.status_code}"] if self.status_code else []
        if self.redirected_to:
            parts.append(f"doorverwezen naar {self.redirected_to}")
        return ", ".join(parts)


class LinkUse(models.Model):
    """Where a checked address appears: a field of an offer, a project or a supporter's page."""

    link = models.ForeignKey(LinkCheck, on_delete=models.CASCADE, related_name="uses", verbose_name="linkcontrole")
    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="link_uses", verbose_name="ondersteuner"
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="link_uses", verbose_name="aanbod"
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="link_uses", verbose_name="project"
    )
    field = models.CharField("veld", max_length=100)

    class Meta:
        verbose_name = "gebruik van een link"
        verbose_name_plural = "gebruik van links"
        ordering = ["supporter__name", "link__url", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(offer__isnull=False, project__isnull=False), name="linkuse_offer_or_project"
            ),
        ]

    def __str__(self):
        return f"{self.link.url} in {self.source}"

    @property
    def source(self):
        """The object whose field holds the link: an offer, a project or the supporter itself."""
        return self.offer or self.project or self.supporter


class ReviewReminder(models.Model):
    """A reminder mailed to a redacteur, so the next one waits (see send_review_reminders)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_reminders", verbose_name="gebruiker"
    )
    email = models.EmailField("e-mailadres")
    sent_at = models.DateTimeField("verstuurd op", auto_now_add=True)
    offers = models.ManyToManyField(Offer, related_name="review_reminders", verbose_name="aanbod")

    class Meta:
        verbose_name = "herinnering om na te kijken"
        verbose_name_plural = "herinneringen om na te kijken"
        ordering = ["-sent_at", "pk"]

    def __str__(self):
        return f"{self.user} ({self.sent_at:%d/%m/%Y})"
