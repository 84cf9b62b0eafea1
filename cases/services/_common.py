from django.utils import timezone

from .. import dispatch
from ..models import INTERNAL_EVENT_KINDS, Case, CaseEvent


def lock_case(case: Case) -> Case:
    """The case row, locked for this transaction: concurrent changes wait their turn."""
    return Case.objects.select_for_update().get(pk=case.pk)


def event_record(
    *,
    case: Case,
    kind: str,
    actor=None,
    data: dict | None = None,
    at=None,
    internal: bool = False,
) -> CaseEvent:
    """Append to the case history, in the caller's transaction; side effects on commit."""
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        data=data or {},
        created_at=at or timezone.now(),
        is_internal=internal or kind in INTERNAL_EVENT_KINDS,
    )
    dispatch.event_recorded(event)
    return event


def is_agent(user) -> bool:
    return user is not None and user.is_staff and user.seller_id is None
