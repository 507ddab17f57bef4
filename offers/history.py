"""One history row per save, werven included; and bringing a deleted object back from its history.

simple-history writes a row on every post_save and another on every m2m change, so a save in
the admin that also changes the werven gave three rows: the new text with the old werven, then
the werven removed, then the new werven. Staff reading or reverting history saw versions that
never existed. Saving through ``one_history_row`` writes a single row once the relations are set.
"""

from contextlib import contextmanager

from django.db import transaction
from django.db.models import OuterRef, Subquery
from simple_history.models import HistoricalRecords


class RecordedHistory(HistoricalRecords):
    """simple-history's recorder, plus ``instance.record_history(history_type)``."""

    def add_extra_methods(self, cls):
        super().add_extra_methods(cls)
        recorder = self

        def record_history(instance, history_type="~"):
            """Write one history row of the instance as it is now, its werven included."""
            recorder.create_historical_record(instance, history_type)

        cls.record_history = record_history

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("raw"):
            # loaddata (restoring a backup) brings the history rows along; it sets the werven
            # right after this raw save, which must not add a version of its own.
            start_deferred_history(instance)
        return super().post_save(instance, created, using=using, **kwargs)


def start_deferred_history(instance):
    """Stop the signals from writing rows for this instance until ``finish_deferred_history``."""
    instance.skip_history_when_saving = True


def finish_deferred_history(instance, history_type):
    if hasattr(instance, "skip_history_when_saving"):
        del instance.skip_history_when_saving
        instance.record_history(history_type)


@contextmanager
def one_history_row(instance, history_type):
    """Save the instance and set its relations inside the block; one history row is written after."""
    start_deferred_history(instance)
    try:
        yield instance
    except BaseException:
        del instance.skip_history_when_saving
        raise
    finish_deferred_history(instance, history_type)


# -- deleted objects ----------------------------------------------------------------------------


class CannotRestore(Exception):
    """The deleted object cannot be put back as it was."""


class ObjectExists(CannotRestore):
    """An object with the deleted object's id exists (again); restoring would overwrite it."""


class ReferenceGone(CannotRestore):
    """A row the deleted object pointed to (its supporter) has been deleted since."""

    def __init__(self, field):
        super().__init__(f"{field.verbose_name} bestaat niet meer")
        self.field = field


def deleted_records(model):
    """The deletion record of each object of ``model`` that is still deleted, newest first.

    An object deleted, restored and deleted again has two deletion records; only the last one
    describes the object as it was when it went.
    """
    last_deletion = (
        model.history.filter(id=OuterRef("id"), history_type="-")
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        model.history.filter(history_type="-", history_id=Subquery(last_deletion))
        .exclude(id__in=model._default_manager.values("pk"))
        .order_by("-history_date", "-history_id")
    )


def restore_deleted(record, user):
    """Put a deleted object back as it was just before deletion, under its old id; return it.

    ``record`` is the history row of the deletion. The object gets its last werven, keeps its
    original creation date and gains exactly one history row ("+", by ``user``). Raises
    ``ObjectExists`` or ``ReferenceGone``, or ``IntegrityError`` when a unique value (a slug)
    now belongs to another object; in every case the database is left as it was.
    """
    if record.history_type != "-":
        raise ValueError(f"History row {record.history_id} records no deletion.")
    model = record.instance_type
    instance = record.instance
    with transaction.atomic():
        if model._default_manager.filter(pk=instance.pk).exists():
            raise ObjectExists(instance)
        for field in model._meta.concrete_fields:
            value = getattr(instance, field.attname)
            if field.is_relation and value is not None:
                if not field.related_model._base_manager.filter(pk=value).exists():
                    raise ReferenceGone(field)
        instance._history_user = user
        with one_history_row(instance, "+"):
            instance.save(force_insert=True)
            # Django removes the m2m links before the deletion is recorded, so the record before
            # it holds the last werven.
            before = record.prev_record
            if before is not None:
                for field in record._history_m2m_fields:
                    target = f"{field.m2m_reverse_field_name()}_id"
                    rows = getattr(before, field.name).all()
                    getattr(instance, field.name).set([getattr(row, target) for row in rows])
            # auto_now_add stamped the restore moment; the object keeps its real creation date.
            stamped = {
                field.attname: getattr(record, field.attname)
                for field in model._meta.concrete_fields
                if getattr(field, "auto_now_add", False)
            }
            if stamped:
                model._default_manager.filter(pk=instance.pk).update(**stamped)
                for name, value in stamped.items():
                    setattr(instance, name, value)
    return instance


# -- edit conflicts -----------------------------------------------------------------------------
# An edit form carries the version it was opened on: the id of the object's newest history row.
# Every save writes a history row, so a newer row means someone saved in between.

NO_HISTORY_YET = 0


class UnknownVersion(Exception):
    """The version a form carries is missing, garbled or not one of this object's own."""


def _history(instance):
    # A history row's own pk is history_id; the object's id is a plain field on it.
    manager = getattr(type(instance), instance._meta.simple_history_manager_attribute)
    return manager.filter(**{instance._meta.pk.attname: instance.pk})


def current_version(instance):
    """The id of ``instance``'s newest history row, or ``NO_HISTORY_YET``."""
    newest = _history(instance).order_by("-history_id").values_list("history_id", flat=True).first()
    return newest or NO_HISTORY_YET


def changes_since(instance, version):
    """Lock ``instance``'s row and return its history rows newer than ``version``, oldest first.

    Call it inside the transaction that saves the instance: the row lock makes a second save of
    the same object wait until the first one has committed its history row, so two concurrent
    saves opened on the same version cannot both find nothing new. Raises ``UnknownVersion``
    when ``version`` is not a version of this very object (a hand-edited form).
    """
    version = str(version or "").strip()
    if not (version.isascii() and version.isdigit() and len(version) <= 18):
        raise UnknownVersion(version)
    version = int(version)
    list(type(instance)._base_manager.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True))
    history = _history(instance)
    if version != NO_HISTORY_YET and not history.filter(history_id=version).exists():
        raise UnknownVersion(version)
    return list(history.filter(history_id__gt=version).select_related("history_user").order_by("history_id"))
