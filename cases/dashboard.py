"""Tablero del equipo: what the leads read at a glance, over a period, filtered by area,
country and agent. Every number is an aggregate computed in SQL (a fixed number of
queries, whatever the number of cases):

- cases created and resolved per day, and the backlog per day (open at the end of the
  day: counted back from the cases open now through each day's creations, reopenings and
  resolutions, the only ways in and out of the open statuses);
- the backlog now, by area and by seller's country;
- service-level compliance per area and per agent: replies on time (no reply late,
  cases.clocks) and resolved by the estimate first shown to the seller;
- business time to resolution per cause: median and p90;
- the sellers' ratings per agent and per cause: average and distribution 1-5;
- the cases recategorised (Cambiar motivo) per cause the seller had chosen.

Each aggregate reads an index alone (case_dashboard_idx and the others of migration
0032), except the resolutions and reopenings per day of a filtered board, which would
join a quarter's changes to the cases of a country: those are rolled up per day, area,
country and agent (DailyStatusFlow, `daily_flows_roll`) by the beat task every
DASHBOARD_REFRESH_MINUTES, and the changes made since its last roll are counted live.
At a million cases any board is computed within a second (docs/benchmarks.md). It is
then kept in the shared cache for DASHBOARD_REFRESH_MINUTES (`team_dashboard_cached`),
and the beat task computes the boards leads open most before they ask
(`team_dashboards_warm`): the page says when its numbers were computed, and
**Actualizar ahora** computes them again.
"""

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import quantiles

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Aggregate, Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Country

from .models import (
    Area,
    Case,
    CaseCauseChange,
    CaseEvent,
    CaseRating,
    DailyFlowMark,
    DailyStatusFlow,
    EventKind,
)
from .status import OPEN_STATUSES, CaseStatus


@dataclass
class DashboardFilters:
    date_from: date
    date_to: date
    area_id: int | None = None
    country: str = ""
    agent_id: int | None = None

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime:  # exclusive
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))

    def days(self) -> list[date]:
        n = (self.date_to - self.date_from).days + 1
        return [self.date_from + timedelta(days=i) for i in range(n)]


@dataclass
class TeamDashboard:
    filters: DashboardFilters
    computed_at: datetime | None = None
    per_day: list[dict] = field(default_factory=list)  # day, created, resolved, backlog
    backlog_by_area: list[dict] = field(default_factory=list)
    backlog_by_country: list[dict] = field(default_factory=list)
    sla_by_area: list[dict] = field(default_factory=list)
    sla_by_agent: list[dict] = field(default_factory=list)
    resolution_by_cause: list[dict] = field(default_factory=list)
    ratings_by_agent: list[dict] = field(default_factory=list)
    ratings_by_cause: list[dict] = field(default_factory=list)
    recategorised_by_cause: list[dict] = field(default_factory=list)


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


# The board's filters (area, country, agent) as a case's fields, and as the roll-up's.
CASE_SCOPE = ("area_id", "seller__country", "assigned_to_id")
FLOW_SCOPE = ("area_id", "country", "agent_id")


def _scope(filters: DashboardFilters, prefix: str = "", fields=CASE_SCOPE) -> dict:
    """The filters as lookups on a case, or on what `prefix` leads to a case from (or on
    the roll-up of status changes, with FLOW_SCOPE)."""
    values = (filters.area_id, filters.country, filters.agent_id)
    return {f"{prefix}{name}": value for name, value in zip(fields, values, strict=True) if value}


def scoped_cases(filters: DashboardFilters) -> QuerySet[Case]:
    return Case.objects.filter(**_scope(filters))


