"""The search index: one row per searchable object, whatever its kind, kept by zoeken.registry.

Every row holds the stemmed terms of its object in three weights (A: title and names, B: the
short texts, C: the rest). On PostgreSQL they also form a stored tsvector with a GIN index
(created by the migration, on PostgreSQL only), and hits are ranked with ts_rank on a second,
small vector of weights A and B; on SQLite a word is
found with LIKE over the space-separated terms and the rank counts where it was found.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When

WEIGHTS = ("A", "B", "C")
# On SQLite: how much a hit in each weight counts, in the proportions of PostgreSQL's ts_rank.
SQLITE_WEIGHT = {"A": 10, "B": 4, "C": 2}
# The stems are already Dutch: PostgreSQL only splits them at the spaces.
TS_CONFIG = "simple"
SUGGESTION_SIMILARITY = 0.35
TYPED_BONUS = 0.1


def tsquery(units):
    """``(laadpaal | laadpunt | gedeeld <-> mobiliteit) & subsidie`` from the units of a zoeken.text.Query.

    A stem holds letters and digits only (zoeken.text.WORD), so nothing in it means anything to
    to_tsquery.
    """
    return " & ".join("(" + " | ".join(" <-> ".join(phrase) for phrase in unit) + ")" for unit in units)


def as_typed(query):
    """The units with only the words as typed, without their synonyms: a hit on those ranks higher."""
    return [unit[:1] for unit in query.units]


class EntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public=True)

    def matching(self, query):
        """Rows with one phrase of every unit of ``query``, annotated with ``rank`` (higher is better)."""
        if not query:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            search_query = SearchQuery(tsquery(query.units), search_type="raw", config=TS_CONFIG)
            typed_query = SearchQuery(tsquery(as_typed(query)), search_type="raw", config=TS_CONFIG)
            # The words as typed weigh more than their synonyms; a test in the small vector is cheap.
            typed_bonus = Case(When(Q(rank_vector=typed_query), then=Value(TYPED_BONUS)), default=Value(0.0))
            rank = SearchRank(F("rank_vector"), search_query) + typed_bonus
            return self.filter(vector=search_query).annotate(rank=rank)
        matches, rank = Q(), Value(0)
        for unit in query.units:
            matches &= self._sqlite_unit(unit)
            rank = rank + self._sqlite_rank(unit) + self._sqlite_rank(unit[:1])
        return self.filter(matches).annotate(rank=rank)

    @staticmethod
    def _sqlite_weights(unit):
        return {
            weight: Q.create([(f"terms_{weight.lower()}__contains", f" {' '.join(p)} ") for p in unit], Q.OR)
            for weight in WEIGHTS
        }

    def _sqlite_unit(self, unit):
        return Q.create(list(self._sqlite_weights(unit).values()), Q.OR)

    def _sqlite_rank(self, unit):
        per_weight = self._sqlite_weights(unit)
        return Case(*(When(q, then=Value(SQLITE_WEIGHT[w])) for w, q in per_weight.items()), default=Value(0))

    def set_vectors(self):
        """Compute the stored tsvectors of these rows from their terms (PostgreSQL only)."""
        if connections[self.db].vendor == "postgresql":
            parts = [SearchVector(f"terms_{weight.lower()}", weight=weight, config=TS_CONFIG) for weight in WEIGHTS]
            # The vectors hold the terms from now on: emptied, they no longer widen every row
            # that a search reads (a refresh or reindex computes them again).
            emptied = {f"terms_{weight.lower()}": Value("") for weight in WEIGHTS}
            self.update(vector=parts[0] + parts[1] + parts[2], rank_vector=parts[0] + parts[1], **emptied)


class Entry(models.Model):
    kind = models.CharField("soort", max_length=40)
    object_id = models.PositiveBigIntegerField("object")
    public = models.BooleanField("publiek", default=True)
    title = models.CharField("titel", max_length=300)
    url = models.CharField("adres", max_length=500)
    text = models.TextField("tekst voor het fragment", blank=True)
    # " "-padded, so " boom " is a whole term on SQLite; on PostgreSQL only until set_vectors().
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
