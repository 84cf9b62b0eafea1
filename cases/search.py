"""The sellers' word search over the subject and description of their cases.

On PostgreSQL it is a full-text search: the words a seller types are looked up in the
words of each case (its search document, kept by a trigger, and indexed per seller and
tray: migrations 0008 and 0021), so it finds a word however it is written:
without accents ("devolucion" finds "Devolución"), in the plural or another form of the
same word ("etiquetas" finds "etiqueta"), or only its beginning ("factu" finds
"facturación"). Every word typed must appear.

Each word of a document carries its seller's id (`1234.etiquet`, migration 0021) and a
search asks for the seller's own words (`'1234.etiquet':*`): the index's list for a word
then holds only that seller's cases, not every seller's (docs/benchmarks.md).

Elsewhere (SQLite, the local run) each word is looked for as a piece of text.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Q, QuerySet

# A copy of PostgreSQL's Spanish configuration that drops accents before stemming
# (created by migration 0008): the documents are made with it, and so are the queries.
SEARCH_CONFIG = "cases_search"
MAX_SEARCH_WORDS = 8
# The letters and digits of a word: tsquery's operators (& | ! : * ( ) < >) never pass.
WORD = re.compile(r"\w+")
# A case number as typed: ASCII digits only. Not str.isdigit(), which is true for "²"
# (int() refuses it), nor \d, which takes "١٢٣" and other scripts' digits.
CASE_NUMBER = re.compile(r"[0-9]+")


def case_number(text: str) -> int | None:
    """The case number `text` is (around its spaces), or None when it is words."""
    text = text.strip()
    return int(text) if CASE_NUMBER.fullmatch(text) else None


def words_of(text: str) -> list[str]:
    return WORD.findall(text.replace("_", " "))[:MAX_SEARCH_WORDS]


class SellerWords(SearchQuery):
    """A tsquery of `query`'s words as the seller's documents hold them: PostgreSQL's
    to_tsquery stems them ('etiquet':*), and each lexeme gets the seller's id in front
    ('1234.etiquet':*). Lexemes are letters and digits only (WORD), so the quotes found
    are to_tsquery's own."""

    def __init__(self, query: str, *, seller_id: int):
        super().__init__(query, search_type="raw", config=SEARCH_CONFIG)
        self.query, self.seller_id = query, int(seller_id)

    def as_sql(self, compiler, connection, **extra):
        sql = "regexp_replace(to_tsquery(%s::regconfig, %s)::text, %s, %s, 'g')::tsquery"
        return sql, [SEARCH_CONFIG, self.query, "'([^']+)'", f"'{self.seller_id}.\\1'"]


def matching(queryset: QuerySet, text: str, *, seller_id: int) -> QuerySet:
    """The cases of `queryset` (the seller's) whose subject or description has every word
    of `text`."""
    words = words_of(text)
    if not words:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        for word in words:
            queryset = queryset.filter(Q(subject__icontains=word) | Q(description__icontains=word))
        return queryset
    # Each word, or a word it begins: "etiq:* & chilexpress:*".
    query = " & ".join(f"{word}:*" for word in words)
    return queryset.filter(search_document=SellerWords(query, seller_id=seller_id))
