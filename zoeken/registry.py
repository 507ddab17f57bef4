"""What can be searched: each app declares its kinds here, and the index follows their saves.

A kind is one ``Kind(...)`` passed to ``register`` from the app that owns the model (in its
``AppConfig.ready``). From then on every save or deletion of that model (and of the models in
``touched_by``) updates its row in the index. Paths that skip ``save()`` (bulk_create,
QuerySet.update, a seed load inside ``paused()``) end with ``reindex()``, or
``manage.py reindex_search``.
"""

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from paginacache.version import bump_on_commit
from zoeken.models import WEIGHTS, Entry, Word
from zoeken.text import terms, vocabulary, words

BATCH = 1000
MAX_WORD = 100  # Word.word's max_length


@dataclass
class Kind:
    """One searchable kind of object.

    ``weights`` maps "A", "B" and "C" to the texts of that weight, each a field path
    ("programme.title") or a function of the object. ``title``, ``url`` and ``snippet`` are
    functions of the object (the snippet defaults to the texts of weight B and C); ``public``
    says whether the public search may show it (the admin search also finds the rest).
    ``list_url(q)`` is the list page that shows all hits of this kind ("toon alle"), if any.
    ``touched_by`` maps another model to a function giving the pks of this kind's objects whose
    text changes when an instance of that model is saved or deleted.
    """

    key: str
    label: str
    queryset: Callable
    weights: dict
    title: Callable = str
    url: Callable = attrgetter("get_absolute_url")
    snippet: Callable | None = None
    public: Callable = lambda obj: True  # noqa: E731
    list_url: Callable | None = None
    touched_by: dict = field(default_factory=dict)

    @property
    def model(self):
        return self.queryset().model

    def texts(self, obj, weight):
        return [text for text in (read(obj, source) for source in self.weights.get(weight, ())) if text]

    def entry(self, obj, vocab):
        url = self.url(obj)
        snippet = self.snippet(obj) if self.snippet else " · ".join(self.texts(obj, "B") + self.texts(obj, "C"))
        entry = Entry(
            kind=self.key,
            object_id=obj.pk,
            public=bool(self.public(obj)),
            title=str(self.title(obj))[:300],
            url=(url() if callable(url) else url)[:500],
            text=snippet,
        )
        entry.set_terms({weight: terms(" ".join(self.texts(obj, weight)), vocab) for weight in WEIGHTS})
        return entry


def read(obj, source):
    if callable(source):
        return source(obj) or ""
    for name in source.split("."):
        obj = getattr(obj, name, None)
        if obj is None:
            return ""
    return str(obj)


KINDS = {}
_state = threading.local()


def register(kind):
    KINDS[kind.key] = kind
    model = kind.model
    post_save.connect(_saved, sender=model, dispatch_uid=f"zoeken-{kind.key}-save")
    post_delete.connect(_saved, sender=model, dispatch_uid=f"zoeken-{kind.key}-delete")
    for other in kind.touched_by:
        post_save.connect(_touched, sender=other, dispatch_uid=f"zoeken-{kind.key}-{other.__name__}-save")
        post_delete.connect(_touched, sender=other, dispatch_uid=f"zoeken-{kind.key}-{other.__name__}-delete")
    return kind


def kinds():
    """The registered kinds in the order they were declared (bottom layer first)."""
    return list(KINDS.values())


def _saved(sender, instance, raw=False, **kwargs):
    if raw or getattr(_state, "paused", False):
        return
    for kind in KINDS.values():
        if kind.model is sender:
            refresh(kind, [instance.pk])


def _touched(sender, instance, raw=False, **kwargs):
    if raw or getattr(_state, "paused", False):
        return
    for kind in KINDS.values():
        if sender in kind.touched_by:
            refresh(kind, list(kind.touched_by[sender](instance)))


@contextmanager
def paused():
    """Saves inside do not touch the index; ``reindex()`` afterwards (used by the seed load)."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def _store(kind, objects, vocab):
    entries = [kind.entry(obj, vocab) for obj in objects]
    Entry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["public", "title", "url", "text", "terms_a", "terms_b", "terms_c", "vector", "rank_vector"],
    )
    known = {word[:MAX_WORD] for entry in entries for word in words(f"{entry.title} {entry.text}") if len(word) > 2}
    Word.objects.bulk_create([Word(word=word) for word in sorted(known)], ignore_conflicts=True)
    return [entry.object_id for entry in entries]


@transaction.atomic
def refresh(kind, pks):
    """Bring the rows of these objects up to date (gone or no longer in the queryset: no row)."""
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return
    # The search page shows the index: cached pages must not outlive a change of it.
    bump_on_commit()
    stored = _store(kind, kind.queryset().filter(pk__in=pks), vocabulary())
    Entry.objects.filter(kind=kind.key, object_id__in=pks).exclude(object_id__in=stored).delete()


@transaction.atomic
def reindex(keys=None):
    """Rebuild the index of these kinds (all by default); returns {key: number of rows}."""
    bump_on_commit()
    vocab = vocabulary()
    counts = {}
    for kind in kinds():
        if keys is not None and kind.key not in keys:
            continue
        Entry.objects.filter(kind=kind.key).delete()
        batch, count = [], 0
        for obj in kind.queryset().order_by("pk").iterator(chunk_size=BATCH):
            batch.append(obj)
            if len(batch) == BATCH:
                count += len(_store(kind, batch, vocab))
                batch = []
        count += len(_store(kind, batch, vocab))
        counts[kind.key] = count
    return counts
