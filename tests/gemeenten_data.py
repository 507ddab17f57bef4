"""Municipality data for the tests of gemeenten: small hand-made towns, and the seed loaded once per module."""

from contextlib import contextmanager
from datetime import date
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from gemeenten.models import Municipality, Province, Service

COUNTED_ON = date(2020, 1, 1)


def make_municipality(nis_code, name, inhabitants, *, supporters=(), **fields):
    fields.setdefault("province", Province.VLAAMS_BRABANT)
    fields.setdefault("arrondissement", "Leuven")
    municipality = Municipality.objects.create(
        nis_code=nis_code, name=name, inhabitants=inhabitants, inhabitants_on=COUNTED_ON, **fields
    )
    for supporter in supporters:
        Service.objects.create(supporter=supporter, municipality=municipality, source="test")
    return municipality


@contextmanager
def seeded_database(django_db_blocker):
    """The whole seed (~3 s to load), undone at the end.

    For a module-scoped fixture: each test's own transaction is a savepoint inside this one, so the
    tests share one load and no other module ever sees the seed.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seed", stdout=StringIO(), stderr=StringIO())
        yield
        transaction.set_rollback(True)
