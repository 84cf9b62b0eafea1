"""The periodic check of support's clocks (celery beat, cases.tasks.check_response_clocks).

A case whose reply is due within CASE_RESPONSE_WARNING_HOURS is announced once to the
agents who work it ("Por vencer"); once late, it is announced once more and counted as a
late reply on the case (`response_breaches`). Each email's key holds the clock's start,
so a repeated or overlapping run never sends one twice, and a new clock (the seller wrote
again) is announced anew. Cases waiting on support without a clock (those there before
the clocks) get one.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import emails
from ..clocks import BREACHED, WARNED, case_set_waiting_on
from ..desk import warning_margin
from ..models import Case
from ..status import WaitingOn


def response_clocks_check(*, now: datetime | None = None, limit: int = 500) -> int:
    """Warn, record the late replies and start missing clocks; returns how many cases
    changed."""
    now = now or timezone.now()
    support = Q(waiting_on=WaitingOn.SUPPORT)
    due_soon = support & Q(response_alert="", response_due_at__lt=now + warning_margin())
    late = support & ~Q(response_alert=BREACHED) & Q(response_due_at__lt=now)
    no_clock = support & Q(response_due_at__isnull=True)
    changed = 0
    for condition in (late, due_soon, no_clock):
        ids = list(
            Case.objects.filter(condition)
            .order_by("response_due_at", "id")
            .values_list("pk", flat=True)[:limit]
        )
        for case_id in ids:
            changed += _check_one(case_id, condition, now)
    return changed


def _check_one(case_id: int, condition: Q, now: datetime) -> int:
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("seller", "assigned_to")
            .filter(condition, pk=case_id)
            .first()
        )
        if case is None:  # moved on meanwhile, or another worker has it
            return 0
        if case.response_due_at is None:
            case_set_waiting_on(case, WaitingOn.SUPPORT, at=now, activity=False)
            return 1
        if case.response_due_at < now:
            emails.agent_reply_due(case, overdue=True)
            case.response_alert = BREACHED
            case.response_breaches += 1
            case.save(update_fields=["response_alert", "response_breaches"])
        else:
            emails.agent_reply_due(case, overdue=False)
            case.response_alert = WARNED
            case.save(update_fields=["response_alert"])
        return 1
