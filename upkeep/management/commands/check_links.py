from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from upkeep import links
from upkeep.models import LinkCheck, LinkUse


class Command(BaseCommand):
    help = (
        "Volgt elke http(s)-link in het aanbod, de projecten en de ondersteunerspagina's (HEAD, anders GET; "
        f"hoogstens {links.MAX_AT_ONCE} tegelijk, met een tijdslimiet) en bewaart per adres het resultaat. "
        "Kapotte links verschijnen op de startpagina van het beheer bij de redacteurs van die ondersteuner."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Controleer en toon, maar bewaar niets.")
        parser.add_argument(
            "--timeout",
            type=float,
            default=links.TIMEOUT_SECONDS,
            help=f"Seconden wachten op een antwoord (standaard {links.TIMEOUT_SECONDS}).",
        )

    def handle(self, *args, dry_run=False, timeout=links.TIMEOUT_SECONDS, **options):
        uses = links.collect_uses()
        urls = sorted({use.url for use in uses})
        self.stdout.write(f"{len(urls)} adressen op {len(uses)} plaatsen nakijken …")
        results = links.follow_all(urls, timeout=timeout)
        broken = 0
        for url, result in results.items():
            if result.outcome in LinkCheck.BROKEN_OUTCOMES:
                broken += 1
            detail = result.error or " ".join(filter(None, [str(result.status_code or ""), result.redirected_to]))
            self.stdout.write(f"{result.outcome:>12}  {url}  {detail}".rstrip())
        if not dry_run:
            self.store(uses, results)
        self.stdout.write(
            f"{broken} van {len(urls)} adressen kapot of onbereikbaar." + (" (niets bewaard)" if dry_run else "")
        )

    @transaction.atomic
    def store(self, uses, results):
        now = timezone.now()
        LinkCheck.objects.exclude(url__in=list(results)).delete()
        for url, result in results.items():
            LinkCheck.objects.update_or_create(
                url=url,
                defaults={
                    "outcome": result.outcome,
                    "status_code": result.status_code,
                    "redirected_to": result.redirected_to,
                    "error": result.error,
                    "checked_at": now,
                },
            )
        checks = dict(LinkCheck.objects.values_list("url", "pk"))
        # Where each address appears is rebuilt as a whole: texts change between runs.
        LinkUse.objects.all().delete()
        LinkUse.objects.bulk_create(
            LinkUse(
                link_id=checks[use.url],
                supporter_id=use.supporter_id,
                offer_id=use.offer_id,
                project_id=use.project_id,
                field=use.field,
            )
            for use in uses
        )
