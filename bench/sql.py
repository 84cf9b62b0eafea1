"""From inside: the SQL each seller page runs (Django's test client against the bench
database), compared between a large and a small seller, and the plans of those queries."""

import re
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .scenarios import Page

SEQ_SCAN_ON_CASES = re.compile(
    r"Seq Scan on (cases_case|cases_caseword|customers_customerrequest)\b"
)
# "cases_case" is also the beginning of "cases_caseword", the words' index.
EXPLAINED_TABLES = ("cases_case", "customers_customerrequest")
SUBMISSION_KEY = re.compile(r'name="resumen-submission_key" value="([^"]+)"')
WIZARD_STEPS = ("tipo", "area", "causa", "datos")


def logged_in(user) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")  # in ALLOWED_HOSTS, unlike testserver
    client.force_login(user)
    return client


def page_queries(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return [query["sql"] for query in captured.captured_queries]


def page_times(client: Client, pages: list[Page], runs: int = 7) -> dict[str, float]:
    """Each page's median time in-process, one request at a time (after one warm-up)."""
    times = {}
    for page in pages:
        client.get(page.path)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(page.path)
            samples.append((time.perf_counter() - started) * 1000)
        times[page.name] = statistics.median(samples)
    return times


def wizard_queries(client: Client, plan: dict) -> dict[str, list[str]]:
    """The SQL of each request of one case filed through the wizard, by request name."""
    base = reverse("cases:create")
    found: dict[str, list[str]] = {}

    def run(name, method, path, data=None):
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(path, data) if data else client.get(path)
        if response.status_code >= 400:
            raise RuntimeError(f"{name} answered {response.status_code}")
        found[name] = [query["sql"] for query in captured.captured_queries]
        return response

    run("wizard: start", "get", f"{base}?reset=1")
    steps = {
        "tipo": {"record_type": plan["record_type"]},
        "area": {"area": plan["area"]},
        "causa": {"cause": plan["cause"]},
        "datos": {
            **plan["answers"],
            "subject": plan["subject"],
            "description": plan["description"],
        },
    }
    for step, data in steps.items():
        run(f"wizard: {step} (GET)", "get", f"{base}{step}/")
        form = {f"{step}-{key}": value for key, value in data.items()}
        form["case_create_wizard-current_step"] = step
        run(f"wizard: {step} (POST)", "post", f"{base}{step}/", form)
    summary = run("wizard: resumen (GET)", "get", f"{base}resumen/")
    key = SUBMISSION_KEY.search(summary.content.decode()).group(1)
    done = run(
        "wizard: resumen (POST) = case created",
        "post",
        f"{base}resumen/",
        {"resumen-submission_key": str(key), "case_create_wizard-current_step": "resumen"},
    )
    run("wizard: summary sheet (GET)", "get", done["Location"])
    return found


@dataclass
class QueryCounts:
    """SQL queries per page for the largest seller and for a small one."""

    rows: list[tuple[str, int, int]] = field(default_factory=list)  # name, big, small

    @property
    def grown(self) -> list[str]:
        """The pages that take more queries for the largest seller than for the small one.
        Fewer is not growth: the small seller's page 20 of a search is past its end, and
        the paginator asks the length again to show the last page (cases/paginators.py).
        A form post is an action: its queries follow what it does (creating a case
        writes one email per user of the seller, sent in-process here), not the pages'
        data; `actions_differing` lists those."""
        return [name for name, big, small in self.rows if big > small and not is_post(name)]

    @property
    def actions_differing(self) -> list[tuple[str, int, int]]:
        return [
            (name, big, small) for name, big, small in self.rows if is_post(name) and big != small
        ]

    def worst(self, *, pages: bool) -> tuple[str, int]:
        """The largest count among the pages (GET) or among the form posts."""
        rows = [r for r in self.rows if is_post(r[0]) != pages]
        name, big, small = max(rows, key=lambda r: max(r[1], r[2]))
        return name, max(big, small)


def is_post(name: str) -> bool:
    return "(POST)" in name


def compare(big: dict[str, list[str]], small: dict[str, list[str]]) -> QueryCounts:
    return QueryCounts([(name, len(big[name]), len(small[name])) for name in big])


def seller_sql(client: Client, pages: list[Page], wizard: dict) -> dict[str, list[str]]:
    found = {page.name: page_queries(client, page.path) for page in pages}
    found.update(wizard_queries(client, wizard))
    return found


@dataclass
class Plan:
    page: str
    sql: str
    text: str
    seq_scan_on_cases: bool
    analyzed: bool


def explain(sql: str, *, analyze: bool) -> str:
    options = "ANALYZE, BUFFERS" if analyze else "COSTS OFF"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def plans(found: dict[str, list[str]], *, analyze_kinds: set[str], kinds: dict[str, str]):
    """Each distinct query on the cases table, explained once (the first page that ran it).

    Pages of `analyze_kinds` get EXPLAIN (ANALYZE, BUFFERS): the real plan and timings;
    the others a plain EXPLAIN, enough to see whether the cases table is scanned whole.
    """
    seen: set[str] = set()
    result = []
    for page, queries in found.items():
        for sql in queries:
            if not any(table in sql for table in EXPLAINED_TABLES):
                continue
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            if sql in seen:
                continue
            seen.add(sql)
            analyze = kinds.get(page) in analyze_kinds
            text = explain(sql, analyze=analyze)
            result.append(Plan(page, sql, text, bool(SEQ_SCAN_ON_CASES.search(text)), analyze))
    return result
