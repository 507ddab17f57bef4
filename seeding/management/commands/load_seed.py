from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from seeding.loader import FixtureError, load, read_fixtures


class Command(BaseCommand):
    help = (
        "Laadt de startgegevens uit fixtures/ (werven, ondersteuners, doelstellingen, aanbod en "
        "inspiratieprojecten) in één transactie. Wat al eens geladen werd, wordt overgeslagen: "
        "aanpassingen van medewerkers blijven behouden en wat zij verwijderden komt niet terug, "
        "tenzij met --herstel-verwijderde. Aanbod en projecten die niemand in het beheer aanpaste, "
        "krijgen de verbeteringen uit de bestanden."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon wat toegevoegd zou worden, zonder iets op te slaan."
        )
        parser.add_argument(
            "--herstel-verwijderde",
            action="store_true",
            dest="restore_deleted",
            help="Maak startgegevens die medewerkers verwijderden opnieuw aan (hun aanpassingen blijven ongemoeid).",
        )
        parser.add_argument(
            "--fixtures-dir",
            default=str(settings.BASE_DIR / "fixtures"),
            help="Map met de TOML-bestanden (standaard: fixtures/ in het project).",
        )

    def handle(self, *args, dry_run, restore_deleted, fixtures_dir, verbosity, **options):
        try:
            fixtures = read_fixtures(Path(fixtures_dir))
            for name in fixtures.unknown_files:
                self.stderr.write(f"Let op: {name} wordt niet geladen (onbekende bestandsnaam).")
            with transaction.atomic():
                tallies = load(fixtures, restore_deleted)
                if dry_run:
                    transaction.set_rollback(True)
        except FixtureError as error:
            raise CommandError(error) from error
        for tally in tallies:
            for record in tally.hand_made:
                self.stdout.write(f"  {record.label} bestaat al (niet door het laden aangemaakt): ongemoeid gelaten.")
            for record in tally.deleted if verbosity >= 2 else []:
                self.stdout.write(f"  {record.label} werd door een medewerker verwijderd: niet opnieuw aangemaakt.")
        if dry_run:
            self.stdout.write("Proefdraai (--dry-run): er werd niets opgeslagen.")
        for tally in tallies:
            for record in tally.added if dry_run or verbosity >= 2 else []:
                self.stdout.write(f"  + {record.label} ({record.file})")
            for record in tally.updated:
                self.stdout.write(f"  ~ {record.label} ({record.file}): verbeterd volgens het bestand")
            self.stdout.write(tally.summary(dry_run))
