"""A portable backup restores: `dumpdata` with natural keys of the seed data plus staff edits, loaded
into an emptied database, gives back every row of every model, the history tables included."""

from io import StringIO

from admin_forms import offer_form_data
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from gemeenten.models import Municipality
from offers.models import Offer, Project, Supporter

# Sessions are not backed up (everyone logs in again). Content types and permissions are made by
# `migrate` in the new database, with ids of their own: the dump names them by natural keys.
# Every other row keeps its id: history rows, log entries and admin addresses refer to objects by
# id, so --natural-primary (new ids on loading) would cut the history off from its objects.
DUMP = ["--natural-foreign", "--exclude=contenttypes", "--exclude=auth.permission", "--exclude=sessions"]
# The content version rises with every write, the restore included: it is no content of its own.
NOT_COMPARED = {"sessions.session", "paginacache.contentversion"}
MADE_BY_MIGRATE = {ContentType, Permission}


def natural_keys(model, cache):
    """{pk: natural key} of every row of ``model``."""
    if model not in cache:
        cache[model] = {row.pk: row.natural_key() for row in model._base_manager.all()}
    return cache[model]


def canonical_rows(model, cache):
    """Every row of ``model`` as field values; the ids of content types and permissions, and of
    many-to-many rows (a dump lists those with their object), replaced by natural keys or left out."""
    rows = []
    for row in model._base_manager.all():
        values = []
        for field in model._meta.concrete_fields:
            if field.primary_key and (model in MADE_BY_MIGRATE or model._meta.auto_created):
                continue
            value = getattr(row, field.attname)
            if field.is_relation and field.related_model in MADE_BY_MIGRATE and value is not None:
                value = natural_keys(field.related_model, cache)[value]
            values.append((field.name, value))
        rows.append(tuple(values))
    return sorted(rows, key=repr)


def every_row():
    cache = {}
    return {
        model._meta.label_lower: canonical_rows(model, cache)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in NOT_COMPARED
    }


def differences(before, after):
    """Per model whose rows differ: both row counts and the first pair of rows that differ."""
    found = {}
    for label, rows in before.items():
        if after[label] != rows:
            pairs = [(old, new) for old, new in zip(rows, after[label], strict=False) if old != new]
            found[label] = (len(rows), len(after[label]), pairs[:1])
    return found


def staff_edits(client, beheerder):
    """What a week in the admin leaves behind: changes, a deletion, a new supporter and offer."""
    client.force_login(beheerder)
    offer = Offer.objects.filter(is_general=False).order_by("pk").first()
    response = client.post(
        f"/admin/offers/offer/{offer.pk}/change/",
        offer_form_data(offer, title="Gewijzigd in het beheer", werven=[w.pk for w in offer.werven.all()][:1]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.order_by("pk").first()
    response = client.post(f"/admin/offers/project/{project.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    # An offer from the middle: the ids after it must not shift on restoring.
    deleted = Offer.objects.order_by("pk")[3]
    response = client.post(f"/admin/offers/offer/{deleted.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Offer.objects.filter(pk=deleted.pk).exists()
    leuven = Municipality.objects.get(nis_code="24062")
    leuven.inhabitants += 1
    leuven._history_user = beheerder
    leuven.save()
    # A supporter that came and went, with its only offer: that offer's history rows keep pointing
    # to it, as they do in production (a coordinator sees them under "Verwijderd").
    supporter = Supporter.objects.create(slug="kortstondig", name="Kortstondige ondersteuner")
    Offer.objects.create(supporter=supporter, title="Weg", slug="weg", summary="s", description="d", kind="studie")
    Offer.objects.get(slug="weg").delete()
    supporter.delete()


def test_a_dump_with_natural_keys_restores_every_row_history_included(client, beheerder, tmp_path):
    call_command("load_seed", stdout=StringIO(), stderr=StringIO())
    staff_edits(client, beheerder)
    before = every_row()
    assert before["offers.historicaloffer"] and before["admin.logentry"], "geen geschiedenis om te vergelijken"
    assert any(("history_type", "-") in row for row in before["offers.historicalproject"])

    dump = tmp_path / "lekp.json"
    call_command("dumpdata", *DUMP, f"--output={dump}", stdout=StringIO())
    # An empty database, as `migrate` leaves it: flush empties every table and makes the content
    # types and permissions again, like `migrate` on a new database.
    # Check the constraints now, as a commit would: PostgreSQL cannot empty tables that still have
    # deferred checks pending in this test's transaction.
    connection.check_constraints()
    call_command("flush", "--noinput", stdout=StringIO())
    ContentType.objects.clear_cache()
    assert Offer.objects.count() == 0
    call_command("loaddata", str(dump), stdout=StringIO())

    after = every_row()
    assert set(after) == set(before)
    assert differences(before, after) == {}
    # And the restored database dumps to the same file.
    again = tmp_path / "opnieuw.json"
    call_command("dumpdata", *DUMP, f"--output={again}", stdout=StringIO())
    assert again.read_text() == dump.read_text()
    # New rows get new ids (the sequences follow the restored rows).
    supporter = Supporter.objects.create(slug="na-herstel", name="Na het herstel")
    assert supporter.pk > max(row[0][1] for row in before["offers.supporter"])
