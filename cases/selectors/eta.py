"""Reads behind the estimated resolution time: the resolved cases a cause learns from, the
per-cause statistics agents see in the admin, and the cases the periodic refresh visits."""

from datetime import date, datetime, time, timedelta
from typing import TypedDict

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from ..eta.estimate import percentile
from ..models import Case, Cause
from ..status import CLOSED_STATUSES, OPEN_STATUSES, CaseStatus

# A case waiting on the seller has a due date that moves with time (its clock is stopped),
# so the periodic refresh revisits it at least this often.
WAITING_REFRESH_INTERVAL = timedelta(hours=12)


class CauseResolutionStats(TypedDict):
    window_days: int
    sample_size: int  # Resolved in the window with a measured business time.
    median_seconds: int | None  # Lower median (nearest-rank 50th percentile).
    percentile: int  # settings.ETA_LEARNED_PERCENTILE (90 unless configured otherwise).
    p90_seconds: int | None  # That percentile, nearest-rank: what a learned estimate uses.
    min_samples: int  # settings.ETA_LEARNED_MIN_SAMPLES.
    is_learned: bool  # At least that many: new cases are estimated from them, not the target.
    on_time_count: int  # Resolved by the estimate they were shown at creation...
    on_time_total: int  # ...out of those resolved in the window that were shown one.
    on_time_share: float | None  # on_time_count / on_time_total; None without any.


def _window_start(now: datetime) -> datetime:
    return now - timedelta(days=settings.ETA_LEARNED_WINDOW_DAYS)


def resolution_samples(*, cause_id: int, now: datetime) -> list[int]:
    """Business seconds to resolution of the cause's cases resolved in the learning window."""
    return list(
        Case.objects.filter(
            cause_id=cause_id,
            resolved_at__gte=_window_start(now),
            resolved_at__lte=now,
            resolution_business_seconds__isnull=False,
        ).values_list("resolution_business_seconds", flat=True)
    )


def cause_resolution_stats(*, cause: Cause, now: datetime | None = None) -> CauseResolutionStats:
    """How long the cause's recently resolved cases took, and how often the estimate held.

    One query. A case counts as on time when it was resolved no later than the due date it
    was first shown (`eta_initial_due_at`); cases never shown one are left out of that share.
    """
    now = now or timezone.now()
    rows = Case.objects.filter(
        cause=cause, resolved_at__gte=_window_start(now), resolved_at__lte=now
    ).values_list("resolution_business_seconds", "resolved_at", "eta_initial_due_at")
    samples, on_time_count, on_time_total = [], 0, 0
    for seconds, resolved_at, initial_due_at in rows:
        if seconds is not None:
            samples.append(seconds)
        if initial_due_at is not None:
            on_time_total += 1
            on_time_count += resolved_at <= initial_due_at
    pct = settings.ETA_LEARNED_PERCENTILE
    return {
        "window_days": settings.ETA_LEARNED_WINDOW_DAYS,
        "sample_size": len(samples),
        "median_seconds": percentile(samples, 50) if samples else None,
        "percentile": pct,
        "p90_seconds": percentile(samples, pct) if samples else None,
        "min_samples": settings.ETA_LEARNED_MIN_SAMPLES,
        "is_learned": len(samples) >= settings.ETA_LEARNED_MIN_SAMPLES,
        "on_time_count": on_time_count,
        "on_time_total": on_time_total,
        "on_time_share": on_time_count / on_time_total if on_time_total else None,
    }


def cases_needing_eta_refresh(*, now: datetime, limit: int) -> list[int]:
    """Ids of the cases whose stored estimate is missing, stale or no longer true.

    Open cases: never estimated; due date reached (newly overdue, or an overdue case whose
    new estimate ran out too); waiting on the seller and computed over 12 h ago. Resolved
    or closed cases whose business time to resolution is not measured yet. The least
    recently computed go first, so a backlog drains in order. Two queries, each filtered
    on status first (the status indexes).
    """
    open_ids = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .filter(
            Q(eta_computed_at__isnull=True)
            | Q(eta_due_at__lte=now)
            | Q(
                status=CaseStatus.WAITING_ON_SELLER,
                eta_computed_at__lt=now - WAITING_REFRESH_INTERVAL,
            )
        )
        .order_by(F("eta_computed_at").asc(nulls_first=True), "id")
        .values_list("id", "eta_computed_at")[:limit]
    )
    resolved_ids = (
        Case.objects.filter(
            status__in=CLOSED_STATUSES,
            resolved_at__isnull=False,
            resolution_business_seconds__isnull=True,
        )
        .order_by(F("eta_computed_at").asc(nulls_first=True), "id")
        .values_list("id", "eta_computed_at")[:limit]
    )
    # Never computed first, then by when it was computed, then by id.
    due = sorted(
        [*open_ids, *resolved_ids], key=lambda row: (row[1] is not None, row[1] or now, row[0])
    )
    return [case_id for case_id, _computed_at in due[:limit]]


def business_day_seconds() -> int:
    """Length of a business day from settings.BUSINESS_HOURS (the same for every country)."""
    hours = settings.BUSINESS_HOURS
    opens, closes = (
        datetime.combine(date.min, time.fromisoformat(hours[key])) for key in ("start", "end")
    )
    return (closes - opens) // timedelta(seconds=1)


__all__ = [
    "business_day_seconds",
    "cases_needing_eta_refresh",
    "cause_resolution_stats",
    "resolution_samples",
]
