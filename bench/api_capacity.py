"""`make bench-api`: how many new buyer questions a second the API takes on this machine.

Serves the portal with gunicorn (bench settings: production without TLS), then `wrk`
posts a new question each time (`POST /api/v1/solicitudes/`, a new id every request,
spread over the sellers of a dedicated integration) for BENCH_API_SECONDS.

It reports two figures:
- **requests per second** served, as wrk counts them (2xx only, else the run fails);
- **CPU per request**: the CPU time that gunicorn, PostgreSQL's backends and Redis spent
  between two snapshots (/proc), divided by the requests served, and the rate the two
  cores would sustain at that cost (2 cores / CPU per request). On a machine shared with
  other work the first figure falls with the others' load; the second barely moves, so it
  says what the API costs whatever else runs (the others' share is printed too).

Needs `wrk` (Debian package `wrk`) and a migrated database with sellers: the bench one
(`make bench` creates it) or BENCH_DATABASE_URL.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

from . import cpu
from .config import Config, say
from .load import start_server

INTEGRATION_NAME = "Capacidad de la API (bench)"
# One Lua script for wrk: a new request id on every call (also across the warm-up and
# the measured run), the seller codes in turn.
LUA = """
local codes = {%(codes)s}
-- Each run of wrk loads the script again: the warm-up's ids never come back in the
-- measured run (they would be replays, answered 200 without a new request).
local run = string.format("%(run)s-%%d", os.time())
-- `tid` is a global each thread gets from setup (thread:set); a local of the same name
-- would hide it, and both threads would send the same ids.
local counter, threads = 0, 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
request = function()
  counter = counter + 1
  local id = string.format("CAP-%%s-%%d-%%d", run, tid, counter)
  local body = '{"id":"' .. id .. '","seller_code":"' .. codes[counter %% #codes + 1] ..
    '","kind":"question","product":{"sku":"SKU-CAF-12","title":"Cafetera Andina"},' ..
    '"buyer":{"name":"Comprador Bench","relay_email":"bench@relay.example"},' ..
    '"message":{"id":"M' .. id .. '","body":"Hola, tienen stock en negro?"}}'
  return wrk.format("POST", "/api/v1/solicitudes/", {["Content-Type"]="application/json",
    ["Authorization"]="Bearer %(token)s"}, body)
end
"""
# BENCH_API_PRIORITY=-10 (root only): the measured processes (gunicorn, the database's
# backends, Redis, wrk) run ahead of other work on a shared machine.
PRIORITY = int(os.environ.get("BENCH_API_PRIORITY", "0"))


def prepare_integration(sellers: int) -> tuple[str, list[str]]:
    """A dedicated integration with a fresh token, open to the first `sellers` sellers."""
    from accounts.models import Seller
    from customers.models import Integration
    from customers.tokens import new_token, new_webhook_secret, token_hash, token_prefix

    token = new_token()
    integration, _ = Integration.objects.update_or_create(
        name=INTEGRATION_NAME,
        defaults={
            "token_hash": token_hash(token),
            "token_prefix": token_prefix(token),
            "is_active": True,
            "requests_per_minute": 1_000_000,
            "webhook_secret": new_webhook_secret(),
        },
    )
    chosen = list(Seller.objects.filter(is_active=True).order_by("pk")[:sellers])
    if not chosen:
        raise SystemExit("No sellers in that database: run `make bench` (or seed_demo) first.")
    integration.sellers.set(chosen)
    return token, [seller.code for seller in chosen]


def server_ticks(database: str) -> dict[int, tuple[str, int]]:
    """CPU ticks so far of gunicorn, Redis and the PostgreSQL backends of `database`."""

    def server_kind(cmdline: str) -> str | None:
        if "supportcenter.wsgi" in cmdline:
            return "gunicorn"
        if cmdline.startswith("postgres:") and f" {database} " in cmdline:
            return "postgres"
        if "redis-server" in cmdline:
            return "redis"
        return None

    return cpu.process_ticks(server_kind)


def spent(before: dict, after: dict) -> dict[str, int]:
    """Ticks spent between two readings, by kind (a process born meanwhile counts whole)."""
    totals = {"gunicorn": 0, "postgres": 0, "redis": 0}
    for pid, (kind, ticks) in after.items():
        totals[kind] += ticks - before.get(pid, (kind, 0))[1]
    return totals


def measure(config: Config, seconds: int, connections: int, sellers: int) -> dict:
    from customers.models import CustomerRequest

    token, codes = prepare_integration(sellers)
    database = config.database_url.rsplit("/", 1)[1].split("?")[0]
    run = int(time.time())
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            LUA % {"codes": ", ".join(f'"{code}"' for code in codes), "token": token, "run": run}
        )
    server = start_server(config)
    try:
        time.sleep(1)
        url = f"http://127.0.0.1:{config.port}/"
        # Warm-up: a worker's first request imports what the API needs and opens its
        # connections (seconds on a loaded machine); none of that is measured.
        warm_up = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", "-d15s", "--timeout", "60s", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        if PRIORITY:
            for pid in server_ticks(database):
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, pid, PRIORITY)
        machine_before, before = cpu.snapshot(), server_ticks(database)
        wrk = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        out = subprocess.run(
            [*wrk, "-s", script.name, url],
            preexec_fn=(lambda: os.setpriority(os.PRIO_PROCESS, 0, PRIORITY)) if PRIORITY else None,
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
        after, machine_after = server_ticks(database), cpu.snapshot()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        os.unlink(script.name)
    served = _served(out)
    if "Non-2xx or 3xx responses" in out:
        raise SystemExit(f"Some requests failed:\n{out}")
    # Every call was a new request (201), none a replay of an id already received (200,
    # fewer requests than calls). A call still in flight when wrk stops is not counted by
    # wrk but may be created: up to one per connection and run.
    calls = _served(warm_up) + served
    created = CustomerRequest.objects.filter(external_id__startswith=f"CAP-{run}-").count()
    if not calls <= created <= calls + 2 * connections:
        raise SystemExit(f"{calls} calls answered but {created} new requests")
    per_request = {k: v * 1000 / cpu.TICKS / served for k, v in spent(before, after).items()}
    total = sum(per_request.values())
    return {
        "served": served,
        "rps": float(out.split("Requests/sec:")[1].split()[0]),
        "latency": {
            p: out.split(f" {p}%")[1].split()[0] for p in ("50", "90", "99") if f" {p}%" in out
        },
        "cpu_ms": per_request,
        "cpu_total_ms": total,
        "capacity": (os.cpu_count() or 1) * 1000 / total,
        "others": cpu.others_share(machine_before, machine_after),
        "workers": config.workers,
        "connections": connections,
        "sellers": len(codes),
    }


def _served(wrk_output: str) -> int:
    return int(wrk_output.split(" requests in ")[0].rsplit("\n", 1)[1].strip())


def main() -> int:
    if shutil.which("wrk") is None:
        say("wrk is missing: apt-get install wrk")
        return 2
    from .run import configure_django, ensure_database

    config = Config()
    config.workers = int(os.environ.get("BENCH_API_WORKERS", "4"))
    ensure_database(config)
    configure_django(config)
    result = measure(
        config,
        seconds=int(os.environ.get("BENCH_API_SECONDS", "20")),
        connections=int(os.environ.get("BENCH_API_CONNECTIONS", "8")),
        sellers=int(os.environ.get("BENCH_API_SELLERS", "50")),
    )
    parts = ", ".join(f"{k} {v:.2f} ms" for k, v in result["cpu_ms"].items())
    say(
        f"{result['served']:,} new questions in {result['rps']:.0f} req/s "
        f"(gunicorn {result['workers']} workers, {result['connections']} connections, "
        f"{result['sellers']} sellers); latency p50 {result['latency'].get('50')} "
        f"p99 {result['latency'].get('99')}"
    )
    say(
        f"CPU per request: {result['cpu_total_ms']:.2f} ms ({parts}) -> "
        f"{result['capacity']:.0f} req/s on {os.cpu_count()} cores; "
        f"others took {result['others']:.0%} of the machine meanwhile"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
