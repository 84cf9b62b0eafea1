"""The sellers' word search over their customer requests: the buyer, the product, the
order and the first message. On PostgreSQL a full-text search (migration 0002: accents
dropped, word forms and beginnings found, every word must appear); elsewhere (SQLite, the
local run) each word is looked for as a piece of text."""

import re

from django.db import connections
from django.db.models import Q, QuerySet

from cases.search import SellerWords

SEARCH_CONFIG = "customers_search"
MAX_SEARCH_WORDS = 8
WORD = re.compile(r"\w+")
TEXT_FIELDS = ("external_id", "buyer_name", "order_number", "product_sku", "product_title")


def matching(queryset: QuerySet, text: str, *, seller_id: int) -> QuerySet:
    """The requests of `queryset` (the seller's) with every word of `text`. On PostgreSQL
    the words are looked up among the seller's own (each carries the seller's id:
    migration 0004), as in the cases' search."""
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
    return queryset.filter(
        search_document=SellerWords(query, seller_id=seller_id, config=SEARCH_CONFIG)
    )
