from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gemeenten.models import Municipality, is_nis_code
from plannen.confirmed import ConfirmedTagsError, read_entries
from plannen.importer import PlanImportError, import_plan_bytes
from plannen.models import PolicyPlan
from plannen.parser import PlanSyntaxError


class Command(BaseCommand):
    help = (
        "Leest het beleidsplan van een gemeente uit een tekstbestand (UTF-8): programma's, "
        "actieprogramma's en genummerde acties, met voorgestelde werven volgens de trefwoordregels. "
        "Alles of niets, in één transactie; opnieuw inlezen wijzigt enkel wat veranderde en behoudt "
        "bevestigde werven. Met --werven ook de bevestigde werven uit een TOML-bestand."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="het tekstbestand van het plan")
        parser.add_argument("--gemeente", required=True, help="NIS-code van de gemeente, bv. 24062 (Leuven)")
        parser.add_argument("--dry-run", action="store_true", help="enkel tellen en nakijken, niets bewaren")
        parser.add_argument("--titel", help="titel van het plan (verplicht bij het eerste inlezen)")
        parser.add_argument("--periode", help="periode, bv. 2019-2024 (verplicht bij het eerste inlezen)")
        parser.add_argument("--bron", help="waar de tekst vandaan komt (verplicht bij het eerste inlezen)")
        parser.add_argument("--werven", metavar="TOML", help="bevestigde werven, bv. fixtures/plan-leuven-werven.toml")

    def handle(self, *args, path, gemeente, dry_run, titel, periode, bron, werven, **options):
        if not is_nis_code(gemeente):
            raise CommandError(f"„{gemeente}” is geen NIS-code (vijf cijfers).")
        municipality = Municipality.objects.filter(nis_code=gemeente).first()
        if municipality is None:
            raise CommandError(f"Geen gemeente met NIS-code {gemeente}; laad eerst de startgegevens.")
        existing = PolicyPlan.objects.filter(municipality=municipality).first()
        meta = {
            "title": titel or (existing and existing.title),
            "period": periode or (existing and existing.period),
            "source": bron or (existing and existing.source),
        }
        if not all(meta.values()):
            raise CommandError("Geef bij het eerste inlezen --titel, --periode en --bron op.")
        data = self.read(path)
        confirmed = None
        if werven:
            try:
                confirmed = read_entries(self.read(werven))
            except ConfirmedTagsError as error:
                raise CommandError(f"{werven}: {error}") from None
        try:
            report = import_plan_bytes(data, municipality, dry_run=dry_run, confirmed=confirmed, **meta)
        except PlanSyntaxError as error:
            raise CommandError(f"{path}, {error} Er is niets ingelezen.") from None
        except ConfirmedTagsError as error:
            raise CommandError(f"{werven}: {error}") from None
        except PlanImportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{meta['title']} ({municipality.name}, {meta['period']}):")
        for line in report.summary_lines():
            self.stdout.write(f"  {line}")

    def read(self, path):
        try:
            return Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Kan {path} niet lezen: {error.strerror}.") from None
