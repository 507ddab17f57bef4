"""Accent- and case-insensitive text search that behaves the same on SQLite and PostgreSQL.

SQLite has no unaccent, so each offer keeps a normalised copy of its searchable text and the
query is normalised the same way: "cooperatief" then finds "coöperatief".
"""

import unicodedata


def normalize(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(without_accents.casefold().split())
