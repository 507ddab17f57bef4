"""The search index: one row per searchable object, whatever its kind, kept by zoeken.registry.

Every row holds the stemmed terms of its object in three weights (A: title and names, B: the
short texts, C: the rest). On PostgreSQL they are a stored tsvector, written out in Python when
the row is made (no second UPDATE pass), with a GIN index on (kind, vector) (created by the
migrations, on PostgreSQL only); hits are ranked with ts_rank on a second, small vector of
weights A and B. On SQLite the terms are kept as " "-padded text, a word is found with LIKE and
the rank counts where it was found.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, connections, models
from django.db.models import Case, F, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from zoeken.text import Query, vocabulary

WEIGHTS = ("A", "B", "C")
# On SQLite: how much a hit in each weight counts, in the proportions of PostgreSQL's ts_rank.
SQLITE_WEIGHT = {"A": 10, "B": 4, "C": 2}
# The stems are already Dutch: PostgreSQL only splits them at the spaces.
SUGGESTION_SIMILARITY = 0.35
TYPED_BONUS = 0.1
# PostgreSQL's limits for a tsvector: a lexeme of at most 2,047 bytes, positions up to 16,383 and
# at most 256 positions per lexeme (it would drop the rest itself; a longer lexeme is an error).
MAX_LEXEME_BYTES = 2047
MAX_POSITION = 16383
MAX_POSITIONS = 255


def _lexeme(stem, weights, prefix=False):
    # A stem holds letters and digits only (zoeken.text.WORD): quoted, nothing in it means
    # anything to the tsquery parser. One over PostgreSQL's length limit would be an error; cut,
    # it still finds nothing, as the vectors leave such words out (tsvector()).
    stem = stem.encode()[:MAX_LEXEME_BYTES].decode(errors="ignore")
    return f"'{stem}'" + (":*" if prefix else "") + ("" if weights is None else "".join(weights))


def tsquery(units, weights=None, prefix=False):
    """``('laadpaal' | 'laadpunt' | 'gedeeld' <-> 'mobiliteit') & 'subsidie'`` from the units of a zoeken.text.Query.

    Written out and cast (``::tsquery``), not parsed by to_tsquery: the stems come from Python, as
    those of the stored vectors, so nothing may split or change them on the way. ``weights``
    ("A") keeps a hit to those weights; ``prefix`` lets a one-word phrase match the start of a stem.
    """
    return " & ".join(
        "("
        + " | ".join(
            " <-> ".join(_lexeme(stem, weights, prefix and len(phrase) == 1) for stem in phrase) for phrase in unit
        )
        + ")"
        for unit in units
    )


def tsvector(terms_per_weight, weights=WEIGHTS):
    """The tsvector literal of terms per weight, as to_tsvector('simple', …) with setweight and || would make it.

    Positions run on over the weights, so a phrase may not be split by a weight's end. Built in
    Python, so indexing needs no UPDATE of every row afterwards.
    """
    positions, position = {}, 0
    for weight in WEIGHTS:
        for term in terms_per_weight.get(weight, "").split():
            position += 1
            if weight in weights and len(term.encode()) <= MAX_LEXEME_BYTES:
                found = positions.setdefault(term, [])
                if len(found) < MAX_POSITIONS:
                    found.append(f"{min(position, MAX_POSITION)}{weight}")
    return " ".join(f"'{term}':{','.join(found)}" for term, found in positions.items())


class LiteralQuery(SearchQuery):
    """A tsquery as written out by ``tsquery()``, cast instead of parsed."""

    template = "%(expressions)s::tsquery"


def as_typed(query):
    """The units with only the words as typed, without their synonyms: a hit on those ranks higher."""
    return [unit[:1] for unit in query.units]


class EntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public=True)

    def matching(self, query, weights=WEIGHTS, prefix=False):
        """Rows with one phrase of every unit of ``query``, annotated with ``rank`` (higher is better).

        ``weights`` ("A": names only) limits where a word may be found; with ``prefix`` a one-word
        phrase also finds the words it begins ("turnh" finds Turnhout).
        """
        if not query:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            only = None if tuple(weights) == WEIGHTS else weights
            search_query = LiteralQuery(tsquery(query.units, only, prefix))
            typed_query = LiteralQuery(tsquery(as_typed(query), only, prefix))
            # The words as typed weigh more than their synonyms; a test in the small vector is cheap.
            typed_bonus = Case(When(Q(rank_vector=typed_query), then=Value(TYPED_BONUS)), default=Value(0.0))
            rank = SearchRank(F("rank_vector"), search_query) + typed_bonus
            return self.filter(vector=search_query).annotate(rank=rank)
        matches, rank = Q(), Value(0)
        for unit in query.units:
            per_weight = self._sqlite_weights(unit, weights, prefix)
            matches &= Q.create(list(per_weight.values()), Q.OR)
            typed = self._sqlite_weights(unit[:1], weights, prefix)
            rank = rank + self._sqlite_rank(per_weight) + self._sqlite_rank(typed)
        return self.filter(matches).annotate(rank=rank)

    @staticmethod
    def _sqlite_weights(unit, weights, prefix):
        def pattern(phrase):
            return f" {' '.join(phrase)}" + ("" if prefix and len(phrase) == 1 else " ")

        return {
            weight: Q.create([(f"terms_{weight.lower()}__contains", pattern(phrase)) for phrase in unit], Q.OR)
            for weight in weights
        }

    @staticmethod
    def _sqlite_rank(per_weight):
        return Case(*(When(q, then=Value(SQLITE_WEIGHT[w])) for w, q in per_weight.items()), default=Value(0))

    def best_per_kind(self, keys, cap):
        """(pk, kind, rank) of the ``cap`` best rows of each kind, for rows annotated by ``matching()``.

        One query. On PostgreSQL one ranked, limited query per kind, joined LATERAL to the list of
        kinds: each uses the GIN index on (kind, vector) and keeps only its ``cap`` best rows in a
        top-N sort, where a window over every hit sorts all of them (thousands for "subsidie").
        The per-kind query is compiled once (a UNION ALL of eight Django querysets took longer to
        compile than to run). SQLite has no LATERAL and numbers the hits with a window instead.
        """
        order = [F("rank").desc(), F("pk")]
        if connections[self.db].vendor == "postgresql":
            per_kind = self.filter(kind=RawSQL("kinds.kind", ())).order_by(*order).values_list("pk", "kind", "rank")
            sql, params = per_kind[:cap].query.sql_with_params()
            with connections[self.db].cursor() as cursor:
                cursor.execute(
                    f"SELECT ranked.* FROM unnest(%s::varchar[]) AS kinds(kind) CROSS JOIN LATERAL ({sql}) AS ranked",
                    [list(keys), *params],
                )
                return cursor.fetchall()
        numbered = self.filter(kind__in=keys).annotate(
            position=Window(RowNumber(), partition_by=[F("kind")], order_by=order)
        )
        return list(numbered.filter(position__lte=cap).values_list("pk", "kind", "rank"))


class Entry(models.Model):
    kind = models.CharField("soort", max_length=40)
    object_id = models.PositiveBigIntegerField("object")
    public = models.BooleanField("publiek", default=True)
    title = models.CharField("titel", max_length=300)
    url = models.CharField("adres", max_length=500)
    text = models.TextField("tekst voor het fragment", blank=True)
    # " "-padded, so " boom " is a whole term; SQLite only (PostgreSQL keeps them in the vectors).
    terms_a = models.TextField(blank=True)
    terms_b = models.TextField(blank=True)
    terms_c = models.TextField(blank=True)
    vector = SearchVectorField(null=True)
    # Titles and short texts only: small enough to stay in the row, so ranking thousands of hits
    # does not read every long text from TOAST storage. A hit in the long text alone ranks last.
    rank_vector = SearchVectorField(null=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "zoekindexregel"
        verbose_name_plural = "zoekindex"
        ordering = ["kind", "title", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="zoeken_entry_unique_object")]

    def __str__(self):
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self):
        return self.url

    def set_terms(self, terms_per_weight):
        """Store the terms ({"A": "laadpaal subsidie", …}) as this database searches them."""
        if connection.vendor == "postgresql":
            self.vector = tsvector(terms_per_weight)
            self.rank_vector = tsvector(terms_per_weight, ("A", "B"))
        else:
            for weight in WEIGHTS:
                setattr(self, f"terms_{weight.lower()}", f" {terms_per_weight.get(weight, '')} ")


class SearchableQuerySet(models.QuerySet):
    """The QuerySet of a model with a kind in the index: ``search(text)`` as the site-wide search reads it.

    A text without a word to search for (only punctuation or stop words) filters nothing.
    ``search_weights`` and ``search_prefix`` are passed to ``EntryQuerySet.matching``.
    """

    search_kind = ""
    search_weights = WEIGHTS
    search_prefix = False

    def search(self, text):
        query = Query.parse(text, vocabulary())
        if not query:
            return self
        entries = Entry.objects.filter(kind=self.search_kind).matching(query, self.search_weights, self.search_prefix)
        return self.filter(pk__in=entries.values("object_id"))


class WordQuerySet(models.QuerySet):
    def suggestions(self, typed):
        """For each typed word the closest known word (trigram similarity), on PostgreSQL; else {}.

        One query for all words. A word that is known itself is its own suggestion.
        """
        if not typed or connections[self.db].vendor != "postgresql":
            return {}
        table = self.model._meta.db_table
        sql = (
            f"SELECT q.w, (SELECT s.word FROM {table} s WHERE s.word %% q.w AND similarity(s.word, q.w) >= %s "
            "ORDER BY s.word = q.w DESC, similarity(s.word, q.w) DESC, s.word LIMIT 1) "
            "FROM unnest(%s::text[]) AS q(w)"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [SUGGESTION_SIMILARITY, list(typed)])
            return {typed_word: found for typed_word, found in cursor.fetchall() if found}


class Word(models.Model):
    """A word that occurs in the index, for "Bedoelde je …?" (a GIN trigram index on PostgreSQL)."""

    word = models.CharField("woord", max_length=100, unique=True)

    objects = WordQuerySet.as_manager()

    class Meta:
        verbose_name = "woord"
        verbose_name_plural = "woorden"
        ordering = ["word"]

    def __str__(self):
        return self.word
