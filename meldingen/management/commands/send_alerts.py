from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from meldingen.forms import read_filters
from meldingen.mails import alert_mail
from meldingen.models import Alert

# A mail is a pointer to the list, not the list: beyond this it links to the rest.
MAX_OFFERS_PER_MAIL = 25


class Command(BaseCommand):
    help = (
        "Verstuurt de bevestigde e-mailmeldingen: per melding het aanbod dat sinds de vorige mail "
        "gepubliceerd of gewijzigd werd, hoogstens één mail per dag of week. Wist ook onbevestigde "
        "meldingen ouder dan 7 dagen. Draai het dagelijks; twee keer op een dag verstuurt niets dubbel."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon wie wat zou krijgen; verstuur en wijzig niets."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        expired = Alert.objects.expired(now)
        if dry_run:
            self.stdout.write(f"{expired.count()} onbevestigde melding(en) zouden gewist worden.")
        else:
            deleted, _per_model = expired.delete()
            self.stdout.write(f"{deleted} onbevestigde melding(en) gewist.")
        sent = 0
        for alert in Alert.objects.confirmed().order_by("pk"):
            with transaction.atomic():
                sent += self.handle_alert(alert, now, dry_run)
        self.stdout.write(f"{sent} melding(en) {'zouden verstuurd worden' if dry_run else 'verstuurd'}.")

    def handle_alert(self, alert, now, dry_run):
        """Mail one alert if its period has not been handled yet; return how many mails went (0 or 1)."""
        period = alert.period(now)
        if alert.last_period == period:
            return 0
        filterset, problems = read_filters(alert.query)
        if problems:
            # The list it follows no longer exists as asked (a supporter was removed, say): mailing
            # another list would be wrong, so it waits for someone to look.
            self.stdout.write(f"Melding {alert.pk} overgeslagen: {' '.join(problems)}")
            return 0
        found = list(filterset.qs.changed_since(alert.sent_until).newest_first()[: MAX_OFFERS_PER_MAIL + 1])
        offers, more = found[:MAX_OFFERS_PER_MAIL], len(found) > MAX_OFFERS_PER_MAIL
        if dry_run:
            if offers:
                titles = "; ".join(offer.title for offer in offers)
                self.stdout.write(f"{alert.email} ({alert.frequency}, {alert.query or 'al het aanbod'}): {titles}")
            return int(bool(offers))
        if not offers:
            return 0  # no mail, so the period stays open for news later today or this week
        try:
            alert_mail(alert, filterset.describe(), offers, more, settings.SITE_URL).send()
        except Exception as error:  # one refused address must not stop the others
            self.stdout.write(f"Melding {alert.pk} aan {alert.email} niet verstuurd: {error}")
            return 0
        alert.last_period, alert.sent_until = period, now
        alert.save(update_fields=["last_period", "sent_until"])
        return 1
