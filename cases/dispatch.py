"""What a case change sets off: the one place side effects plug in.

Every service writes its history event through `event_record`, which calls
`event_recorded` in the same transaction. Emails are queued here as outbox rows in that
transaction (so a committed change never loses its email) and handed to Celery after the
commit; estimated resolution times are recomputed by a Celery task after the commit.
"""

import functools
import logging

from django.db import transaction
from kombu.exceptions import OperationalError

from . import emails
from .models import CaseEvent, Comment, EventKind, PendingTask
from .status import CaseStatus

logger = logging.getLogger(__name__)

# Publishing to a broker that is down: the periodic tasks catch up later.
BROKER_ERRORS = (OperationalError, ConnectionError, OSError)


def event_recorded(event: CaseEvent) -> None:
    kind, data, case = event.kind, event.data or {}, event.case
    if kind == EventKind.CREATED:
        _after_commit_refresh_eta(case.pk)
    elif kind == EventKind.STATUS_CHANGED:
        _after_commit_refresh_eta(case.pk)
        if data.get("to") == CaseStatus.RESOLVED:
            emails.case_resolved(case, event)
        elif data.get("to") == CaseStatus.CLOSED:
            emails.case_closed(case, event)
    elif kind == EventKind.TASK_OPENED:
        emails.task_opened(
            PendingTask.objects.select_related("case__seller").get(pk=data["task_id"])
        )
    elif kind == EventKind.COMMENT and data.get("from_support"):
        emails.support_replied(
            Comment.objects.select_related("case__seller").get(pk=data["comment_id"])
        )


def _after_commit_refresh_eta(case_id: int) -> None:
    transaction.on_commit(functools.partial(publish_eta_refresh, case_id))


def publish_eta_refresh(case_id: int) -> None:
    from .tasks import refresh_case_eta

    try:
        refresh_case_eta.delay(case_id)
    except BROKER_ERRORS:
        logger.warning(
            "Broker unreachable: the estimate of case %s will be computed by the periodic refresh.",
            case_id,
            exc_info=True,
        )
