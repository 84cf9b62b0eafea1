"""What `make bench` runs against, from the environment (see bench/run.py)."""

import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench-results"  # git-ignored: the generator's log, locust's raw samples


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


@dataclass
class Config:
    database_url: str = _env(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/supportcenter_bench"
    )
    cases: int = int(_env("BENCH_CASES", "1000000"))
    # Customer requests (Atención al cliente); default: as many as cases.
    requests: int = int(_env("BENCH_REQUESTS", "0"))
    sellers: int = int(_env("BENCH_SELLERS", "0"))  # 0: one per 200 cases, at most 5,000
    # Concurrent users of each load run: one per worker (latency), then a crowd.
    user_levels: tuple[int, ...] = tuple(
        int(n) for n in _env("BENCH_USERS", "2,10").split(",") if n.strip()
    )
    phase_seconds: int = int(_env("BENCH_PHASE_SECONDS", "10"))
    warmup_seconds: int = 2
    login_seconds: int = 5
    port: int = int(_env("BENCH_PORT", "8765"))
    workers: int = 2
    broker: str = _env("BENCH_CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
    cache: str = _env("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")
    reset: bool = _env("BENCH_RESET", "") == "1"
    report: Path = ROOT / _env("BENCH_REPORT", "docs/benchmarks.md")
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(64))

    @property
    def request_count(self) -> int:
        return self.requests or self.cases

    @property
    def seller_count(self) -> int:
        return self.sellers or max(20, min(5_000, self.cases // 200))


def say(message: str) -> None:
    sys.stdout.write(f"[bench] {message}\n")
    sys.stdout.flush()
