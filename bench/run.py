"""`make bench`: the seller portal on a large dataset, measured end to end.

1. Creates the bench database if needed (BENCH_DATABASE_URL), migrates it, and generates
   the dataset when it is not there yet (BENCH_CASES, default 1,000,000).
2. Renders every measured page in-process for the largest seller and for a small one:
   SQL queries per page (they must not differ) and the plans of the queries on cases.
3. Serves the portal with gunicorn (2 workers, bench settings: production without TLS)
   and runs locust headless, one phase per page, at each fixed concurrency of
   BENCH_USERS (default "2,10": one user per worker, then ten).
4. Times the agents' case list in the admin.
5. Writes docs/benchmarks.md. Exits 1 if a page takes more SQL queries for the largest
   seller than for the small one, or requests failed.

Environment: BENCH_DATABASE_URL, BENCH_CASES, BENCH_SELLERS, BENCH_USERS,
BENCH_PHASE_SECONDS (10), BENCH_PORT (8765), BENCH_RESET=1 (drop the database first),
BENCH_CELERY_BROKER_URL (redis://127.0.0.1:6379/13), BENCH_REPORT (docs/benchmarks.md).
"""

import io
import os
import sys
from urllib.parse import urlparse

from .config import RESULTS, ROOT, Config, say


def ensure_database(config: Config) -> None:
    """Create (or with BENCH_RESET=1 recreate) the bench database before Django opens it."""
    import psycopg2

    url = urlparse(config.database_url)
    name = url.path.lstrip("/")
    conn = psycopg2.connect(url._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        if config.reset:
            say(f"dropping database {name}")
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            say(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def configure_django(config: Config) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "supportcenter.settings.bench"
    os.environ["DATABASE_URL"] = config.database_url
    os.environ["DJANGO_SECRET_KEY"] = config.secret_key
    os.environ["CELERY_BROKER_URL"] = config.broker
    # The API's rate limits live in the cache: Redis, shared by the gunicorn workers.
    os.environ["CACHE_URL"] = config.cache
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from supportcenter.database import use_background_timeouts

    use_background_timeouts()  # a batch process: migrating, generating, measuring


class Tee(io.StringIO):
    def write(self, text):
        sys.stdout.write(text)
        sys.stdout.flush()
        return super().write(text)


def prepare_data(config: Config) -> str:
    """Migrate, then generate the dataset unless it is there; returns the generator log."""
    from django.core.management import call_command

    from accounts.models import User
    from bench.dataset import BIG_SELLER_LOGIN

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from bench.dataset.requests import BENCH_INTEGRATION
    from customers.models import Integration

    log_file = RESULTS / "generate.log"
    if User.objects.filter(email=BIG_SELLER_LOGIN).exists():
        say("dataset already there (BENCH_RESET=1 regenerates it)")
        log = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    else:
        say(f"generating {config.cases:,} cases for {config.seller_count:,} sellers")
        out = Tee()
        call_command(
            "generate_dataset", cases=config.cases, sellers=config.seller_count, stdout=out
        )
        log = out.getvalue()
    if not Integration.objects.filter(name=BENCH_INTEGRATION).exists():
        say(f"generating {config.request_count:,} customer requests")
        out = Tee()
        call_command("generate_requests", requests=config.request_count, stdout=out)
        log += out.getvalue()
    log_file.write_text(log, encoding="utf-8")
    return log


def main() -> int:
    config = Config()
    RESULTS.mkdir(exist_ok=True)
    ensure_database(config)
    configure_django(config)
    generator_log = prepare_data(config)

    from django.urls import reverse

    from accounts.models import User
    from bench.dataset import AGENT_LOGIN, BIG_SELLER_LOGIN, SELLER_PASSWORD

    from . import facts, load, scenarios, sql
    from .admin_timings import time_admin
    from .report import Report, load_rows, with_analysis

    big_user = User.objects.select_related("seller").get(email=BIG_SELLER_LOGIN)
    big = big_user.seller
    long_case = scenarios.longest_case(big)
    small = scenarios.comparison_seller(exclude=big)
    say(f"largest seller {big.code}, long case {long_case}; compared with {small.code}")
    pages = scenarios.seller_pages(big, case_number=long_case)
    small_pages = scenarios.seller_pages(small, case_number=scenarios.longest_case(small))
    wizard = scenarios.wizard_plan()

    say("SQL per page, in-process (largest and small seller)")
    big_sql = sql.seller_sql(sql.logged_in(big_user), pages, wizard)
    small_sql = sql.seller_sql(sql.logged_in(scenarios.login_of(small)), small_pages, wizard)
    counts = sql.compare(big_sql, small_sql)
    say("each page alone, in-process (largest and small seller)")
    alone = {
        "big": sql.page_times(sql.logged_in(big_user), pages),
        "small": sql.page_times(sql.logged_in(scenarios.login_of(small)), small_pages),
    }
    kinds = {page.name: page.kind for page in pages}
    kinds.update({name: scenarios.WIZARD for name in big_sql if name.startswith("wizard")})
    kinds[scenarios.API_PHASE] = scenarios.API
    say("query plans")
    plans = sql.plans(
        big_sql, analyze_kinds={scenarios.HOME, scenarios.TRAY, scenarios.INBOX}, kinds=kinds
    )

    phases = [{"name": p.name, "path": p.path, "kind": "get"} for p in pages]
    phases.append(
        {"name": "CREAR CASO", "kind": "wizard", "path": reverse("cases:create"), **wizard}
    )
    from bench.dataset.requests import BENCH_TOKEN

    phases.append(
        {
            "name": scenarios.API_PHASE,
            "kind": "api",
            "path": reverse("customers_api:requests"),
            "token": BENCH_TOKEN,
            "seller_code": big.code,
        }
    )
    login = {"login_path": reverse("accounts:login"), "email": BIG_SELLER_LOGIN}
    login["password"] = SELLER_PASSWORD
    background = load.load_average()
    say(f"gunicorn: {config.workers} workers on port {config.port} (load average {background})")
    server = load.start_server(config)
    runs = []
    try:
        for users in config.user_levels:
            runs.append(load.run_load(config, phases, login, users))
    finally:
        server.terminate()
        server.wait(timeout=30)
        load.purge_tasks(config)

    say("admin case list")
    admin = time_admin(User.objects.get(email=AGENT_LOGIN), long_case)

    order = list(dict.fromkeys([p.name for p in pages] + list(big_sql)))
    report = Report(
        machine={
            **facts.machine(),
            "Load average (1 min)": f"{background} before the runs, "
            f"{load.load_average()} after (see the others' CPU column)",
        },
        dataset={**facts.dataset(big, long_case), **facts.customer_requests(big)},
        generator_log=generator_log,
        settings=facts.method(config),
        rows=load_rows(runs, kinds, order),
        levels=[run["users"] for run in runs],
        counts=counts,
        alone=alone,
        small_seller=f"{small.code} ({small.cases.count():,} cases)",
        plans=plans,
        admin=admin,
    )
    config.report.parent.mkdir(exist_ok=True)
    previous = config.report.read_text(encoding="utf-8") if config.report.exists() else None
    config.report.write_text(with_analysis(report.render(), previous), encoding="utf-8")
    say(f"report written to {config.report.relative_to(ROOT)}")
    for line in report.verdict():
        say(line)
    failed = sum(stats.failures for row in report.rows for stats in row.levels.values())
    if counts.grown:
        say(f"FAIL: more SQL queries for the largest seller on {', '.join(counts.grown)}")
    if failed:
        say(f"FAIL: {failed} requests failed during the load runs")
    return 1 if counts.grown or failed else 0


if __name__ == "__main__":
    sys.exit(main())
