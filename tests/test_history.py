"""History without the admin: one row per save, and restoring a deleted object from its records."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from offers.history import (
    ObjectExists,
    ReferenceGone,
    deleted_records,
    one_history_row,
    restore_deleted,
)
from offers.models import Offer, Project


def save_with_werven(obj, werven):
    with one_history_row(obj, "~"):
        obj.save()
        obj.werven.set(werven)


def deletion_of(obj):
    pk = obj.pk
    obj.delete()
    return type(obj).history.filter(id=pk, history_type="-").latest()


@pytest.fixture
def old_offer(make_offer, iok, werven):
    """An offer made long ago, whose werven changed once before it was deleted."""
    offer = make_offer(iok, werven=[werven[1]], title="Renovatiebegeleiding", slug="renovatie")
    Offer.objects.filter(pk=offer.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))
    offer.refresh_from_db()
    offer.title = "Renovatiebegeleiding 2.0"
    save_with_werven(offer, [werven[2], werven[4]])
    return offer


def test_restore_puts_the_object_back_under_its_id_with_its_last_werven_and_creation_date(old_offer, redacteur):
    pk, created_at = old_offer.pk, old_offer.created_at
    record = deletion_of(old_offer)

    restored = restore_deleted(record, redacteur)

    assert restored.pk == pk
    offer = Offer.objects.get(pk=pk)
    assert offer.title == "Renovatiebegeleiding 2.0"
    assert sorted(offer.werven.values_list("number", flat=True)) == [2, 4]
    assert offer.created_at == created_at == restored.created_at
    assert list(Offer.objects.search("Renovatiebegeleiding")) == [offer]  # back in the search index


def test_restore_writes_exactly_one_history_row_by_the_user_with_the_werven(old_offer, coordinator):
    record = deletion_of(old_offer)
    rows_before = Offer.history.filter(id=record.id).count()

    restore_deleted(record, coordinator)

    assert Offer.history.filter(id=record.id).count() == rows_before + 1
    latest = Offer.history.filter(id=record.id).latest()
    assert latest.history_type == "+" and latest.history_user == coordinator
    assert sorted(row.werf.number for row in latest.werven.all()) == [2, 4]


def test_restore_of_a_project_uses_its_lead_supporter_and_werven(make_project, iok, werven, beheerder):
    project = make_project(iok, werven=[werven[3]], title="CIRCULER", slug="circuler")
    record = deletion_of(project)

    restored = restore_deleted(record, beheerder)

    assert Project.objects.get(pk=restored.pk).lead_supporter == iok
    assert [w.number for w in restored.werven.all()] == [3]


def test_restore_when_the_slug_was_taken_again_raises_and_changes_nothing(old_offer, make_offer, iok, beheerder):
    record = deletion_of(old_offer)
    make_offer(iok, slug=record.slug, title="Opvolger")
    rows_before = Offer.history.count()

    with pytest.raises(IntegrityError):
        restore_deleted(record, beheerder)

    assert not Offer.objects.filter(pk=record.id).exists()
    assert Offer.history.count() == rows_before


def test_restore_of_an_object_that_exists_again_raises(old_offer, beheerder):
    record = deletion_of(old_offer)
    restore_deleted(record, beheerder)
    rows_before = Offer.history.count()

    with pytest.raises(ObjectExists):
        restore_deleted(record, beheerder)

    assert Offer.history.count() == rows_before


def test_restore_when_the_supporter_is_gone_raises(make_offer, make_supporter, beheerder):
    gone = make_supporter("opgeheven")
    record = deletion_of(make_offer(gone, title="Aanbod van een opgeheven ondersteuner"))
    gone.delete()

    with pytest.raises(ReferenceGone) as refused:
        restore_deleted(record, beheerder)

    assert refused.value.field.name == "supporter"
    assert not Offer.objects.filter(pk=record.id).exists()


def test_only_a_deletion_record_can_be_restored(own_offer, beheerder):
    with pytest.raises(ValueError):
        restore_deleted(own_offer.history.latest(), beheerder)


def test_deleted_records_lists_the_last_deletion_of_each_object_still_deleted(make_offer, iok, interleuven, beheerder):
    first = make_offer(iok, title="Eerst verwijderd")
    twice = make_offer(interleuven, title="Twee keer verwijderd")
    back = make_offer(iok, title="Hersteld")
    first_deletion = deletion_of(first)
    twice = restore_deleted(deletion_of(twice), beheerder)
    last_of_twice = deletion_of(twice)
    restore_deleted(deletion_of(back), beheerder)

    records = list(deleted_records(Offer))

    assert [record.history_id for record in records] == [last_of_twice.history_id, first_deletion.history_id]
