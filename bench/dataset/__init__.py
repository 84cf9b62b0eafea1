"""A large, realistic dataset for benchmarks (`manage.py generate_dataset`).

Sellers follow Zipf's law (a few with tens of thousands of cases, most with a few
dozen); cases are spread over the last `years`, growing with the marketplace, and each
one carries the history, messages, requests, files and rating its status implies. Rows go
in with PostgreSQL COPY; numbers and ids come from the tables' own sequences.
"""

import random
import time
from bisect import bisect_left
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import accumulate

from django.db import connection, transaction

from cases.dashboard import daily_flows_roll
from cases.numbering import SEQUENCE
from cases.services.counts import case_counts_rebuild

from .causes import load_causes
from .columns import (
    ATTACHMENT_COLUMNS,
    CASE_COLUMNS,
    COMMENT_COLUMNS,
    EVENT_COLUMNS,
    RATING_COLUMNS,
    TASK_COLUMNS,
)
from .people import (
    AGENT_LOGIN,
    AGENT_PASSWORD,
    BIG_SELLER_LOGIN,
    SELLER_PASSWORD,
    SMALL_SELLER_LOGIN,
    cases_per_seller,
    create_people,
)
from .pgload import SequenceBlock, copy_rows, indexes_built_after
from .timeline import DAY, CaseLife, Ids, Rows

TABLES = {
    "cases_case": ("cases", CASE_COLUMNS),
    "cases_comment": ("comments", COMMENT_COLUMNS),
    "cases_pendingtask": ("tasks", TASK_COLUMNS),
    "cases_attachment": ("attachments", ATTACHMENT_COLUMNS),
    "cases_caseevent": ("events", EVENT_COLUMNS),
    "cases_caserating": ("ratings", RATING_COLUMNS),
}
# Filled by the cases' trigger as they are copied in (the words' index, migration 0034).
TRIGGER_FILLED = ["cases_caseword"]
# Below this many cases, loading with the indexes in place is quicker than rebuilding.
REBUILD_INDEXES_FROM = 50_000
# The long case: the largest seller's case with a conversation of hundreds of messages.
LONG_CASE_MESSAGES, LONG_CASE_TASKS, LONG_CASE_AGE = 250, 20, 45 * DAY

__all__ = ["AGENT_LOGIN", "AGENT_PASSWORD", "BIG_SELLER_LOGIN", "SELLER_PASSWORD", "generate"]


