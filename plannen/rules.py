"""Keyword rules that *suggest* werven for an action; a person confirms or rejects each suggestion.

One entry per werf: word beginnings looked for in the action's normalised text (lower case,
no accents, as ``zoeken.text.normalize`` makes it). A rule only suggests: "groenplan" also
matches a plan about something else, and a confirmed tag comes from a person (the admin, or the
curated fixtures/plan-leuven-werven.toml), never from these words.
"""

import re

from zoeken.text import normalize

WERF_KEYWORDS = {
    # 1 "Laten we een boom opzetten": trees, hedges, facade gardens, nature green.
    1: (
        "boom",
        "bomen",
        "haag",
        "hagen",
        "geveltuin",
        "vergroen",
        "groenplan",
        "bebossing",
        "bos ",
        "bossen",
        "natuurontwikkeling",
        "natuurgebied",
        "groenzone",
        "groene ruimte",
        "hoogstam",
        "plantsoen",
        "buurtpark",
    ),
    # 2 "Verrijk je wijk": energy renovation and cooperative renewable energy.
    2: (
        "renovat",
        "renover",
        "isolat",
        "isoler",
        "energiezuinig",
        "energiebespar",
        "energieprestatie",
        "energielening",
        "zonnepane",
        "zonne-energie",
        "warmtepomp",
        "warmtenet",
        "hernieuwbare energie",
        "energiecooperatie",
        "burgercooperatie",
        "energiegemeenschap",
        "energiedelen",
        "windturbine",
    ),
    # 3 "Elke buurt deelt": shared mobility, charging points, bike paths.
    3: (
        "deelmobiliteit",
        "autodelen",
        "autodeel",
        "deelauto",
        "deelwagen",
        "deelfiets",
        "fietsdelen",
        "deelbakfiets",
        "mobipunt",
        "laadpunt",
        "laadpal",
        "laadinfrastructuur",
        "fietspad",
        "fietssnelweg",
        "fietsroute",
        "fietsnetwerk",
        "fietsinfrastructuur",
        "fietsstra",
        "fietsverbinding",
    ),
    # 4 "Water is het nieuwe goud": unpaving, rainwater capture and infiltration.
    4: (
        "onthard",
        "regenwater",
        "hemelwater",
        "infiltr",
        "wadi",
        "waterbuffer",
        "buffering",
        "groendak",
        "regenton",
        "waterput",
        "waterdoorlatend",
    ),
}

# A keyword of seven letters or more also matches inside a compound ("energierenovatie",
# "regenwaterput"); a shorter one only at the start of a word ("boom" in "boomgaard", not in
# "slagboom"), and "bos " only as a word of its own, so "Bosnië" and "embossing" do not count.
MIN_INSIDE = 7
_PATTERNS = {
    werf: re.compile(
        "|".join(re.escape(word) if len(word) >= MIN_INSIDE else rf"(?<![a-z]){re.escape(word)}" for word in words)
    )
    for werf, words in WERF_KEYWORDS.items()
}


def suggested_werven(text):
    """The werf numbers whose keywords occur in ``text``, in order."""
    normalised = normalize(text) + " "
    return [werf for werf in WERF_KEYWORDS if _PATTERNS[werf].search(normalised)]