def _per_day(filters: DashboardFilters, open_now: int) -> list[dict]:
    start = filters.start
    tz = timezone.get_current_timezone()
    cases = scoped_cases(filters)
    created = dict(
        cases.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("*"))
        .values_list("day", "n")
        .order_by()
    )
    moves = _flows(filters, tz)
    resolved, reopened = moves[CaseStatus.RESOLVED], moves[CaseStatus.REOPENED]
    # The counts above run to now, past the period's end: the backlog when the period
    # starts is what is open now, minus every flow in since, plus every flow out.
    backlog = open_now - sum(created.values()) - sum(reopened.values()) + sum(resolved.values())
    rows = []
    for day in filters.days():
        backlog += created.get(day, 0) + reopened.get(day, 0) - resolved.get(day, 0)
        rows.append(
            {
                "day": day,
                "created": created.get(day, 0),
                "resolved": resolved.get(day, 0),
                "backlog": backlog,
            }
        )
    return rows


# The status changes that move a case out of the backlog and back into it.
FLOW_STATUSES = (CaseStatus.RESOLVED, CaseStatus.REOPENED)


def _status_changes(status: str, since: datetime | None, until: datetime | None = None):
    """The changes to `status` made in [since, until), from that status's own index."""
    events = CaseEvent.objects.filter(kind=EventKind.STATUS_CHANGED, data__to=status)
    if since is not None:
        events = events.filter(created_at__gte=since)
    return events.filter(created_at__lt=until) if until is not None else events


def _flows(filters: DashboardFilters, tz) -> dict[str, dict[date, int]]:
    """Every resolution and reopening per day since the period started (a case resolved
    twice left the backlog twice and came back once). Unfiltered, every change is counted
    from its index alone; filtered, from the rolled-up days (DailyStatusFlow) up to their
    mark, and the changes made since counted live. Without a roll (or in another time
    zone than the roll's) every change is counted live."""
    moves: dict[str, dict[date, int]] = {status: {} for status in FLOW_STATUSES}
    live_from = filters.start
    scope = _scope(filters)
    # Filtered: the mark and the rows it marks read as one roll left them.
    with _one_snapshot() if scope else nullcontext():
        mark = None
        if scope and getattr(tz, "key", None) == settings.TIME_ZONE:
            mark = DailyFlowMark.objects.values_list("covered_until", flat=True).first()
        if mark is not None and mark > filters.start:
            rolled = (
                DailyStatusFlow.objects.filter(
                    day__gte=filters.date_from, **_scope(filters, fields=FLOW_SCOPE)
                )
                .values("day", "status")
                .annotate(n=Sum("count"))
                .values_list("day", "status", "n")
                .order_by()
            )
            for day, status, n in rolled:
                moves[status][day] = n
            live_from = mark
        for status in FLOW_STATUSES:
            events = _status_changes(status, live_from)
            if scope:  # a semi-join on the board's cases
                events = events.filter(case__in=scoped_cases(filters).values("pk"))
            for day, n in (
                events.annotate(day=TruncDate("created_at", tzinfo=tz))
                .values("day")
                .annotate(n=Count("*"))
                .values_list("day", "n")
                .order_by()
            ):
                moves[status][day] = moves[status].get(day, 0) + n
    return moves


