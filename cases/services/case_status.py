"""The one writer of `Case.status`: moves a locked case and sets off what a move sets off.

The services that decide a move (cases.py, pending_tasks.py, comments.py) check who may
make it first (cases/policies.py); here the move itself is checked against the status
machine (policies.py too), written with its timestamps, counts and history, and then:
- the email a resolved or closed case promises is queued in the same transaction;
- the estimated resolution time is recomputed by a Celery task after the commit.
"""

import functools
import logging

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from .. import emails
from ..clocks import case_set_waiting_on
from ..eta.tasks import refresh_case_eta
from ..history import event_record
from ..models import Case, Comment, EventKind
from ..policies import check_transition
from ..status import WAITING_ON_BY_STATUS, CaseStatus
from .counts import counts_status_moved

logger = logging.getLogger(__name__)

S = CaseStatus

# Publishing to a broker that is down: the periodic refresh catches up later.
BROKER_ERRORS = (OperationalError, ConnectionError, OSError)


def status_move(
    case: Case,
    to_status: str,
    *,
    actor,
    data: dict | None = None,
    resolution: Comment | None = None,
) -> Case:
    """Move a locked case, with its timestamps and history. Callers checked who may.

    Who must act next follows the status (cases/clocks.py); `resolution`, the message that
    resolves it, goes in the seller's "resolved" email."""
    from_status = case.status
    check_transition(from_status, to_status)
    now = timezone.now()
    case.status = to_status
    case.updated_at = now
    if to_status == S.RESOLVED:
        case.resolved_at = now
    elif to_status == S.REOPENED:
        case.resolved_at = None
        case.resolution_business_seconds = None
    elif to_status == S.CLOSED:
        case.closed_at = now
    case.save(
        update_fields=[
            "status",
            "updated_at",
            "resolved_at",
            "closed_at",
            "resolution_business_seconds",
        ]
    )
    counts_status_moved(seller_id=case.seller_id, from_status=from_status, to_status=to_status)
    case_set_waiting_on(case, WAITING_ON_BY_STATUS[to_status], by=actor, at=now)
    event = event_record(
        case=case,
        kind=EventKind.STATUS_CHANGED,
        actor=actor,
        at=now,
        data={"from": from_status, "to": to_status, **(data or {})},
    )
    refresh_eta_after_commit(case)
    if to_status == S.RESOLVED:
        emails.case_resolved(case, event, resolution=resolution)
    elif to_status == S.CLOSED:
        emails.case_closed(case, event)
    return case


def start_work(case: Case, actor) -> None:
    """An agent's first touch on an open or reopened case puts it in progress."""
    if case.status in (S.OPEN, S.REOPENED):
        status_move(case, S.IN_PROGRESS, actor=actor)


def mark_first_response(case: Case, at) -> None:
    if case.first_response_at is None:
        case.first_response_at = at
        case.save(update_fields=["first_response_at"])


def refresh_eta_after_commit(case: Case) -> None:
    """Recompute the case's estimate in the background once this transaction commits (a
    new case gets its first estimate this way too)."""
    transaction.on_commit(functools.partial(_publish_eta_refresh, case.pk))


def _publish_eta_refresh(case_id: int) -> None:
    try:
        refresh_case_eta.delay(case_id)
    except BROKER_ERRORS:
        logger.warning(
            "Broker unreachable: the estimate of case %s will be computed by the periodic refresh.",
            case_id,
            exc_info=True,
        )
