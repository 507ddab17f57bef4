from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from offers.permissions import sync_roles


class Command(BaseCommand):
    help = (
        "Maakt de groepen Redacteur en Coördinator aan en geeft ze precies hun rechten. "
        "Mag opnieuw gedraaid worden; rechten die er met de hand bij kwamen, worden weer weggenomen."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                groups = sync_roles()
        except LookupError as error:
            raise CommandError(str(error)) from error
        for name, group in groups.items():
            self.stdout.write(f"Groep “{name}”: {group.permissions.count()} rechten.")