class Log:
    def __init__(self, write):
        self.write = write

    @contextmanager
    def timed(self, label: str):
        started = time.monotonic()
        yield
        self.write(f"  {label}: {time.monotonic() - started:.1f} s")


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    big_seller: tuple[str, int] = ("", 0)  # code, cases
    small_seller: tuple[str, int] = ("", 0)
    long_case: int | None = None
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def _creation_moments(rng: random.Random, count: int, now: float, years: int) -> list[float]:
    """Sorted creation times over the last `years`: the marketplace grows (more cases
    lately), on weekdays and in office hours more than at night."""
    span = years * 365 * DAY
    start = now - span
    hours = list(range(24))
    hour_weights = [
        1,
        1,
        1,
        1,
        1,
        2,
        3,
        6,
        10,
        14,
        15,
        15,
        12,
        12,
        14,
        14,
        13,
        11,
        8,
        6,
        5,
        4,
        3,
        2,
    ]
    moments = []
    while len(moments) < count:
        # Density rising linearly from 0.4 to 1.4: inverse of its distribution function.
        u = -0.4 + (0.16 + 1.8 * rng.random()) ** 0.5
        day = int(u * span // DAY)
        weekday = (int(start // DAY) + day + 3) % 7  # 0 = Monday (the epoch was a Thursday)
        if weekday >= 5 and rng.random() < 0.6:
            continue
        hour = rng.choices(hours, hour_weights)[0]
        moment = start + day * DAY + hour * 3600 + rng.random() * 3600
        if moment < now - 60:
            moments.append(moment)
    moments.sort()
    return moments


def generate(
    *,
    cases: int = 1_000_000,
    sellers: int = 5_000,
    years: int = 2,
    seed: int = 2026,
    skew: float = 1.0,
    rebuild_indexes: bool | None = None,
    chunk: int = 20_000,
    write=print,
) -> Summary:
    log = Log(write)
    started = time.monotonic()
    rng = random.Random(seed)
    now = time.time()
    rebuild = cases >= REBUILD_INDEXES_FROM if rebuild_indexes is None else rebuild_indexes
    summary = Summary()
    with transaction.atomic(), connection.cursor() as cursor:
        causes, weights = load_causes(rng, datetime.now(UTC).date())
        cause_weights = list(accumulate(weights))
        counts = cases_per_seller(cases, sellers, skew)
        with log.timed(f"{sellers} sellers, their users and the agents"):
            people = create_people(
                counts=counts,
                prefix="GEN-",
                rng=rng,
                since=datetime.fromtimestamp(now - (years * 365 + 30) * DAY, UTC),
            )
        with log.timed("creation times and owners"):
            moments = _creation_moments(rng, cases, now, years)
            owners = [rank for rank, count in enumerate(counts) for _ in range(count)]
            rng.shuffle(owners)
        long_index = _long_case_index(owners, moments, now)

        ids = Ids(
            comment=SequenceBlock.for_identity(cursor, "cases_comment"),
            task=SequenceBlock.for_identity(cursor, "cases_pendingtask"),
        )
        case_ids = SequenceBlock.for_identity(cursor, "cases_case")
        numbers = SequenceBlock(cursor, SEQUENCE)
        life = CaseLife(rng=rng, now=now, agents=people.agents, ids=ids)
        totals = dict.fromkeys(TABLES, 0)
        deferral = (
            indexes_built_after(cursor, [*TABLES, *TRIGGER_FILLED], log=log)
            if rebuild
            else nullcontext()
        )
        with deferral, log.timed(f"{cases:,} cases generated and copied"):
            for first in range(0, cases, chunk):
                rows = Rows()
                for index in range(first, min(first + chunk, cases)):
                    rank = owners[index]
                    is_long = index == long_index
                    number = numbers.take()
                    life.write(
                        rows,
                        case_id=case_ids.take(),
                        number=number,
                        seller_id=people.seller_ids[rank],
                        users=people.users[rank],
                        cause=rng.choices(causes, cum_weights=cause_weights)[0],
                        created=moments[index],
                        extra_comments=LONG_CASE_MESSAGES if is_long else 0,
                        extra_tasks=LONG_CASE_TASKS if is_long else 0,
                        final="in_progress" if is_long else None,
                    )
                    if is_long:
                        summary.long_case = number
                for table, (name, columns) in TABLES.items():
                    lines = getattr(rows, name)
                    copy_rows(cursor, table, columns, lines)
                    totals[table] += len(lines)
                done = min(first + chunk, cases)
                if done % 100_000 == 0 or done == cases:
                    write(f"  … {done:,} cases ({time.monotonic() - started:.0f} s)")
        with log.timed("case counts per seller and status"):
            case_counts_rebuild(seller_ids=people.seller_ids)
        with log.timed("status changes per day (Tablero del equipo, as beat rolls them)"):
            daily_flows_roll()

    with log.timed("statistics (VACUUM ANALYZE / ANALYZE)"):
        # The sellers and users too: a join planned on a new table's empty statistics took
        # one country's 2,800 sellers for 2 (a 4 s board instead of 0.6 s).
        _analyze([*TABLES, *TRIGGER_FILLED, "accounts_seller", "accounts_user"])
    summary.rows = totals
    summary.seconds = time.monotonic() - started
    summary.big_seller = (people.codes[0], counts[0])
    summary.small_seller = (people.codes[-1], counts[-1])
    summary.logins = [
        (BIG_SELLER_LOGIN, SELLER_PASSWORD, f"user of the largest seller {people.codes[0]}"),
        (SMALL_SELLER_LOGIN, SELLER_PASSWORD, f"user of the smallest seller {people.codes[-1]}"),
        (AGENT_LOGIN, AGENT_PASSWORD, "support agent (admin)"),
    ]
    return summary


def _long_case_index(owners: list[int], moments: list[float], now: float) -> int | None:
    """The largest seller's case created closest to LONG_CASE_AGE ago."""
    start = bisect_left(moments, now - LONG_CASE_AGE)
    for index in range(start, len(owners)):
        if owners[index] == 0:
            return index
    for index in range(start - 1, -1, -1):
        if owners[index] == 0:
            return index
    return None


def _analyze(tables: list[str]) -> None:
    """Fresh statistics for the planner; outside a transaction, VACUUM also sets the
    visibility map, without which no index-only scan avoids the table."""
    vacuum = not connection.in_atomic_block
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{'VACUUM (ANALYZE)' if vacuum else 'ANALYZE'} {table}")
