"""One search over every registered kind, as a page shows it: groups, counts, snippets, a suggestion.

The grouped search is two SQL queries whatever the number of hits: the first brings the pk and
rank of at most ``COUNTED + 1`` best hits of each kind (EntryQuerySet.best_per_kind), which gives
both the order and the count ("meer dan 200" past that); the second reads the texts of the few
shown. Counting every hit of a broad word ("subsidie": thousands) would cost more than the whole
rest of the page, and nobody reads past 200. A suggestion ("Bedoelde je …?") costs one query
more, and showing its hits two more.
"""

from dataclasses import dataclass, field

from zoeken.models import Entry, Word
from zoeken.registry import KINDS, kinds
from zoeken.text import SNIPPET_WORDS, Query, highlight, vocabulary

# Fewer hits than this and the page also offers a spelling suggestion.
FEW = 3
# Hits counted per kind; past this a group says "meer dan 200".
COUNTED = 200


@dataclass
class Hit:
    title: str  # HTML, the matched words in <mark>
    snippet: str  # HTML
    url: str


@dataclass
class Group:
    key: str
    label: str
    total: int  # at most COUNTED when ``capped``
    hits: list
    list_url: str | None = None
    capped: bool = False  # more than ``total`` hits


@dataclass
class Outcome:
    query: Query
    groups: list = field(default_factory=list)
    suggestion: str = ""  # a better spelled query, if one was found
    showing_suggestion: bool = False  # nothing matched the query: the groups answer the suggestion

    @property
    def total(self):
        return sum(group.total for group in self.groups)

    @property
    def capped(self):
        return any(group.capped for group in self.groups)


def parse(text):
    return Query.parse(text, vocabulary())


def hits(entries, query):
    vocab = vocabulary()
    return [
        Hit(highlight(entry.title, query, vocab), highlight(entry.text, query, vocab, SNIPPET_WORDS), entry.url)
        for entry in entries
    ]


def grouped(query, cap):
    """Per kind with hits, best kind first: its total (up to COUNTED) and its ``cap`` best hits."""
    if not query:
        return []
    ranked = {}
    rows = Entry.objects.public().matching(query).best_per_kind(list(KINDS), COUNTED + 1)
    for pk, key, rank in sorted(rows, key=lambda row: (-row[2], row[0])):
        ranked.setdefault(key, []).append((pk, rank))
    texts = Entry.objects.only("title", "url", "text").in_bulk([pk for best in ranked.values() for pk, _ in best[:cap]])
    order = {kind.key: index for index, kind in enumerate(kinds())}
    groups = []
    for key, best in sorted(ranked.items(), key=lambda item: (-item[1][0][1], order[item[0]])):
        kind = KINDS[key]
        list_url = kind.list_url(query.text) if kind.list_url else None
        shown = [texts[pk] for pk, _rank in best[:cap]]
        total, capped = min(len(best), COUNTED), len(best) > COUNTED
        groups.append(Group(key, kind.label, total, hits(shown, query), list_url, capped))
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
