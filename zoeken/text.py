"""Dutch text as the search engine reads it: words, stems, compound parts, synonyms, highlights.

Both databases get the same terms from here, so a query behaves the same on SQLite and on
PostgreSQL: the stemmer is Snowball's current Dutch one (snowballstemmer), which takes
"bomen" to "boom", "laadpalen" to "laadpaal" and "renovaties" to "renovatie". PostgreSQL's
built-in ``dutch`` configuration uses the older Dutch Porter stemmer, which keeps each of those
pairs apart; it would make the two databases disagree and miss plurals the officials type.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import snowballstemmer
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

WORD = re.compile(r"[^\W_]+")
# A compound part must be a real word, not a syllable: "bomen" in "klimaatbomen", never "men".
MIN_PART = 4
MIN_REST = 3
# More words than this make no sharper search, only a slower one.
MAX_QUERY_WORDS = 10
SNIPPET_WORDS = 28

_stemmer = snowballstemmer.stemmer("dutch")
STOPWORDS = frozenset(
    line.strip() for line in (Path(__file__).with_name("stopwoorden.txt")).read_text("utf-8").splitlines()
)


def normalize(text):
    """Lower case without accents, whitespace collapsed: "  Coöperatief\\nÉnergie " → "cooperatief energie"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(without_accents.casefold().split())


def words(text):
    """The normalised words of ``text``, one letter or digit alone left out ("auto's" → "auto")."""
    return [word for word in WORD.findall(normalize(text)) if len(word) > 1]


@lru_cache(maxsize=50_000)
def stem(word):
    return _stemmer.stemWord(word)


def read_lines(path):
    """Non-empty lines of a staff-edited file, without # comments; a missing file reads as empty."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The synonym groups and known compound parts, read from the files staff maintain."""

    groups: tuple  # per group: a tuple of phrases, each a tuple of stems
    group_of: dict  # phrase (tuple of stems) → indexes of its groups
    parts: frozenset  # stems that count as a part of a longer word

    @classmethod
    def read(cls, synonyms_path, parts_path):
        groups, group_of = [], {}
        for line in read_lines(synonyms_path):
            phrases = []
            for member in line.split(","):
                phrase = tuple(stem(word) for word in words(member) if word not in STOPWORDS)
                if phrase and phrase not in phrases:
                    phrases.append(phrase)
            if len(phrases) > 1:
                for phrase in phrases:
                    group_of.setdefault(phrase, []).append(len(groups))
                groups.append(tuple(phrases))
        parts = {stem(word) for line in read_lines(parts_path) for word in words(line) if len(word) >= MIN_PART}
        parts |= {phrase[0] for group in groups for phrase in group if len(phrase) == 1 and len(phrase[0]) >= MIN_PART}
        return cls(tuple(groups), group_of, frozenset(parts))

    @lru_cache(maxsize=50_000)  # noqa: B019 - one Vocabulary per process, kept for its lifetime
    def parts_of(self, word):
        """Known words at the start or end of a compound: "klimaatbomen" → {"boom"}, "hemelwaterput" → {"hemel", …}."""
        found = set()
        for cut in range(MIN_REST, len(word) - MIN_PART + 1):
            for part in (word[cut:], word[: len(word) - cut]):
                part_stem = stem(part)
                if part_stem in self.parts:
                    found.add(part_stem)
        found.discard(stem(word))
        return found


@lru_cache(maxsize=1)
def _vocabulary(synonyms_path, parts_path, _mtimes):
    return Vocabulary.read(synonyms_path, parts_path)


def vocabulary():
    """The current vocabulary; an edited synonym file counts from the next search on."""
    paths = (str(settings.ZOEKEN_SYNONIEMEN), str(settings.ZOEKEN_WOORDDELEN))
    mtimes = tuple(Path(path).stat().st_mtime if Path(path).exists() else 0 for path in paths)
    return _vocabulary(*paths, mtimes)


def terms(text, vocabulary):
    """The stored form of a text: its stems in order, then the parts of its compounds.

    Parts go last so that a phrase ("gedeelde mobiliteit") still finds its words side by side.
    """
    stems, parts = [], []
    for word in words(text):
        if word in STOPWORDS:
            continue
        stems.append(stem(word))
        parts.extend(sorted(vocabulary.parts_of(word)))
    return " ".join(stems + parts)


@dataclass(frozen=True)
class Query:
    """What was asked: per word (or synonym phrase) the phrases that answer it, all to be found."""

    text: str
    units: tuple  # per unit: a tuple of phrases (tuples of stems); a hit has one phrase of every unit
    words: tuple  # the normalised words as typed, for suggestions
    cut: bool = False  # more words were typed than MAX_QUERY_WORDS

    def __bool__(self):
        return bool(self.units)

    @cached_property
    def stems(self):
        """Every stem that counts as a hit, to highlight."""
        return frozenset(s for unit in self.units for phrase in unit for s in phrase)

    @classmethod
    def parse(cls, text, vocabulary):
        typed = [word for word in words(text) if word not in STOPWORDS]
        cut = len(typed) > MAX_QUERY_WORDS
        typed = typed[:MAX_QUERY_WORDS]
        stems = [stem(word) for word in typed]
        units, index = [], 0
        while index < len(stems):
            # The longest synonym phrase that starts here ("gedeelde mobiliteit" before "gedeelde").
            for length in (3, 2, 1):
                phrase = tuple(stems[index : index + length])
                if len(phrase) == length and (length == 1 or phrase in vocabulary.group_of):
                    break
            alternatives = [phrase]
            for group in vocabulary.group_of.get(phrase, ()):
                alternatives += [other for other in vocabulary.groups[group] if other not in alternatives]
            if tuple(alternatives) not in units:
                units.append(tuple(alternatives))
            index += len(phrase)
        return cls(text, tuple(units), tuple(typed), cut)


def highlight(text, query, vocabulary, limit=None):
    """``text`` escaped, the words that answer ``query`` in <mark>; cut to ``limit`` words around the first hit."""
    matches = list(WORD.finditer(text))
    start, end = 0, len(matches)
    if limit is not None and len(matches) > limit:
        first = next((i for i, match in enumerate(matches) if _is_hit(match.group(), query, vocabulary)), 0)
        start = max(0, min(first - limit // 3, len(matches) - limit))
        end = start + limit
    pieces = ["… " if start > 0 else ""]
    position = matches[start].start() if matches and start > 0 else 0
    for match in matches[start:end]:
        pieces.append(conditional_escape(text[position : match.start()]))
        word = conditional_escape(match.group())
        pieces.append(f"<mark>{word}</mark>" if _is_hit(match.group(), query, vocabulary) else word)
        position = match.end()
    if end < len(matches):
        pieces.append(" …")
    else:
        pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(pieces).strip())  # noqa: S308 - every piece of the text is escaped above


@lru_cache(maxsize=50_000)
def _normalized(raw_word):
    return normalize(raw_word)


def _is_hit(raw_word, query, vocabulary):
    word = _normalized(raw_word)
    if len(word) < 2 or word in STOPWORDS:
        return False
    stems = query.stems
    return stem(word) in stems or bool(vocabulary.parts_of(word) & stems)
