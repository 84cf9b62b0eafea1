"""Pending tasks: what support asks the seller for. They alone move a case in and out of
"Pendiente de información". Opening one queues the seller's email in its transaction."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .. import emails
from ..clocks import case_set_waiting_on
from ..files.uploads import check_uploads
from ..history import event_record
from ..models import Case, EventKind, PendingTask, TaskStatus
from ..policies import raise_if, task_answer_error, task_open_error
from ..status import CaseStatus
from .attachments import attachments_add
from .case_status import mark_first_response, status_move
from .locking import lock_case
from .reminders import business_days_after


def task_open(
    *, case: Case, requested_by: User, request_text: str, due_date: date | None = None
) -> PendingTask:
    """Ask the seller for information; the case waits on the seller until answered."""
    if not requested_by.is_agent:
        raise PermissionDenied("Only support agents ask sellers for information.")
    request_text = (request_text or "").strip()
    if not request_text:
        raise ValidationError(
            _("Write what information you need from the seller."), code="required"
        )
    with transaction.atomic():
        case = lock_case(case)
        raise_if(task_open_error(case, due_date=due_date))
        now = timezone.now()
        task = PendingTask.objects.create(
            case=case,
            request_text=request_text,
            due_date=due_date,
            requested_by=requested_by,
            requested_at=now,
            next_reminder_at=business_days_after(
                case, now, settings.TASK_REMINDER_FIRST_BUSINESS_DAYS
            ),
        )
        event_record(
            case=case,
            kind=EventKind.TASK_OPENED,
            actor=requested_by,
            at=now,
            task=task,
            data={"text": request_text},
        )
        emails.task_opened(task)
        mark_first_response(case, now)
        if case.status != CaseStatus.WAITING_ON_SELLER:
            status_move(case, CaseStatus.WAITING_ON_SELLER, actor=requested_by)
        else:
            case.updated_at = now
            case.save(update_fields=["updated_at"])
        return task


def _locked_open_task(task: PendingTask) -> tuple[Case, PendingTask]:
    case = lock_case(task.case)
    task = PendingTask.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise ValidationError(
            _("This request was already answered or cancelled."), code="task_not_open"
        )
    return case, task


def _resume_when_no_task_is_open(case: Case, actor) -> None:
    still_open = PendingTask.objects.filter(case=case, status=TaskStatus.OPEN).exists()
    if not still_open and case.status == CaseStatus.WAITING_ON_SELLER:
        status_move(case, CaseStatus.IN_PROGRESS, actor=actor)
    else:
        case.updated_at = timezone.now()
        case.save(update_fields=["updated_at"])
        case_set_waiting_on(case, case.waiting_on, by=actor, at=case.updated_at)


def task_answer(
    *,
    task: PendingTask,
    answered_by: User,
    answer_text: str,
    attachments: list | None = None,
    by_email: bool = False,
) -> PendingTask:
    """The seller answers (words, files or both); when no request is left open, the case
    goes back to support. `by_email`: by replying to an email (cases/replies.py)."""
    if answered_by.seller_id is None or answered_by.seller_id != task.case.seller_id:
        raise PermissionDenied("Only the seller's users answer its tasks.")
    answer_text = (answer_text or "").strip()
    uploads = check_uploads(attachments or [])
    raise_if(task_answer_error(text=answer_text, has_files=bool(uploads)))
    with transaction.atomic():
        case, task = _locked_open_task(task)
        now = timezone.now()
        task.status = TaskStatus.ANSWERED
        task.answer_text = answer_text
        task.answered_by = answered_by
        task.answered_at = now
        task.answered_by_email = by_email
        task.save(
            update_fields=[
                "status",
                "answer_text",
                "answered_by",
                "answered_at",
                "answered_by_email",
            ]
        )
        event_record(
            case=case,
            kind=EventKind.TASK_ANSWERED,
            actor=answered_by,
            at=now,
            task=task,
            data={"text": answer_text, "by_email": by_email},
        )
        attachments_add(case=case, uploaded_by=answered_by, uploads=uploads, task=task)
        _resume_when_no_task_is_open(case, answered_by)
        emails.agent_task_answered(task)
        return task


def task_cancel(*, task: PendingTask, cancelled_by: User, reason: str = "") -> PendingTask:
    if not cancelled_by.is_agent:
        raise PermissionDenied("Only support agents cancel requests.")
    with transaction.atomic():
        case, task = _locked_open_task(task)
        _mark_cancelled(case, task, cancelled_by, reason=(reason or "").strip())
        _resume_when_no_task_is_open(case, cancelled_by)
        return task


def cancel_open_tasks(case: Case, actor) -> None:
    """A case resolved while it waits on the seller: its open requests no longer apply."""
    for task in case.tasks.select_for_update().filter(status=TaskStatus.OPEN):
        _mark_cancelled(case, task, actor, reason="resolved")


def _mark_cancelled(case: Case, task: PendingTask, actor, *, reason: str) -> None:
    now = timezone.now()
    task.status = TaskStatus.CANCELLED
    task.cancelled_by = actor
    task.cancelled_at = now
    task.save(update_fields=["status", "cancelled_by", "cancelled_at"])
    event_record(
        case=case,
        kind=EventKind.TASK_CANCELLED,
        actor=actor,
        at=now,
        task=task,
        data={"reason": reason},
    )
