"""The estimated resolution time of a case, computed and stored (the arithmetic is in
cases/eta). Run in the background (cases/eta/tasks.py) when a case is created, on each
status change and by the periodic refresh; safe to run any number of times."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import emails
from ..eta.calendar import BusinessCalendar, Pause, active_business_seconds, calendar_for
from ..eta.estimate import Estimate, estimate, pauses_from_status_changes, target_seconds
from ..history import event_record
from ..models import Case, CaseEvent, EtaMethod, EventKind
from ..selectors_eta import cases_needing_eta_refresh, resolution_samples
from ..status import OPEN_STATUSES, CaseStatus
from .locking import lock_case


def case_refresh_eta(
    *, case_id: int, now: datetime | None = None, notify_created: bool = False
) -> Case:
    """Recompute the case's estimate as of `now` and store what changed.

    An open case gets its due date, business days left, total estimate, method and overdue
    flag; the first estimate is also kept as the one shown at creation. The seller's history
    gets an "estimated time changed" event only when the date they see (in their time zone)
    or the overdue flag changes; the first estimate goes into the "case created" email if it
    is still waiting (whichever change computes it). A resolved or closed case gets its
    business time to resolution measured once and is no longer overdue; its last estimate
    stays.

    `notify_created` is for tasks queued by the version that queued the "case created"
    email after the first estimate: it queues that email if the case has none yet
    (idempotent).
    """
    now = now or timezone.now()
    with transaction.atomic():
        case = lock_case(Case(pk=case_id))
        calendar = calendar_for(case.seller.country, case.seller.time_zone)
        pauses = pauses_from_status_changes(_status_changes(case))
        if case.status in OPEN_STATUSES:
            first_estimate = case.eta_computed_at is None
            _store_estimate(case, calendar=calendar, pauses=pauses, now=now)
            if first_estimate:
                emails.case_created_estimated(case)
        else:
            _store_resolution(case, calendar=calendar, pauses=pauses)
        if notify_created:
            emails.case_created(case)
        return case


def cases_refresh_etas(*, now: datetime | None = None, limit: int = 2000) -> int:
    """The periodic refresh: estimates missing (the broker was down), newly overdue, or
    paused (cases/selectors_eta.py says which). Returns how many cases it visited."""
    now = now or timezone.now()
    ids = cases_needing_eta_refresh(now=now, limit=limit)
    for case_id in ids:
        case_refresh_eta(case_id=case_id, now=now)
    return len(ids)


def _status_changes(case: Case) -> list[tuple[datetime, str, str]]:
    rows = (
        CaseEvent.objects.filter(case=case, kind=EventKind.STATUS_CHANGED)
        .order_by("created_at", "id")
        .values_list("created_at", "data")
    )
    return [(at, data.get("from", ""), data.get("to", "")) for at, data in rows]


def _estimate_for(
    case: Case, *, calendar: BusinessCalendar, pauses: list[Pause], now: datetime
) -> Estimate:
    cause = case.cause
    return estimate(
        calendar=calendar,
        created_at=case.created_at,
        now=now,
        pauses=pauses,
        target_seconds=target_seconds(
            value=cause.target_value, unit=cause.target_unit, calendar=calendar
        ),
        samples=resolution_samples(cause_id=cause.pk, now=now),
        min_samples=settings.ETA_LEARNED_MIN_SAMPLES,
        pct=settings.ETA_LEARNED_PERCENTILE,
        overdue_extension_days=settings.ETA_OVERDUE_EXTENSION_BUSINESS_DAYS,
    )


def _store_estimate(
    case: Case, *, calendar: BusinessCalendar, pauses: list[Pause], now: datetime
) -> None:
    result = _estimate_for(case, calendar=calendar, pauses=pauses, now=now)
    overdue_flips = case.is_overdue != result.is_overdue
    last_shown = _last_recorded_display(case)
    new_display = _display(_local_date(result.due_at, calendar))
    # While the case waits on the seller the clock is stopped and the date drifts a day
    # each day: the history would fill with it, so it records the date again on resume.
    paused = case.status == CaseStatus.WAITING_ON_SELLER and last_shown is not None
    seller_sees_a_change = overdue_flips or (not paused and new_display != last_shown)
    _save_changes(
        case,
        eta_due_at=result.due_at,
        eta_business_days=result.business_days,
        eta_target_seconds=result.total_seconds,
        eta_method=EtaMethod(result.method),
        is_overdue=result.is_overdue,
        eta_computed_at=now,
        eta_initial_due_at=case.eta_initial_due_at or result.due_at,
    )
    if seller_sees_a_change:
        event_record(
            case=case,
            kind=EventKind.ETA_CHANGED,
            at=now,
            data={
                "due_at": result.due_at.isoformat(),
                "display": new_display,
                "business_days": result.business_days,
                "method": result.method,
                "overdue": result.is_overdue,
                "previous_display": last_shown or "",
            },
        )


def _last_recorded_display(case: Case) -> str | None:
    """The estimated date the seller's history shows last (None before the first)."""
    data = (
        CaseEvent.objects.filter(case=case, kind=EventKind.ETA_CHANGED)
        .order_by("-created_at", "-id")
        .values_list("data", flat=True)
        .first()
    )
    return None if data is None else data.get("display")


def _store_resolution(case: Case, *, calendar: BusinessCalendar, pauses: list[Pause]) -> None:
    changes: dict = {"is_overdue": False}
    if case.resolved_at is not None and case.resolution_business_seconds is None:
        changes["resolution_business_seconds"] = active_business_seconds(
            calendar, case.created_at, case.resolved_at, pauses
        )
    _save_changes(case, **changes)


def _save_changes(case: Case, **values) -> None:
    """Write only the fields whose value differs, so a repeated refresh writes nothing."""
    changed = [name for name, value in values.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, values[name])
    if changed:
        case.save(update_fields=changed)


def _local_date(moment: datetime | None, calendar: BusinessCalendar) -> date | None:
    return None if moment is None else moment.astimezone(calendar.tz).date()


def _display(day: date | None) -> str:
    return "" if day is None else day.strftime("%d-%m-%Y")
