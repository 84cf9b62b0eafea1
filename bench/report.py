"""docs/benchmarks.md, written from what one `make bench` measured."""

from dataclasses import dataclass

from .admin_timings import AdminTiming, markdown_table
from .admin_timings import verdicts as admin_verdicts
from .scenarios import API, CASE_PAGE, HOME, INBOX, REQUEST_PAGE, TRAY
from .sql import Plan, QueryCounts, is_post

# Between these lines docs/benchmarks.md is written by hand (what changed, what misses
# and why); a new run rewrites everything else around it and keeps it.
ANALYSIS_START = "<!-- analysis: written by hand, kept by make bench -->"
ANALYSIS_END = "<!-- /analysis -->"
SERVER_P95_TARGET_MS = 30
MAX_QUERIES = 8


def percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@dataclass
class LevelStats:
    """One page at one concurrency."""

    count: int
    failures: int
    client_p50: float | None
    client_p95: float | None
    server_p50: float | None
    server_p95: float | None
    per_second: float
    sql_seen: list[int]
    others_cpu: float | None  # share of the cores other processes took during the phase


@dataclass
class LoadRow:
    name: str
    kind: str | None
    levels: dict[int, LevelStats]  # by concurrent users


def load_rows(runs: list[dict], kinds: dict[str, str], order: list[str]) -> list[LoadRow]:
    names = list(order)
    for run in runs:
        names += sorted(n for n in run["pages"] if n not in names)
    rows = []
    for name in names:
        levels = {}
        for run in runs:
            entry = run["pages"].get(name)
            if entry is None:
                continue
            counted_seconds = run["phase_seconds"] - run["warmup_seconds"]
            levels[run["users"]] = LevelStats(
                count=len(entry["client_ms"]),
                failures=entry["failures"],
                client_p50=percentile(entry["client_ms"], 50),
                client_p95=percentile(entry["client_ms"], 95),
                server_p50=percentile(entry["server_ms"], 50),
                server_p95=percentile(entry["server_ms"], 95),
                per_second=len(entry["client_ms"]) / counted_seconds,
                sql_seen=sorted(set(entry["sql"])),
                others_cpu=run.get("others_cpu", {}).get(str(entry["phase"])),
            )
        if levels:
            rows.append(LoadRow(name=name, kind=kinds.get(name), levels=levels))
    return rows


