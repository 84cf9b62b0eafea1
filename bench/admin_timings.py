"""The agents' case list in the admin, timed from inside (the test client: Django's own
time for the request, as gunicorn would spend it), with the SQL of each view."""

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

RUNS, WARMUPS = 15, 2


@dataclass
class AdminTiming:
    name: str
    path: str
    median_ms: float
    p95_ms: float
    max_ms: float
    queries: list[tuple[float, str]]  # (ms, sql) of one run, slowest first


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def admin_views(case_number: int) -> list[tuple[str, str]]:
    changelist = reverse("admin:cases_case_changelist")
    return [
        ("admin case list: default view", changelist),
        ("admin case list: status = open", f"{changelist}?status__exact=open"),
        ("admin case list: status = closed (70% of cases)", f"{changelist}?status__exact=closed"),
        ("admin case list: search by number", f"{changelist}?q={case_number}"),
    ]


def time_admin(agent, case_number: int) -> list[AdminTiming]:
    client = Client(HTTP_HOST="127.0.0.1")  # in ALLOWED_HOSTS, unlike testserver
    client.force_login(agent)
    results = []
    for name, path in admin_views(case_number):
        durations = []
        for run in range(WARMUPS + RUNS):
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            if run >= WARMUPS:
                durations.append(elapsed)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = sorted(
            ((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries),
            reverse=True,
        )
        results.append(
            AdminTiming(
                name=name,
                path=path,
                median_ms=statistics.median(durations),
                p95_ms=_percentile(durations, 95),
                max_ms=max(durations),
                queries=queries,
            )
        )
    return results
