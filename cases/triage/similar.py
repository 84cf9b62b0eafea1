"""Similar solved cases, for the agent's case page: the resolved (or closed) cases of the
same cause whose words are closest to this case's, with how support answered them. Any
seller's cases: agents see them all; nothing here is ever shown to a seller.

On PostgreSQL, a full-text ranking over the case search documents (cases/search.py's
`cases_search` configuration, kept by a trigger): the case's words, any of them, ranked
by `ts_rank` among the newest `SIMILAR_WINDOW` resolved cases of its cause, read through
the partial index (cause, resolved_at) of migration 0018. The window keeps the cost
bounded whatever the number of cases (docs/benchmarks.md: under 200 ms at a million) and
favours recent answers, which are the ones agents want to reuse.

Elsewhere (SQLite, the local run) the same window is ranked in Python by shared words.
"""

from dataclasses import dataclass

from django.db import connections
from django.db.models import OuterRef, Subquery

from ..models import Case, Comment
from ..status import CLOSED_STATUSES, in_order
from .text import fold

# How many of the newest resolved cases of the cause are compared.
SIMILAR_WINDOW = 2000
# How much of the case is read to find its words: the subject and the start of the story.
QUERY_CHARS = 500
SEARCH_CONFIG = "cases_search"

_RANKED_SQL = f"""
WITH query AS (
    -- Any of the case's words: the AND of plainto_tsquery turned into an OR.
    SELECT replace(
        plainto_tsquery('{SEARCH_CONFIG}', %(text)s)::text, ' & ', ' | '
    ) AS q
), candidates AS (
    SELECT id, seller_id, search_document
    FROM cases_case
    WHERE cause_id = %(cause_id)s
      AND status IN %(statuses)s
      AND resolved_at IS NOT NULL
      AND id <> %(case_id)s
    ORDER BY resolved_at DESC
    LIMIT %(window)s
), ranked AS (
    -- Each word of a document carries its seller's id ('1234.couri', migration 0021):
    -- the query's words get the candidate's ('couri' | 'retir' -> '1234.couri' | ...).
    SELECT c.id, c.search_document AS document,
           regexp_replace(
               query.q, '''([^'']+)''', '''' || c.seller_id || '.\\1''', 'g'
           )::tsquery AS q
    FROM candidates c, query
    WHERE query.q <> ''
)
SELECT id, ts_rank(document, q, 1) AS rank
FROM ranked
WHERE document @@ q
ORDER BY rank DESC, id DESC
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class SimilarCase:
    case: Case  # with `resolution_message`: support's last public message, or ""
    score: float


def query_text(case: Case) -> str:
    return f"{case.subject}\n{case.description[:QUERY_CHARS]}"


def similar_resolved_cases(*, case: Case, limit: int = 5) -> list[SimilarCase]:
    """The `limit` resolved cases of the case's cause most like it, most similar first."""
    if connections[Case.objects.db].vendor == "postgresql":
        ranked = _ranked_in_postgresql(case, limit)
    else:
        ranked = _ranked_by_shared_words(case, limit)
    if not ranked:
        return []
    last_public_reply = (
        Comment.objects.filter(case=OuterRef("pk"), is_internal=False, author__seller__isnull=True)
        .order_by("-created_at", "-id")
        .values("body")[:1]
    )
    cases = (
        Case.objects.filter(pk__in=[pk for pk, _ in ranked])
        .select_related("seller")
        .annotate(resolution_message=Subquery(last_public_reply))
        .defer("answers")
        .in_bulk()
    )
    similar = []
    for pk, score in ranked:
        if pk in cases:  # not gone since it was ranked
            cases[pk].resolution_message = cases[pk].resolution_message or ""
            similar.append(SimilarCase(case=cases[pk], score=score))
    return similar


def _ranked_in_postgresql(case: Case, limit: int) -> list[tuple[int, float]]:
    with connections[Case.objects.db].cursor() as cursor:
        cursor.execute(
            _RANKED_SQL,
            {
                "text": query_text(case),
                "cause_id": case.cause_id,
                "statuses": in_order(CLOSED_STATUSES),
                "case_id": case.pk,
                "window": SIMILAR_WINDOW,
                "limit": limit,
            },
        )
        return [(pk, float(rank)) for pk, rank in cursor.fetchall()]


def _words(text: str) -> set[str]:
    return {word for word in fold(text).split() if len(word) > 3}


def _ranked_by_shared_words(case: Case, limit: int) -> list[tuple[int, float]]:
    words = _words(query_text(case))
    if not words:
        return []
    rows = (
        Case.objects.filter(
            cause_id=case.cause_id,
            status__in=in_order(CLOSED_STATUSES),
            resolved_at__isnull=False,
        )
        .exclude(pk=case.pk)
        .order_by("-resolved_at")
        .values_list("pk", "subject", "description")[:SIMILAR_WINDOW]
    )
    scored = []
    for pk, subject, description in rows:
        shared = words & _words(f"{subject}\n{description[:QUERY_CHARS]}")
        if shared:
            scored.append((pk, len(shared) / len(words)))
    scored.sort(key=lambda row: (-row[1], -row[0]))
    return scored[:limit]
