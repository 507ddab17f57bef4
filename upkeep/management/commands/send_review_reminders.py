from django.core.management.base import BaseCommand
from django.db import transaction

from upkeep.models import ReviewReminder
from upkeep.reminders import QUIET_DAYS, address_problem, due_offers_per_redacteur, reminder_message


class Command(BaseCommand):
    help = (
        "Mailt elke redacteur de lijst van het aanbod van zijn ondersteuner(s) dat nagekeken moet worden, met "
        f"links naar het beheer. Wie de afgelopen {QUIET_DAYS} dagen een herinnering kreeg, krijgt er geen. "
        "Een fout adres wordt gemeld en overgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon wie wat zou krijgen; verstuur en bewaar niets."
        )

    def handle(self, *args, dry_run=False, **options):
        sent = failed = 0
        for user, offers in due_offers_per_redacteur():
            titles = "; ".join(offer.title for offer in offers)
            problem = address_problem(user)
            if problem:
                failed += 1
                self.stderr.write(
                    f"{user.username}: overgeslagen, {problem}" + (f" (zou krijgen: {titles})." if dry_run else ".")
                )
                continue
            if dry_run:
                self.stdout.write(f"{user.username} <{user.email}> zou {len(offers)} aanbod krijgen: {titles}")
                continue
            try:
                # The record only stays when the mail went out, so a failed address is tried again next time.
                with transaction.atomic():
                    reminder = ReviewReminder.objects.create(user=user, email=user.email)
                    reminder.offers.set(offers)
                    reminder_message(user, offers).send()
            except Exception as error:  # noqa: BLE001 (one bad address must not stop the others)
                failed += 1
                self.stderr.write(f"{user.username} <{user.email}>: niet verstuurd ({error}).")
                continue
            sent += 1
            self.stdout.write(f"{user.username} <{user.email}>: {len(offers)} aanbod: {titles}")
        if dry_run:
            self.stdout.write("Proefdraai: niets verstuurd, niets bewaard.")
        else:
            self.stdout.write(f"{sent} herinnering(en) verstuurd, {failed} mislukt.")
