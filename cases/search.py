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

The agents' search (`agent_matching`, the admin's case list) looks every seller's cases
up: by number, by seller, or in a document of their own with the answers' words too.

A trays' search sorted by creation date (their default), narrowed by status and dates
only, reads its page and its length from the words' B-tree instead (`WordQuery`,
`seller_word_page`: CaseWord, migration 0034): the seller's cases with each word's
beginning, with their status and date, in the index itself. The GIN index answers the
rest (another order, a reason filter, a word that is more than one lexeme).

Elsewhere (SQLite, the local run) each word is looked for as a piece of text.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Q, QuerySet

from accounts.models import Seller

# A copy of PostgreSQL's Spanish configuration that drops accents before stemming
# (created by migration 0008): the documents are made with it, and so are the queries.
SEARCH_CONFIG = "cases_search"
MAX_SEARCH_WORDS = 8
# A piece of a name found in more sellers than this ("tienda") says little: the agents'
# search takes the first ones.
MAX_SEARCH_SELLERS = 200
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

    def __init__(self, query: str, *, seller_id: int, config: str = SEARCH_CONFIG):
        super().__init__(query, search_type="raw", config=config)
        self.query, self.seller_id, self.search_config = query, int(seller_id), config

    def as_sql(self, compiler, connection, **extra):
        sql = "regexp_replace(to_tsquery(%s::regconfig, %s)::text, %s, %s, 'g')::tsquery"
        return sql, [self.search_config, self.query, "'([^']+)'", f"'{self.seller_id}.\\1'"]


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


# After every character a lexeme holds, byte by byte: [stem, stem + this) is every word
# that begins with the stem (the words compare in the "C" collation).
LAST_CHARACTER = "\U0010ffff"
LEXEME_PREFIX = re.compile(r"'([^']+)':\*")


def stems_of(words: list[str], *, using: str = "default") -> list[str] | None:
    """Each typed word as the documents hold it ("etiquetas" → "etiquet"), the way
    to_tsquery makes it, stop words left out as to_tsquery leaves them; None when a word
    makes more than one lexeme (the GIN search then, which knows how to combine them)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT to_tsquery(%s::regconfig, t.word || ':*')::text "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS t(word, n) ORDER BY t.n",
            [SEARCH_CONFIG, words],
        )
        queries = [text for (text,) in cursor.fetchall()]
    stems = []
    for text in queries:
        if not text:
            continue  # a stop word
        found = LEXEME_PREFIX.fullmatch(text)
        if found is None:
            return None
        stems.append(found[1])
    return stems


@dataclass(frozen=True)
class WordQuery:
    """A seller's word search in a tray, answered by the words' index (CaseWord): the
    words' stems (all must begin a word of the case), the statuses listed (None: every
    one, as "Todos"), the creation dates [since, until) and the direction of the
    creation-date order."""

    seller_id: int
    stems: tuple[str, ...]
    statuses: tuple[str, ...] | None
    since: datetime | None = None
    until: datetime | None = None
    newest_first: bool = True
    using: str = "default"


def seller_word_page(
    query: WordQuery, *, offset: int, limit: int, page_size: int | None = None
) -> tuple[list[int], int, int]:
    """The ids of the matching cases [start:start + limit] in the tray's order, how many
    match, and `start`: `offset`, or with `page_size`, when `offset` is past the end, the
    start of the last page (the page a paginator shows then: one query, not two). One
    index-only pass per word over the seller's cases with that word's beginning
    (migration 0034); a case matches when every word found it."""
    if not query.stems:
        return [], 0, 0  # stop words only: to_tsquery's empty query matches nothing either
    params = {
        "seller": query.seller_id,
        "statuses": list(query.statuses or ()),
        "since": query.since,
        "until": query.until,
        "all": (1 << len(query.stems)) - 1,
        "offset": offset,
        "size": page_size,
        "limit": limit,
    }
    conditions = ""
    if query.statuses is not None:
        conditions += " AND status = ANY(%(statuses)s)"
    if query.since is not None:
        conditions += " AND created_at >= %(since)s"
    if query.until is not None:
        conditions += " AND created_at < %(until)s"
    parts = []
    for position, stem in enumerate(query.stems):
        params[f"from{position}"], params[f"to{position}"] = stem, stem + LAST_CHARACTER
        parts.append(
            f"SELECT case_id, created_at, {position} AS position FROM cases_caseword"
            f" WHERE seller_id = %(seller)s AND word >= %(from{position})s"
            f" AND word < %(to{position})s{conditions}"
        )
    direction = "DESC" if query.newest_first else "ASC"
    # bit_or, not count(DISTINCT position): a plain aggregate, hashed (no sort per row).
    sql = (
        "WITH matches AS MATERIALIZED ("
        f" SELECT case_id, created_at FROM ({' UNION ALL '.join(parts)}) AS hits"
        " GROUP BY case_id, created_at HAVING bit_or(1 << position) = %(all)s),"
        " bounds AS MATERIALIZED (SELECT n, CASE WHEN n > %(offset)s OR %(size)s IS NULL"
        "  THEN %(offset)s ELSE greatest(n - 1, 0) / %(size)s * %(size)s END AS start"
        "  FROM (SELECT count(*)::int AS n FROM matches) AS total)"
        " SELECT ARRAY(SELECT case_id FROM matches"
        f"  ORDER BY created_at {direction}, case_id {direction}"
        "  LIMIT %(limit)s OFFSET (SELECT start FROM bounds)), n, start FROM bounds"
    )
    with connections[query.using].cursor() as cursor:
        cursor.execute(sql, params)
        ids, length, start = cursor.fetchone()
    return ids, length, start


def agent_words_condition(words: list[str], *, vendor: str) -> Q:
    """Every word in the case's agents' document: its subject, description and answers
    (a document of its own, without the seller's id: migration 0025)."""
    if vendor != "postgresql":
        condition = Q()
        for word in words:
            condition &= (
                Q(subject__icontains=word)
                | Q(description__icontains=word)
                | Q(answers__icontains=word)
            )
        return condition
    query = " & ".join(f"{word}:*" for word in words)
    return Q(agent_search_document=SearchQuery(query, search_type="raw", config=SEARCH_CONFIG))


def agent_matching(queryset: QuerySet, text: str) -> QuerySet:
    """The agents' search over every seller's cases, each way from an index: a case
    number; a seller's code as typed (their cases); else a piece of a seller's name or
    code (the sellers are few: read whole, then their cases by the seller's index), or
    every word in the case's agents' document (its GIN index, migration 0025)."""
    number = case_number(text)
    if number is not None:
        return queryset.filter(number=number)
    text = text.strip()
    if not text:
        return queryset
    seller = Seller.objects.filter(code__iexact=text).values_list("pk", flat=True).first()
    if seller is not None:
        return queryset.filter(seller_id=seller)
    # The sellers' ids as values, not a subquery: `seller_id IN (1, 2)` is read from a
    # seller index and ORed with the words' index; a subquery inside an OR is not.
    sellers = list(
        Seller.objects.filter(
            Q(trade_name__icontains=text) | Q(legal_name__icontains=text) | Q(code__icontains=text)
        ).values_list("pk", flat=True)[:MAX_SEARCH_SELLERS]
    )
    condition = Q(seller_id__in=sellers) if sellers else Q(pk__in=[])
    if words := words_of(text):
        condition |= agent_words_condition(words, vendor=connections[queryset.db].vendor)
    return queryset.filter(condition)