@dataclass
class Report:
    machine: dict[str, str]
    dataset: dict[str, str]
    generator_log: str
    settings: dict[str, str]
    rows: list[LoadRow]
    levels: list[int]
    counts: QueryCounts
    alone: dict[str, dict[str, float]]  # "big"/"small" → page → median ms in-process
    small_seller: str
    plans: list[Plan]
    admin: list[AdminTiming]

    # --- verdicts ------------------------------------------------------------------
    def slow_pages(self, users: int) -> list[tuple[str, float | None]]:
        slow = []
        for row in self.rows:
            stats = row.levels.get(users)
            if row.kind in TARGETED and stats is not None and not _fast(stats):
                slow.append((row.name, stats.server_p95))
        return slow

    def seq_scans(self) -> list[Plan]:
        return [p for p in self.plans if p.seq_scan_on_cases]

    def render(self) -> str:
        out: list[str] = []
        add = out.append
        add("# Benchmarks: the seller portal at a million cases\n")
        add(
            "Written by `make bench` (bench/run.py). Every figure below was measured by the run "
            "that wrote this file; rerun it to refresh them.\n"
        )
        add("## Machine\n")
        out += [f"- **{k}**: {v}" for k, v in self.machine.items()]
        add("\n## Dataset\n")
        out += [f"- **{k}**: {v}" for k, v in self.dataset.items()]
        if self.generator_log:
            add("\nThe generator's own output:\n")
            add("```text\n" + self.generator_log.strip() + "\n```")
        add("\n## How it was measured\n")
        out += [f"- {k}: {v}" for k, v in self.settings.items()]
        add("\n## Verdict\n")
        out += self.verdict()
        add("\n## Seller pages under load\n")
        add(
            "**SQL big / small**: queries of the page rendered in-process for the largest "
            f"seller and for {self.small_seller}. **alone ms**: the same, one request at a "
            "time, median of 7 (no load, no HTTP server). Then per load run: **req/s** "
            "served while every user requested that page; **server** = the `Server-Timing` "
            "header of the bench settings (Django's time, from the first middleware in to "
            "the response out: the time the targets are about); **client** = locust's "
            "latency on loopback, which adds the wait for a free worker (10 users share 2 "
            "workers). **others' CPU**: the share of the 2 cores that processes other than "
            "the bench's (PostgreSQL's backends for the bench database, gunicorn, locust) "
            f"took during that page's phase; above {BUSY_MACHINE:.0%} (†) the machine was "
            "shared and that page's times are inflated. ✗ = over a target.\n"
        )
        header = "| page | SQL big / small | alone ms big / small |"
        rule = "|---|---:|---:|"
        for users in self.levels:
            header += (
                f" {users} users: req/s | server p50 | server p95 | client p50 | client p95 | "
                "others' CPU |"
            )
            rule += "---:|---:|---:|---:|---:|---:|"
        add(header)
        add(rule)
        sql_pairs = {name: (big, small) for name, big, small in self.counts.rows}
        for row in self.rows:
            big, small = sql_pairs.get(row.name, (None, None))
            pair = "—" if big is None else f"{big} / {small}"
            grown = row.name in self.counts.grown
            if big is not None and (grown or (big > MAX_QUERIES and not is_post(row.name))):
                pair += " ✗"
            big_ms = self.alone["big"].get(row.name)
            small_ms = self.alone["small"].get(row.name)
            alone = "—" if big_ms is None else f"{big_ms:.1f} / {small_ms:.1f}"
            cells = f"| {row.name} | {pair} | {alone} |"
            for users in self.levels:
                stats = row.levels.get(users)
                if stats is None:
                    cells += " — | — | — | — | — | — |"
                    continue
                flag = " ✗" if row.kind in TARGETED and not _fast(stats) else ""
                if (stats.others_cpu or 0) > BUSY_MACHINE:
                    flag += " †"
                failures = f" ({stats.failures} failed)" if stats.failures else ""
                cells += (
                    f" {stats.per_second:.1f}{failures} | {ms(stats.server_p50)} | "
                    f"{ms(stats.server_p95)}{flag} | {ms(stats.client_p50)} | "
                    f"{ms(stats.client_p95)} | {_share(stats.others_cpu)} |"
                )
            add(cells)
        add("\n## The agents' pages (admin): case list, desk, queues, search\n")
        add(
            f"Timed in-process with Django's test client as an agent, {self._admin_runs()}. "
            "✗ = over its target (time) or over 12 queries (desk and queues).\n"
        )
        for line in markdown_table(self.admin):
            add(line)
        add("\n" + ANALYSIS_START)
        add("(analysis)")
        add(ANALYSIS_END + "\n")
        add("\n## Query plans\n")
        add(
            "Each distinct query on `cases_case` of the largest seller's pages, explained once "
            "(under the first page that ran it). Home and tray queries with "
            "`EXPLAIN (ANALYZE, BUFFERS)`; the case page and the wizard with a plain "
            "`EXPLAIN`. A `Seq Scan on cases_case` would be flagged here.\n"
        )
        for plan in self.plans:
            flag = " — **Seq Scan on cases_case**" if plan.seq_scan_on_cases else ""
            add(f"<details><summary>{plan.page}: {_summary(plan.sql)}{flag}</summary>\n")
            add("```sql\n" + plan.sql + "\n```\n")
            add("```text\n" + plan.text + "\n```\n</details>\n")
        return "\n".join(out) + "\n"

    def _admin_runs(self) -> str:
        from .admin_timings import RUNS, WARMUPS

        return f"{RUNS} runs each after {WARMUPS} warm-up runs"

    def verdict(self) -> list[str]:
        lines = []
        grown = self.counts.grown
        page, worst = self.counts.worst(pages=True)
        post, worst_post = self.counts.worst(pages=False)
        lines.append(
            f"- **At most {MAX_QUERIES} SQL queries on every seller page**: "
            + ("holds" if worst <= MAX_QUERIES else "does not hold")
            + f" (the most is {worst}, on {page}; counted as Django's test client does, "
            "BEGIN/COMMIT included). The wizard's form posts are actions, not pages: the "
            f"most is {worst_post}, on {post} (it writes the case, its history, the counts "
            "and the session)."
        )
        lines.append(
            "- **Query count independent of the data** (no page takes more queries for "
            f"the largest seller than for {self.small_seller}): "
            + ("holds on every page." if not grown else f"does not hold on: {', '.join(grown)}.")
            + "".join(
                f" {name}: {big} / {small} queries (an action: one email per user of the "
                "seller, sent in-process)."
                for name, big, small in self.counts.actions_differing
            )
        )
        busy = [
            (row.name, users)
            for row in self.rows
            for users, stats in row.levels.items()
            if (stats.others_cpu or 0) > BUSY_MACHINE
        ]
        if busy:
            lines.append(
                f"- **Caution**: during {len(busy)} page phases other processes on the machine "
                f"took more than {BUSY_MACHINE:.0%} of the cores (marked † in the table); "
                "their latencies are inflated by that, not by the portal."
            )
        for users in self.levels:
            slow = self.slow_pages(users)
            lines.append(
                f"- **Server p95 under {SERVER_P95_TARGET_MS} ms for home, trays and case page, "
                f"at {users} concurrent users**: "
                + (
                    "holds on every page."
                    if not slow
                    else f"does not hold on {len(slow)} of "
                    f"{sum(1 for r in self.rows if r.kind in TARGETED)} pages: "
                    + ", ".join(f"{name} ({ms(p95)} ms)" for name, p95 in slow)
                    + "."
                )
            )
        for row in (r for r in self.rows if r.kind == API):
            best = max(row.levels.values(), key=lambda stats: stats.per_second)
            failed = sum(stats.failures for stats in row.levels.values())
            lines.append(
                f"- **The API accepts at least {API_TARGET_PER_SECOND} requests a second**: "
                + ("holds" if best.per_second >= API_TARGET_PER_SECOND else "does not hold")
                + f" ({best.per_second:.0f}/s at best, "
                + ", ".join(f"{u} users: {s.per_second:.0f}/s" for u, s in row.levels.items())
                + f"; {failed} failed). Each is a new question (a request, its message, the "
                "counts and one email per user of the largest seller queued), posted by "
                "locust to gunicorn (2 workers) over loopback, with the integration's token."
            )
        by_number = [p for p in self.plans if "number" in p.sql and '"number" = ' in p.sql]
        index_used = all("Index" in p.text for p in by_number) and by_number
        lines.append(
            "- **Search by case number answered from an index**: "
            + ("holds (see the plans)." if index_used else "not shown by the plans.")
        )
        scans = self.seq_scans()
        lines.append(
            "- **No sequential scan of the cases table on any seller page**: "
            + (
                "holds."
                if not scans
                else "does not hold on: " + ", ".join(sorted({p.page for p in scans})) + "."
            )
        )
        lines.extend(admin_verdicts(self.admin))
        return lines


TARGETED = (HOME, TRAY, CASE_PAGE, INBOX, REQUEST_PAGE)
# Atención al cliente's API: requests accepted per second (issue 19).
API_TARGET_PER_SECOND = 200
# Other processes taking more of the cores than this during a phase spoil its figures.
BUSY_MACHINE = 0.10


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _fast(stats: LevelStats) -> bool:
    return stats.server_p95 is not None and stats.server_p95 < SERVER_P95_TARGET_MS


def _summary(sql: str) -> str:
    text = " ".join(sql.split())
    return (text[:110] + "…") if len(text) > 110 else text


def with_analysis(measured: str, previous: str | None) -> str:
    """The measured report, with the hand-written analysis of the previous file kept."""
    if not previous or ANALYSIS_START not in previous or ANALYSIS_END not in previous:
        return measured
    kept = previous.split(ANALYSIS_START, 1)[1].split(ANALYSIS_END, 1)[0]
    before, rest = measured.split(ANALYSIS_START, 1)
    return before + ANALYSIS_START + kept + ANALYSIS_END + rest.split(ANALYSIS_END, 1)[1]
