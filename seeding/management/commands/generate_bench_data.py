import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from seeding.bench_data import NotABenchDatabase, Sizes, generate


class Command(BaseCommand):
    help = (
        "Vult een aparte, lege databank met gegenereerde gegevens op Vlaamse schaal voor `make bench`: de "
        "startgegevens, 40 ondersteuners met een realistisch werkingsgebied, 20.000 aanbiedingen, 2.000 "
        "projecten, 20 beleidsplannen (het plan van Leuven) en 30 medewerkers. Weigert een databank met "
        "gegevens die niet gegenereerd zijn; een eerder gegenereerde databank wordt eerst leeggemaakt."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        for name, label in [
            ("supporters", "ondersteuners"),
            ("offers", "aanbiedingen"),
            ("projects", "projecten"),
            ("plans", "beleidsplannen"),
            ("staff", "medewerkers"),
        ]:
            default = getattr(defaults, name)
            parser.add_argument(f"--{name}", type=int, default=default, help=f"aantal {label} (standaard {default})")

    def handle(self, *args, supporters, offers, projects, plans, staff, **options):
        started = time.perf_counter()
        sizes = Sizes(supporters=supporters, offers=offers, projects=projects, plans=plans, staff=staff)
        try:
            with transaction.atomic():
                counts = generate(sizes, log=lambda line: self.stdout.write(f"  {line}"))
        except NotABenchDatabase as error:
            raise CommandError(error) from error
        summary = ", ".join(f"{count} {what}" for what, count in counts.items())
        self.stdout.write(f"Benchmarkgegevens aangemaakt in {time.perf_counter() - started:.0f} s: {summary}.")
