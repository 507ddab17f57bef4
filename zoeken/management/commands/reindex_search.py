from django.core.management.base import BaseCommand
from django.db import transaction

from zoeken.registry import reindex


class Command(BaseCommand):
    help = (
        "Bouwt de zoekindex opnieuw op uit de databank. Nodig na wijzigingen die save() overslaan "
        "(bulk_create, QuerySet.update) en na een aanpassing van een zoeksoort; het synoniemenbestand "
        "telt zonder dit meteen mee."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = reindex()
        for key, count in counts.items():
            self.stdout.write(f"{key}: {count} rijen")
