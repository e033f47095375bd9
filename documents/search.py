"""Searching documents by title and text, with Lithuanian-friendly matching on both databases.

Every document keeps `search_text`: its title, type and newest in-app text, lower-cased and with diacritics
removed (ą→a, č→c, ė→e …). A query is folded the same way, so "skundu" and "skundų" find the same documents, and
nothing depends on PostgreSQL's unaccent extension being installed.

- PostgreSQL: full-text search over that column with the "simple" configuration (PostgreSQL has no Lithuanian
  stemmer) and prefix matching of every word, ranked — "skund" finds "skundų", "skundas", "skundai".
- SQLite (and anything else): every word must occur in the column (LIKE), which also matches inside words.
"""

import re
import unicodedata

from django.db import connections

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text):
    """Lower case without diacritics: the form both the column and the query are compared in."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words(query):
    return _WORD.findall(fold(query))[:12]


def document_search_text(document, body=""):
    parts = [document.title, document.type.name_lt, document.type.name_en, body or ""]
    return fold("\n".join(parts))


def search(queryset, query):
    terms = words(query)
    if not terms:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("search_text", config="simple")
        # Words are \w+ only, so the raw tsquery cannot be malformed.
        tsquery = SearchQuery(" & ".join(f"{t}:*" for t in terms), config="simple", search_type="raw")
        return (
            queryset.annotate(search_vector=vector, search_rank=SearchRank(vector, tsquery))
            .filter(search_vector=tsquery)
            .order_by("-search_rank", "type__order", "title")
        )
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset
