"""What the report states about the machine, the dataset and the method."""

import os
import platform
from pathlib import Path

from django.db import connection
from django.db.models import Count

from accounts.models import Seller
from cases.models import Case

TABLES = [
    "accounts_seller",
    "accounts_user",
    "cases_case",
    "cases_caseword",
    "cases_caseevent",
    "cases_comment",
    "cases_pendingtask",
    "cases_attachment",
    "cases_caserating",
]


def _meminfo() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return "unknown"


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _scalar(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return str(cursor.fetchone()[0])


def machine() -> dict[str, str]:
    settings = ", ".join(
        f"{name} {_scalar(f'SHOW {name}')}"
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost")
    )
    return {
        "CPU": f"{os.cpu_count()} cores (`nproc`), {_cpu()}",
        "RAM": _meminfo(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": _scalar("SHOW server_version") + f" ({settings}; untuned defaults)",
    }


def dataset(big: Seller, long_case: int) -> dict[str, str]:
    rows = ", ".join(
        f"{table} {int(_scalar(f'SELECT count(*) FROM {table}')):,}" for table in TABLES
    )
    per_seller = list(
        Case.objects.values("seller")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    over_10k = sum(1 for n in per_seller if n >= 10_000)
    case = Case.objects.get(number=long_case)
    return {
        "Rows": rows,
        "Database size": _scalar("SELECT pg_size_pretty(pg_database_size(current_database()))"),
        "Sellers with cases": f"{len(per_seller):,}; {over_10k} with 10,000 or more; "
        f"median {per_seller[len(per_seller) // 2]:,} cases",
        "Largest seller (the bench logs in as its user)": f"{big.code}: "
        f"{big.cases.count():,} cases ({_status_mix(big)})",
        "Long case": f"{long_case}: {case.comments.count()} messages, {case.events.count()} "
        f"history events, {case.tasks.count()} tasks, {case.attachments.count()} files",
    }


def _status_mix(seller: Seller) -> str:
    counts = dict(seller.cases.values_list("status").annotate(n=Count("pk")))
    return ", ".join(f"{status} {n:,}" for status, n in sorted(counts.items(), key=lambda i: -i[1]))


def method(config) -> dict[str, str]:
    return {
        "Server": f"gunicorn, {config.workers} sync workers, `supportcenter.settings.bench` "
        "(the production settings without TLS; DEBUG off; cached templates; "
        "Celery tasks queued to Redis, no worker)",
        "Load": "locust headless (FastHttpUser), users logged in as the largest seller, no "
        f"think time, at {' and then '.join(map(str, config.user_levels))} concurrent users; "
        f"one phase of {config.phase_seconds} s per page, the first "
        f"{config.warmup_seconds} s of each not counted",
        "Same machine": "PostgreSQL, gunicorn and locust share the 2 cores",
    }


def customer_requests(big) -> dict[str, str]:
    """Atención al cliente's share of the dataset."""
    from customers.models import CustomerRequest, RequestMessage

    total = CustomerRequest.objects.count()
    mine = CustomerRequest.objects.filter(seller=big).count()
    messages = RequestMessage.objects.count()
    return {
        "Customer requests": f"{total:,} with {messages:,} messages; the largest seller has "
        f"{mine:,} (Zipf over the same sellers as the cases)"
    }
