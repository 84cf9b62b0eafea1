"""An agent moves a case to another cause ("Cambiar motivo"): the case keeps what the
seller answered, asks for what the new cause needs that is missing, and gets a new
estimate. The seller's own choice is kept (CaseCauseChange) for the triage model."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..history import event_record
from ..models import Case, CaseCauseChange, CaseField, Cause, EventKind
from ..policies import cause_change_error, raise_if
from .case_status import refresh_eta_after_commit
from .locking import lock_case
from .pending_tasks import task_open


def missing_required_fields(case: Case, cause: Cause) -> list[CaseField]:
    """The new cause's required fields the case has no answer for (by field key)."""
    answered = {a.get("key") for a in case.answers or [] if a.get("value") not in (None, "", [])}
    return [
        field
        for field in cause.fields.filter(is_active=True, required=True)
        if field.key not in answered
    ]


def case_change_cause(*, case: Case, cause: Cause, changed_by: User) -> Case:
    """Move the case to `cause` (its record type and area follow). Its answers stay;
    the new cause's required fields it lacks become one pending task for the seller
    (emailed as any request for information); the estimate is computed again after the
    commit; the history says from what to what, and by whom."""
    if not changed_by.is_agent:
        raise PermissionDenied("Only support agents change a case's reason.")
    cause = Cause.objects.select_related("area__record_type").get(pk=cause.pk)
    with transaction.atomic():
        case = lock_case(case)
        previous = Cause.objects.select_related("area__record_type").get(pk=case.cause_id)
        raise_if(cause_change_error(case, cause))
        now = timezone.now()
        first_change = not CaseCauseChange.objects.filter(case=case).exists()
        CaseCauseChange.objects.create(
            case=case,
            from_cause=previous,
            to_cause=cause,
            changed_by=changed_by,
            changed_at=now,
            from_seller_choice=first_change,
        )
        from_reason = case.reason
        case.record_type = cause.area.record_type
        case.area = cause.area
        case.cause = cause
        case.record_type_name = cause.area.record_type.name
        case.area_name = cause.area.name
        case.cause_name = cause.name
        case.updated_at = now
        case.save(
            update_fields=[
                "record_type",
                "area",
                "cause",
                "record_type_name",
                "area_name",
                "cause_name",
                "updated_at",
            ]
        )
        event_record(
            case=case,
            kind=EventKind.CAUSE_CHANGED,
            actor=changed_by,
            at=now,
            data={
                "from": from_reason,
                "to": case.reason,
                "from_cause_id": previous.pk,
                "to_cause_id": cause.pk,
            },
        )
        missing = missing_required_fields(case, cause)
        if missing:
            task_open(
                case=case,
                requested_by=changed_by,
                request_text=_(
                    "We moved your case to the reason “%(cause)s”. To handle it we also "
                    "need: %(fields)s."
                )
                % {"cause": cause.name, "fields": ", ".join(f.label for f in missing)},
            )
            case.refresh_from_db()  # the task moved it to "waiting for information"
        # Another target and other resolved cases to learn from: a new estimate.
        refresh_eta_after_commit(case)
        return case
