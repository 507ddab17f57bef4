"""One search over every registered kind, as a page shows it: groups, counts, snippets, a suggestion.

The grouped search is two SQL queries whatever the number of hits: in the first a window function
numbers the hits of each kind by rank and counts them, and only the first ``cap`` of each kind
leave the database; the second reads their texts. A suggestion ("Bedoelde je …?") costs one query
more, and showing its hits two more.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from zoeken.models import Entry, Word
from zoeken.registry import KINDS, kinds
from zoeken.text import SNIPPET_WORDS, Query, highlight, vocabulary

# Fewer hits than this and the page also offers a spelling suggestion.
FEW = 3


@dataclass
class Hit:
    title: str  # HTML, the matched words in <mark>
    snippet: str  # HTML
    url: str


@dataclass
class Group:
    key: str
    label: str
    total: int
    hits: list
    list_url: str | None = None


@dataclass
class Outcome:
    query: Query
    groups: list = field(default_factory=list)
    suggestion: str = ""  # a better spelled query, if one was found
    showing_suggestion: bool = False  # nothing matched the query: the groups answer the suggestion

    @property
    def total(self):
        return sum(group.total for group in self.groups)


def parse(text):
    return Query.parse(text, vocabulary())


def hits(entries, query):
    vocab = vocabulary()
    return [
        Hit(highlight(entry.title, query, vocab), highlight(entry.text, query, vocab, SNIPPET_WORDS), entry.url)
        for entry in entries
    ]


def grouped(query, cap):
    """Per kind with hits, best kind first: its total and its ``cap`` best hits."""
    if not query:
        return []
    # Narrow rows through the window (no long texts to sort), then the texts of the few shown.
    ranked = list(
        Entry.objects.public()
        .filter(kind__in=list(KINDS))
        .matching(query)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("rank").desc(), F("pk")]),
            total=Window(Count("pk"), partition_by=[F("kind")]),
        )
        .filter(position__lte=cap)
        .values("pk", "kind", "rank", "total", "position")
    )
    texts = Entry.objects.only("title", "url", "text").in_bulk([row["pk"] for row in ranked])
    entries = []
    for row in sorted(ranked, key=lambda row: (row["kind"], row["position"])):
        entry = texts[row["pk"]]
        entry.kind, entry.rank, entry.total = row["kind"], row["rank"], row["total"]
        entries.append(entry)
    order = {kind.key: index for index, kind in enumerate(kinds())}
    best = {}
    for entry in entries:
        best.setdefault(entry.kind, []).append(entry)
    groups = []
    for key, its_entries in sorted(best.items(), key=lambda item: (-item[1][0].rank, order[item[0]])):
        kind = KINDS[key]
        list_url = kind.list_url(query.text) if kind.list_url else None
        groups.append(Group(key, kind.label, its_entries[0].total, hits(its_entries, query), list_url))
    return groups


def search(text, cap):
    """The page's answer to ``text``: grouped hits, and a suggestion when little matched."""
    query = parse(text)
    outcome = Outcome(query, grouped(query, cap))
    if query and outcome.total < FEW:
        found = Word.objects.suggestions(query.words)
        corrected = [found.get(word, word) for word in query.words]
        if corrected != list(query.words):
            outcome.suggestion = " ".join(corrected)
            if not outcome.groups:
                outcome.groups = grouped(parse(outcome.suggestion), cap)
                outcome.showing_suggestion = bool(outcome.groups)
    return outcome
