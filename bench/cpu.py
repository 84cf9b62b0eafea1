"""How much of the machine's CPU other processes took while the bench measured.

The bench shares the machine with PostgreSQL, gunicorn and locust (all counted as the
bench's own) and with whatever else runs there. Between two snapshots, the CPU time the
whole machine spent busy (/proc/stat) minus the CPU time of the bench's own processes
(/proc/<pid>/stat) is what the others took: a page measured while they took a lot is
measured on fewer cores.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
# Command lines of the bench's processes: gunicorn's, locust's, PostgreSQL's backends
# for the bench database (autovacuum included) and the runner.
OURS = ("supportcenter.wsgi", "locust", "supportcenter_bench", "bench.run")


@dataclass(frozen=True)
class Snapshot:
    at: float
    busy: int  # ticks the machine spent busy, all cores
    ours: dict[int, int]  # ticks of each of the bench's processes, by pid


def _busy() -> int:
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = fields[3], fields[4]
    return sum(fields[:8]) - idle - iowait


def process_ticks(kind_of) -> dict[int, tuple[str, int]]:
    """CPU ticks (user + system) so far of each process whose command line `kind_of`
    names (a kind, or None to leave it out), by pid."""
    ticks = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            cmdline = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode()
            kind = kind_of(cmdline)
            if kind is None:
                continue
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        after_name = stat.rsplit(")", 1)[1].split()
        ticks[int(entry.name)] = (kind, int(after_name[11]) + int(after_name[12]))
    return ticks


def _ours() -> dict[int, int]:
    def bench_process(cmdline):
        return "bench" if any(mark in cmdline for mark in OURS) else None

    return {pid: ticks for pid, (_, ticks) in process_ticks(bench_process).items()}


def snapshot() -> Snapshot:
    return Snapshot(time.monotonic(), _busy(), _ours())


def others_share(start: Snapshot, end: Snapshot) -> float:
    """The share (0-1) of all cores' time that other processes used between two snapshots."""
    capacity = (end.at - start.at) * TICKS * (os.cpu_count() or 1)
    if capacity <= 0:
        return 0.0
    # Per process: a backend that ended (a connection past its CONN_MAX_AGE) takes its
    # ticks with it, which must not count as the bench using less.
    ours = sum(ticks - start.ours.get(pid, 0) for pid, ticks in end.ours.items())
    return min(1.0, max(0.0, (end.busy - start.busy - ours) / capacity))
