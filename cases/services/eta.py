"""The estimated resolution time of a case, computed and stored (the arithmetic is in
cases/eta). Run in the background (cases/eta/tasks.py) when a case is created, on each
status change and by the periodic refresh; safe to run any number of times."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from .. import emails
from ..eta.calendar import BusinessCalendar, Pause, active_business_seconds, calendar_for
from ..eta.estimate import pauses_from_status_changes
from ..eta.learning import new_case_estimate, overdue_case_estimate
from ..history import event_record
from ..models import Case, CaseEvent, EtaMethod, EtaReason, EventKind
from ..selectors.eta import cases_needing_eta_refresh
from ..status import OPEN_STATUSES, CaseStatus
from .locking import lock_case


def case_refresh_eta(
    *, case_id: int, now: datetime | None = None, notify_created: bool = False
) -> Case:
    """Bring the case's estimate up to `now` and store what changed.

    An open case keeps the estimate it was promised (`eta_target_seconds`, business seconds
    of active time) and only the clock moves its date: a pause pushes it back by the paused
    time, nothing else does (assigning an agent, a reply, a new p90 of the cause). A new
    estimate is made only for a reason the seller sees: the case is new, it was reopened, or
    it outlived its estimate (overdue: the cases of its cause that took that long say how
    much longer). The history gets an "estimated time changed" event, with that reason, each
    time the date the seller sees changes (not every day of a pause: once it resumes). The
    first estimate also goes into the "case created" email if it is still waiting. A resolved
    or closed case gets its business time to resolution measured once; its estimate stays.

    `notify_created` is for tasks queued by the version that queued the "case created"
    email after the first estimate: it queues that email if the case has none yet
    (idempotent).
    """
    now = _whole_second(now or timezone.now())
    with transaction.atomic():
        case = lock_case(Case(pk=case_id))
        calendar = calendar_for(case.seller.country, case.seller.time_zone)
        timeline = _timeline(case)
        pauses = pauses_from_status_changes(timeline.status_changes)
        if case.status in OPEN_STATUSES:
            first_estimate = case.eta_computed_at is None
            _store_estimate(case, calendar=calendar, timeline=timeline, pauses=pauses, now=now)
            if first_estimate:
                emails.case_created_estimated(case)
        else:
            _store_resolution(case, calendar=calendar, pauses=pauses)
        if notify_created:
            emails.case_created(case)
        return case


def cases_refresh_etas(*, now: datetime | None = None, limit: int = 2000) -> int:
    """The periodic refresh: estimates missing (the broker was down), newly overdue, or
    paused (cases/selectors/eta.py says which). Returns how many cases it visited."""
    now = now or timezone.now()
    ids = cases_needing_eta_refresh(now=now, limit=limit)
    for case_id in ids:
        case_refresh_eta(case_id=case_id, now=now)
    return len(ids)


@dataclass
class _Timeline:
    """What the estimate reads of the case's history (one query)."""

    status_changes: list[tuple[datetime, str, str]] = field(default_factory=list)
    last_shown: str | None = None  # The date the seller's history shows last.
    # A reopening or a change of cause since the last estimate was recorded.
    reopened_since: bool = False
    cause_changed_since: bool = False


def _timeline(case: Case) -> _Timeline:
    timeline = _Timeline()
    rows = (
        CaseEvent.objects.filter(
            case=case,
            kind__in=[EventKind.STATUS_CHANGED, EventKind.CAUSE_CHANGED, EventKind.ETA_CHANGED],
        )
        .order_by("created_at", "id")
        .values_list("kind", "created_at", "data")
    )
    # Events in order: a reopening or a change of cause after the last recorded estimate
    # (same instant included: ids break the tie) calls for a new one.
    for kind, at, data in rows:
        if kind == EventKind.ETA_CHANGED:
            timeline.last_shown = data.get("display")
            timeline.reopened_since = timeline.cause_changed_since = False
        elif kind == EventKind.CAUSE_CHANGED:
            timeline.cause_changed_since = True
        else:
            to = data.get("to", "")
            timeline.status_changes.append((at, data.get("from", ""), to))
            timeline.reopened_since |= to == CaseStatus.REOPENED
    return timeline


def _renewal_reason(case: Case, timeline: _Timeline, elapsed: int) -> str | None:
    """Why the promised estimate must be made again now, or None to keep it."""
    if case.eta_promised_at is None or case.eta_target_seconds is None:
        return EtaReason.CREATED
    if timeline.reopened_since:
        return EtaReason.REOPENED
    if timeline.cause_changed_since:
        return EtaReason.CAUSE_CHANGED
    # A case no business time has run on yet is not late.
    if elapsed >= case.eta_target_seconds and elapsed > 0:
        return EtaReason.OVERDUE
    return None


def _store_estimate(
    case: Case,
    *,
    calendar: BusinessCalendar,
    timeline: _Timeline,
    pauses: list[Pause],
    now: datetime,
) -> None:
    created_at = _whole_second(case.created_at)
    pauses = [(_whole_second(s), None if e is None else _whole_second(e)) for s, e in pauses]
    elapsed = active_business_seconds(calendar, created_at, now, pauses)
    reason = _renewal_reason(case, timeline, elapsed)
    total, method, overdue = case.eta_target_seconds, case.eta_method, case.is_overdue
    if reason in (EtaReason.CREATED, EtaReason.REOPENED, EtaReason.CAUSE_CHANGED):
        # A case moved to another cause is estimated as a case of that cause since its filing.
        choice = new_case_estimate(case, calendar=calendar, now=now)
        # A reopened case gets a whole new estimate from now, on top of the time it took.
        total = choice.seconds + (elapsed if reason == EtaReason.REOPENED else 0)
        method, overdue = choice.method, False
    # Late already (a first estimate computed long after the filing, e.g. the broker was
    # down): the seller is shown the date an overdue case gets, under the same reason.
    late = reason is not None and elapsed >= total and elapsed > 0
    if late:
        choice = overdue_case_estimate(case, calendar=calendar, now=now, elapsed=elapsed)
        total, method, overdue = choice.seconds, choice.method, True
    # Strictly after `now`, whatever the inputs.
    due_at = calendar.add_business_seconds(now, max(total - elapsed, 1))
    last_shown = timeline.last_shown
    new_display = _display(_local_date(due_at, calendar))
    # While the case waits on the seller the clock is stopped and the date drifts a day
    # each day: the history would fill with it, so it records the date again on resume.
    paused = case.status == CaseStatus.WAITING_ON_SELLER and last_shown is not None
    if reason is None and not paused and new_display != last_shown:
        reason = EtaReason.WAITED
    _save_changes(
        case,
        eta_due_at=due_at,
        eta_target_seconds=total,
        eta_method=EtaMethod(method),
        is_overdue=overdue,
        eta_computed_at=now,
        eta_promised_at=case.eta_promised_at if reason in (None, EtaReason.WAITED) else now,
        eta_initial_due_at=case.eta_initial_due_at or due_at,
    )
    if reason is not None:
        event_record(
            case=case,
            kind=EventKind.ETA_CHANGED,
            at=now,
            data={
                "due_at": due_at.isoformat(),
                "display": new_display,
                "reason": reason,
                "total_seconds": total,
                "method": method,
                "overdue": overdue,
                "previous_display": last_shown or "",
            },
        )


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


def _whole_second(moment: datetime) -> datetime:
    # Whole seconds: the elapsed time is then exact, and a later refresh of a running clock
    # lands on the very same due instant instead of drifting past a closing.
    return moment.replace(microsecond=0)
