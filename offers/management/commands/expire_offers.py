from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from offers.models import Offer, PublicationStatus


class Command(BaseCommand):
    help = (
        "Zet gepubliceerd aanbod waarvan de einddatum voorbij is (in Brussel) op “verlopen”, met een "
        "regel in de geschiedenis. Draai dagelijks; de publieke pagina's tonen zulk aanbod ook zonder "
        "dit commando al niet meer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon wat zou verlopen, verander niets.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        with transaction.atomic():
            expired = list(
                Offer.objects.filter(status=PublicationStatus.PUBLISHED)
                .past_end_date(today)
                .select_related("supporter")
                .order_by("ends_on", "pk")
            )
            for offer in expired:
                self.stdout.write(f"{offer.supporter}: “{offer}” (einddatum {offer.ends_on:%d/%m/%Y})")
                if not dry_run:
                    offer.status = PublicationStatus.EXPIRED
                    offer._change_reason = f"Verlopen: einddatum {offer.ends_on:%d/%m/%Y} voorbij"
                    # Not the last-updated time: the content did not change.
                    offer.save(update_fields=["status"])
        verb = "zou verlopen" if dry_run else "verlopen"
        self.stdout.write(f"{len(expired)} aanbod {verb}.")
