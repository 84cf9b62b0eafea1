"""The sellers' word search over their customer requests: the buyer, the product, the
order and the first message. On PostgreSQL a full-text search (migration 0002: accents
dropped, word forms and beginnings found, every word must appear); elsewhere (SQLite, the
local run) each word is looked for as a piece of text."""

import re

from django.contrib.postgres.search import SearchVectorField
from django.db import connections
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce

from cases.search import SellerWords

SEARCH_CONFIG = "customers_search"
MAX_SEARCH_WORDS = 8
WORD = re.compile(r"\w+")
TEXT_FIELDS = ("external_id", "buyer_name", "order_number", "product_sku", "product_title")


def matching(queryset: QuerySet, text: str, *, seller_id: int, indexed: bool = True) -> QuerySet:
    """The requests of `queryset` (the seller's) with every word of `text`. On PostgreSQL
    the words are looked up among the seller's own (each carries the seller's id:
    migration 0004), as in the cases' search.

    With `indexed=False` the words are checked on each request the list reads, not looked
    up in the index: for a short list (the waiting requests of even the largest seller
    are a few hundred) reading it in its order is ~1 ms, where the index first gathers
    every request of the seller with a common word (13,748 with "cafetera": 5–8 ms)."""
    words = WORD.findall(text.replace("_", " "))[:MAX_SEARCH_WORDS]
    if not words:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        for word in words:
            either = Q(summary__icontains=word)
            for field in TEXT_FIELDS:
                either |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(either)
        return queryset
    query = " & ".join(f"{word}:*" for word in words)
    words_query = SellerWords(query, seller_id=seller_id, config=SEARCH_CONFIG)
    if not indexed:
        # An expression of the column, not the column: no index matches it.
        checked = Coalesce("search_document", Value("", output_field=SearchVectorField()))
        return queryset.alias(words_checked=checked).filter(words_checked=words_query)
    return queryset.filter(search_document=words_query)
