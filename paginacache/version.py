"""The content version: a number that every write to what the public pages show raises on commit.

It is part of every cache key and ETag of a public page (paginacache.middleware), so a cached page
is never served after a change. It lives in the database, not in the cache: every gunicorn worker,
every app server and every management command reads and raises the same number, also when each
has its own local-memory cache.

The model is looked up when called, so that app configs and signal receivers can import this
module before the models are loaded.
"""

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

ROW = 1


def _model():
    return apps.get_model("paginacache", "ContentVersion")


def current_version():
    """The current content version: one small query, 0 before the first write."""
    # Every page served from the cache asks this, so it skips the ORM's query building, which took
    # as long as the database's answer (bench: 1.37 ms for a whole cached page before).
    meta, quote = _model()._meta, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(meta.get_field('value').column)} FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.pk.column)} = %s",
            [ROW],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def bump():
    """Raise the content version now (after a commit; see ``bump_on_commit``)."""
    if not _model().objects.filter(pk=ROW).update(value=models.F("value") + 1, changed_at=timezone.now()):
        _model().objects.get_or_create(pk=ROW, defaults={"value": 1})


def bump_on_commit(*args, **kwargs):
    """Raise the content version once when the current transaction commits (at once outside one).

    Usable as a signal receiver. Many writes in one transaction (a seed load, a plan import) raise
    it once: the callback is registered only if it is not already waiting. A rolled-back
    transaction drops the callback, so the next write registers it again.
    """
    if any(callback is bump for _savepoints, callback, _robust in connection.run_on_commit):
        return
    transaction.on_commit(bump)
