"""The sellers' word search over their customer requests: the buyer, the product, the
order and the first message. On PostgreSQL a full-text search (migration 0002: accents
dropped, word forms and beginnings found, every word must appear); elsewhere (SQLite, the
local run) each word is looked for as a piece of text."""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Q, QuerySet

SEARCH_CONFIG = "customers_search"
MAX_SEARCH_WORDS = 8
WORD = re.compile(r"\w+")
TEXT_FIELDS = ("external_id", "buyer_name", "order_number", "product_sku", "product_title")


def matching(queryset: QuerySet, text: str) -> QuerySet:
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
        search_document=SearchQuery(query, search_type="raw", config=SEARCH_CONFIG)
    )
