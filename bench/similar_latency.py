"""How long the agent's "similar solved cases" take (issue 21: under 200 ms p95 at 1 M).

    DATABASE_URL=postgres://... python -m bench.similar_latency [--runs 500]

Against a generated dataset (`manage.py generate_dataset --cases 1000000`, migrated to
the latest migration so the (cause, resolved_at) index exists): calls
`similar_resolved_cases()` exactly as the case page does (both its queries), for cases
picked at random across every cause, each case once. Prints p50 / p95 / max, the number
of cases, and the plan of the ranking query for one case.
"""

import argparse
import os
import random
import statistics
import time

from .config import say


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportcenter.settings.base")
    import django

    django.setup()
    from django.db import connection

    from cases.models import Case
    from cases.status import CLOSED_STATUSES, in_order
    from cases.triage import similar

    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM cases_case")
        (top,) = cursor.fetchone()
    if not top:
        raise SystemExit("No cases: generate a dataset first (manage.py generate_dataset).")
    rng = random.Random(args.seed)
    ids = set()
    while len(ids) < args.runs:
        ids.add(rng.randint(1, top))
    cases = list(Case.objects.filter(pk__in=ids).defer("answers"))
    durations, found = [], []
    for case in cases:
        started = time.perf_counter()
        result = similar.similar_resolved_cases(case=case)
        durations.append((time.perf_counter() - started) * 1000)
        found.append(len(result))
    total = Case.objects.count()
    resolved = Case.objects.filter(status__in=in_order(CLOSED_STATUSES)).count()
    say(f"{total:,} cases ({resolved:,} resolved or closed), window {similar.SIMILAR_WINDOW}")
    say(
        f"similar_resolved_cases, {len(cases)} cases: p50 {statistics.median(durations):.1f} ms, "
        f"p95 {percentile(durations, 95):.1f} ms, max {max(durations):.1f} ms; "
        f"{statistics.mean(found):.1f} similar cases found on average"
    )
    case = cases[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + similar._RANKED_SQL,
            {
                "text": similar.query_text(case),
                "cause_id": case.cause_id,
                "statuses": in_order(CLOSED_STATUSES),
                "case_id": case.pk,
                "window": similar.SIMILAR_WINDOW,
                "limit": 5,
            },
        )
        say("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
