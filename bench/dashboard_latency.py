"""Tablero del equipo on the bench dataset: the selector timed in-process, with its SQL.

    BENCH_CASES=1000000 python -m bench.dashboard_latency   # the bench database (bench/config.py)

Creates, migrates and fills the bench database like `make bench` (step 1, nothing when the
dataset is there), then times the dashboard computed on the spot (cases/dashboard.py,
without its cache) over the last 30 days and over 92 days (the longest period the page
accepts), unfiltered and filtered by an area, by the largest country and by the agent
with most cases, 20 times each, prints
p50/p95 and the query count as a Markdown table, and times one run of the beat task that
computes the boards leads open most."""

import sys
import time
from datetime import timedelta

from .config import Config, say
from .run import RESULTS, configure_django, ensure_database, prepare_data

RUNS = 20


def main() -> None:
    config = Config()
    RESULTS.mkdir(exist_ok=True)
    ensure_database(config)
    configure_django(config)
    prepare_data(config)

    from django.db import connection, reset_queries
    from django.db.models import Count, Max
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Seller
    from cases.dashboard import DashboardFilters, team_dashboard, team_dashboards_warm
    from cases.models import Area, Case

    from .report import percentile

    latest = Case.objects.aggregate(last=Max("created_at"))["last"].date()
    area = Area.objects.order_by("pk").first()
    # The largest of each: the country with most sellers, the agent with most cases.
    country = Seller.objects.values("country").annotate(n=Count("*")).order_by("-n")[0]["country"]
    agent = (
        Case.objects.exclude(assigned_to=None)
        .values("assigned_to")
        .annotate(n=Count("*"))
        .order_by("-n")[0]["assigned_to"]
    )
    scopes = {"": {}, "one area": {"area_id": area.pk}}
    scopes[f"one country ({country})"] = {"country": country}
    scopes["one agent"] = {"agent_id": agent}
    scenarios = {
        ", ".join(part for part in (f"{days} days", scope) if part): DashboardFilters(
            date_from=latest - timedelta(days=days - 1), date_to=latest, **lookups
        )
        for days in (30, 92)  # the default period, and the longest the page accepts
        for scope, lookups in scopes.items()
    }
    say(f"{Case.objects.count():,} cases; dashboard timed {RUNS} times per period")
    lines = ["| period | p50 ms | p95 ms | queries |", "|---|---:|---:|---:|"]
    for name, filters in scenarios.items():
        team_dashboard(filters)  # warm the cache of PostgreSQL's pages
        times = []
        for _ in range(RUNS):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                team_dashboard(filters)
                times.append((time.perf_counter() - start) * 1000)
        lines.append(
            f"| {name} | {percentile(times, 50):.0f} | {percentile(times, 95):.0f} "
            f"| {len(queries)} |"
        )
    start = time.perf_counter()
    boards = team_dashboards_warm()
    lines.append(
        f"\nThe beat task's run (`team_dashboards_warm`): {boards} boards in "
        f"{time.perf_counter() - start:.1f} s."
    )
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
