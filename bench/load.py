"""Serving the portal with gunicorn and loading it with locust (see bench/locustfile.py)."""

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

from .config import RESULTS, ROOT, VENV_BIN, Config, say


def start_server(config: Config) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "supportcenter.wsgi",
            "--workers",
            str(config.workers),
            "--bind",
            f"127.0.0.1:{config.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{config.port}/cuenta/ingresar/") as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def load_average() -> str:
    """The 1-minute load average: anything else running on the machine shows here."""
    return Path("/proc/loadavg").read_text().split()[0]


def run_load(config: Config, phases: list[dict], login: dict, users: int) -> dict:
    """One locust run: every phase at `users` concurrent users; their samples."""
    plan_file = RESULTS / f"plan-{users}.json"
    results_file = RESULTS / f"results-{users}.json"
    plan = {
        "phase_seconds": config.phase_seconds,
        "warmup_seconds": config.warmup_seconds,
        "login_seconds": config.login_seconds,
        **login,
        "phases": phases,
    }
    plan_file.write_text(json.dumps(plan, indent=1), encoding="utf-8")
    seconds = config.login_seconds + config.phase_seconds * len(phases) + 3
    before = load_average()
    say(f"locust: {users} users, {len(phases)} phases of {config.phase_seconds} s")
    subprocess.run(
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{config.port}",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_PLAN": str(plan_file), "BENCH_RESULTS": str(results_file)},
        check=False,
        stdout=subprocess.DEVNULL,
    )
    results = json.loads(results_file.read_text(encoding="utf-8"))
    results["users"] = users
    results["load_before"] = before
    return results


def purge_tasks(config: Config) -> None:
    """Drop the Celery messages the run queued (no worker reads the bench broker)."""
    import redis

    redis.Redis.from_url(config.broker).delete("celery")
