from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from offers.models import Membership, Supporter
from offers.permissions import COORDINATOR, REDACTEUR, sync_roles

DEMO_PASSWORD = "lekp-demo"


class Command(BaseCommand):
    help = (
        "Maakt demo-accounts om het beheer uit te proberen: een beheerder, een coördinator en een "
        "redacteur per ondersteuner, allemaal met hetzelfde bekende wachtwoord. Doet enkel iets met "
        "DEBUG aan op een SQLite-databank, dus nooit in productie."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG or connection.vendor != "sqlite":
            # `make run` calls this every time; outside a local setup it must be a harmless no-op.
            self.stdout.write(
                "Geen demo-accounts aangemaakt: dat gebeurt enkel met DEBUG aan op een SQLite-databank "
                "(lokaal uitproberen), nooit in productie."
            )
            return
        with transaction.atomic():
            groups = sync_roles()
            accounts = [self.account("beheerder", "Beheerder", superuser=True)]
            accounts.append(self.account("coordinator", "Coördinator", group=groups[COORDINATOR]))
            for supporter in Supporter.objects.order_by("slug"):
                user = self.account(
                    f"redacteur-{supporter.slug}", f"Redacteur {supporter.name}", group=groups[REDACTEUR]
                )
                Membership.objects.get_or_create(user=user, supporter=supporter)
                accounts.append(user)
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}), aanmelden op /admin/:")
        for user in accounts:
            self.stdout.write(f"  {user.username:<40} {user.first_name}")
        if len(accounts) == 2:
            self.stdout.write("Er zijn nog geen ondersteuners; laad eerst de startgegevens (manage.py load_seed).")

    def account(self, username, role, superuser=False, group=None):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.first_name = role
        # An address in the reserved .invalid domain, so review reminders show on the console locally.
        user.email = user.email or f"{username}@lekp-demo.invalid"
        user.is_staff = True
        user.is_superuser = superuser
        user.is_active = True
        # Reset every run so the printed password always works, even after someone changed it.
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([group] if isinstance(group, Group) else [])
        return user