@contextmanager
def _one_snapshot():
    """On PostgreSQL, outside a transaction: the queries inside read one snapshot."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def daily_flows_roll(now: datetime | None = None) -> int:
    """Roll the resolutions and reopenings made before `now` into DailyStatusFlow, from
    the day the previous roll ended (everything, the first time); returns the rows
    written. Run by the beat task before it warms the boards."""
    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    with transaction.atomic():
        previous = DailyFlowMark.objects.select_for_update().filter(pk=1).first()
        stale, since = DailyStatusFlow.objects.all(), None
        if previous:  # its last day again: changes recorded late on it are counted now
            since_day = previous.covered_until.astimezone(tz).date()
            since = timezone.make_aware(datetime.combine(since_day, time.min), tz)
            stale = stale.filter(day__gte=since_day)
        stale.delete()
        case_fields = [f"case__{name}" for name in CASE_SCOPE]
        rows = [
            DailyStatusFlow(
                day=row["day"],
                status=row["to"],
                count=row["n"],
                # 0 for a case without an area or an agent (the roll-up holds plain ids).
                **{
                    flow: row[case] or 0 for flow, case in zip(FLOW_SCOPE, case_fields, strict=True)
                },
            )
            for status in FLOW_STATUSES
            for row in _status_changes(status, since, now)
            .annotate(day=TruncDate("created_at", tzinfo=tz), to=KeyTextTransform("to", "data"))
            .values("day", "to", *case_fields)
            .annotate(n=Count("*"))
            .order_by()
        ]
        DailyStatusFlow.objects.bulk_create(rows, batch_size=5_000)
        DailyFlowMark.objects.update_or_create(pk=1, defaults={"covered_until": now})
    return len(rows)


def _sla(cases: QuerySet[Case], key: str, name: str) -> list[dict]:
    """Per `key` (an id; two areas or agents of the same name stay apart), named `name`."""
    # Counted on created_at (never null, in case_dashboard_idx, unlike the id): the
    # period's cases are read from that index alone.
    rows = (
        cases.values(key, name)
        .annotate(
            total=Count("created_at"),
            replied_on_time=Count("created_at", filter=Q(response_breaches=0)),
            resolved=Count("created_at", filter=Q(resolved_at__isnull=False)),
            resolved_by_estimate=Count(
                "created_at",
                filter=Q(
                    resolved_at__isnull=False,
                    eta_initial_due_at__isnull=False,
                    resolved_at__lte=F("eta_initial_due_at"),
                ),
            ),
        )
        .order_by(name, key)
    )
    return [
        {
            **row,
            "id": row[key],
            "name": row[name],
            "reply_pct": _pct(row["replied_on_time"], row["total"]),
            "estimate_pct": _pct(row["resolved_by_estimate"], row["resolved"]),
        }
        for row in rows
    ]


def _pct(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _resolution_by_cause(cases: QuerySet[Case]) -> list[dict]:
    resolved = cases.filter(resolution_business_seconds__isnull=False)
    if connection.vendor == "postgresql":
        rows = (
            resolved.values("cause_id", "cause_name")
            .annotate(
                n=Count("*"),
                median=Percentile("resolution_business_seconds", 0.5),
                p90=Percentile("resolution_business_seconds", 0.9),
            )
            .order_by("cause_name", "cause_id")
        )
        return [
            {**row, "median_h": _hours(row["median"]), "p90_h": _hours(row["p90"])} for row in rows
        ]
    # The embedded database of `make run` has no percentile: the demo's few cases here.
    by_cause: dict = {}
    for cause_id, name, seconds in resolved.values_list(
        "cause_id", "cause_name", "resolution_business_seconds"
    ):
        by_cause.setdefault((name, cause_id), []).append(seconds)
    rows = []
    for (name, cause_id), values in sorted(by_cause.items()):
        cuts = quantiles(values, n=10, method="inclusive") if len(values) > 1 else values * 9
        median = (
            sorted(values)[len(values) // 2]
            if len(values) % 2
            else sum(sorted(values)[len(values) // 2 - 1 : len(values) // 2 + 1]) / 2
        )
        rows.append(
            {
                "cause_id": cause_id,
                "cause_name": name,
                "n": len(values),
                "median_h": _hours(median),
                "p90_h": _hours(cuts[8]),
            }
        )
    return rows


def _hours(seconds) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _ratings(ratings: QuerySet[CaseRating]) -> tuple[list[dict], list[dict]]:
    """The ratings per agent and per cause, from one pass over the period's ratings (their
    count per agent, cause and score: a few thousand rows at most)."""
    agent, agent_name = "case__assigned_to_id", "case__assigned_to__full_name"
    cause, cause_name = "case__cause_id", "case__cause_name"
    by_agent: dict = {}
    by_cause: dict = {}
    for row in (
        ratings.values(agent, agent_name, cause, cause_name, "score")
        .annotate(n=Count("*"))
        .order_by()
    ):
        for table, key, name in ((by_agent, agent, agent_name), (by_cause, cause, cause_name)):
            entry = table.setdefault(
                row[key],
                {"id": row[key], "name": row[name], "n": 0, "points": 0, "distribution": [0] * 5},
            )
            entry["n"] += row["n"]
            entry["points"] += row["n"] * row["score"]
            entry["distribution"][row["score"] - 1] += row["n"]
    return _rated(by_agent), _rated(by_cause)


def _rated(table: dict) -> list[dict]:
    """By name (the unassigned last), each with its average of 5."""
    rows = sorted(table.values(), key=lambda e: (e["name"] is None, e["name"] or "", e["id"] or 0))
    return [{**row, "average": round(row["points"] / row["n"], 2)} for row in rows]


def team_dashboard(filters: DashboardFilters) -> TeamDashboard:
    """Ten queries (at most twelve for a filtered board), whatever the number
    of cases."""
    cases = scoped_cases(filters)
    in_period = cases.filter(created_at__gte=filters.start, created_at__lt=filters.end)
    backlog = cases.filter(status__in=OPEN_STATUSES)
    # Filtered through the case each rating is joined to anyway (no second look-up).
    ratings = CaseRating.objects.filter(
        created_at__gte=filters.start, created_at__lt=filters.end, **_scope(filters, "case__")
    )
    ratings_by_agent, ratings_by_cause = _ratings(ratings)
    backlog_by_area = list(
        # COUNT(*): counted from case_open_area_idx alone (an index-only scan).
        backlog.values("area_id", "area_name").annotate(n=Count("*")).order_by("-n")
    )
    return TeamDashboard(
        filters=filters,
        computed_at=timezone.now(),
        per_day=_per_day(filters, open_now=sum(row["n"] for row in backlog_by_area)),
        backlog_by_area=backlog_by_area,
        backlog_by_country=list(
            backlog.values("seller__country").annotate(n=Count("*")).order_by("-n")
        ),
        sla_by_area=_sla(in_period, "area_id", "area_name"),
        sla_by_agent=_sla(in_period, "assigned_to_id", "assigned_to__full_name"),
        resolution_by_cause=_resolution_by_cause(in_period),
        ratings_by_agent=ratings_by_agent,
        ratings_by_cause=ratings_by_cause,
        recategorised_by_cause=list(
            CaseCauseChange.objects.filter(
                changed_at__gte=filters.start, changed_at__lt=filters.end, case__in=cases
            )
            .values("from_cause_id", "from_cause__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "from_cause__name")
        ),
    )


def _cache_key(filters: DashboardFilters) -> str:
    return (
        f"team-dashboard:v1:{filters.date_from}:{filters.date_to}:"
        f"{filters.area_id or ''}:{filters.country}:{filters.agent_id or ''}"
    )


def team_dashboard_cached(
    filters: DashboardFilters, *, recompute: bool = False, extra_seconds: int = 0
) -> TeamDashboard:
    """The board of these filters as computed at most DASHBOARD_REFRESH_MINUTES ago (now,
    when there is none or `recompute`), kept that long plus `extra_seconds`."""
    key = _cache_key(filters)
    board = None if recompute else cache.get(key)
    if board is None:
        board = team_dashboard(filters)
        cache.set(key, board, timeout=settings.DASHBOARD_REFRESH_MINUTES * 60 + extra_seconds)
    return board


def default_period(today: date) -> tuple[date, date]:
    """The period the page opens with: the last 30 days, today included."""
    return today - timedelta(days=29), today


def team_dashboards_warm() -> int:
    """Roll the day's status changes up, then compute the boards leads open most (the
    default period, for everything, each area and each country) before they ask; returns
    how many boards. Run every
    DASHBOARD_REFRESH_MINUTES by celery beat: each board is replaced before it expires."""
    daily_flows_roll()
    date_from, date_to = default_period(timezone.localdate())
    boards = [DashboardFilters(date_from, date_to)]
    boards += [
        DashboardFilters(date_from, date_to, area_id=pk)
        for pk in Area.objects.filter(is_active=True).values_list("pk", flat=True)
    ]
    boards += [DashboardFilters(date_from, date_to, country=code) for code in Country.values]
    for filters in boards:
        # Kept a little longer than the beat's period, so that the next run replaces it.
        team_dashboard_cached(filters, recompute=True, extra_seconds=300)
    return len(boards)
