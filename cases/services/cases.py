"""Writes on a case itself: create, status, assignment, priority, and closing resolved
cases once their reopen window is over."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller, User

from .. import emails
from ..clocks import case_set_waiting_on
from ..files.uploads import check_uploads
from ..history import event_record
from ..models import SUBJECT_MAX_LENGTH, Case, Cause, Comment, EventKind, Priority
from ..numbering import allocate_case_number
from ..policies import raise_if, status_change_error
from ..references import MAX_LENGTH as MAX_REFERENCE_LENGTH
from ..status import CaseStatus, WaitingOn
from ..taxonomy.fields import build_form_field, serialize_answer
from .assignment import case_assign_automatically
from .attachments import attachments_add
from .case_status import refresh_eta_after_commit, start_work, status_move
from .counts import counts_case_added
from .locking import lock_case
from .pending_tasks import cancel_open_tasks

S = CaseStatus


def _clean_answers(cause: Cause, answers: dict[str, Any], country: str) -> tuple[list, dict]:
    """Validate the answers against the cause's active fields, as the wizard form does
    for a seller of this country."""
    definitions = list(cause.fields.filter(is_active=True).prefetch_related("per_country"))
    errors, cleaned = {}, {}
    for definition in definitions:
        try:
            cleaned[definition.key] = build_form_field(definition, country=country).clean(
                answers.get(definition.key)
            )
        except ValidationError as exc:
            errors[definition.key] = exc
    unknown = set(answers) - {d.key for d in definitions}
    if unknown:
        errors["__all__"] = ValidationError(
            _("These answers are not asked by this cause: %(keys)s."),
            code="unknown_answers",
            params={"keys": ", ".join(sorted(unknown))},
        )
    if errors:
        raise ValidationError(errors)
    return definitions, cleaned


def case_create(
    *,
    seller: Seller,
    created_by: User,
    cause: Cause,
    subject: str,
    description: str,
    answers: dict[str, Any] | None = None,
    attachments: list | None = None,
    submission_key: uuid.UUID | None = None,
    external_reference: str = "",
) -> Case:
    """File a case for a seller. With a submission key, a repeated call returns the same case.

    `external_reference` links it to what it is about outside (cases/references.py)."""
    if created_by.seller_id != seller.pk:
        raise PermissionDenied("A user files cases for their own seller only.")
    if submission_key:
        existing = Case.objects.filter(submission_key=submission_key, seller=seller).first()
        if existing:
            return existing
    cause = Cause.objects.select_related("area__record_type").get(pk=cause.pk)
    if not cause.is_offered:
        raise ValidationError(
            _("“%(cause)s” is no longer available. Choose another reason."),
            code="cause_unavailable",
            params={"cause": cause.name},
        )
    subject, description = (subject or "").strip(), (description or "").strip()
    if not subject or not description:
        raise ValidationError(_("A case needs a subject and a description."), code="required")
    definitions, cleaned = _clean_answers(cause, answers or {}, seller.country)
    extra_uploads = check_uploads(attachments or [])
    if len(external_reference) > MAX_REFERENCE_LENGTH:
        raise ValueError("external_reference is too long")
    try:
        with transaction.atomic():
            return _insert_case(
                seller=seller,
                created_by=created_by,
                cause=cause,
                subject=subject[:SUBJECT_MAX_LENGTH],
                description=description,
                definitions=definitions,
                cleaned=cleaned,
                extra_uploads=extra_uploads,
                submission_key=submission_key,
                external_reference=external_reference,
            )
    except IntegrityError:
        # Another request confirmed the same wizard first: that case is the one.
        if submission_key:
            existing = Case.objects.filter(submission_key=submission_key, seller=seller).first()
            if existing:
                return existing
        raise


def _insert_case(
    *,
    seller,
    created_by,
    cause,
    subject,
    description,
    definitions,
    cleaned,
    extra_uploads,
    submission_key,
    external_reference="",
) -> Case:
    now = timezone.now()
    case = Case.objects.create(
        number=allocate_case_number(),
        seller=seller,
        created_by=created_by,
        record_type=cause.area.record_type,
        area=cause.area,
        cause=cause,
        record_type_name=cause.area.record_type.name,
        area_name=cause.area.name,
        cause_name=cause.name,
        subject=subject,
        description=description,
        priority=cause.default_priority,
        created_at=now,
        updated_at=now,
        submission_key=submission_key,
        external_reference=external_reference,
    )
    event_record(
        case=case,
        kind=EventKind.CREATED,
        actor=created_by,
        at=now,
        data={"number": case.number, "reason": case.reason},
    )
    refresh_eta_after_commit(case)
    answers = []
    for definition in definitions:
        value = cleaned[definition.key]
        answer = serialize_answer(definition, value, country=seller.country)
        if definition.field_type == "file" and value:
            stored = attachments_add(
                case=case, uploaded_by=created_by, uploads=value, field_key=definition.key
            )
            answer["value"] = [str(a.pk) for a in stored]
            answer["display"] = ", ".join(a.original_name for a in stored)
        answers.append(answer)
    case.answers = answers
    case.save(update_fields=["answers"])
    attachments_add(case=case, uploaded_by=created_by, uploads=extra_uploads)
    case_set_waiting_on(case, WaitingOn.SUPPORT, by=created_by, at=now)
    case_assign_automatically(case=case)
    emails.case_created(case)
    # Last: the seller's count row stays locked until the commit, so it is taken after the
    # slow parts (files, emails) and one seller's cases filed at once wait on it briefly.
    counts_case_added(seller_id=seller.pk, status=case.status)
    return case


def case_change_status(
    *,
    case: Case,
    to_status: str,
    actor: User | None,
    reason: str = "",
    resolution: Comment | None = None,
) -> Case:
    """Resolve, close, reopen or start a case. Waiting is entered through tasks only.

    `resolution`: the message to the seller that resolves it (services/resolve.py)."""
    reason = (reason or "").strip()
    # No actor: the system itself (closing a resolved case after the reopen window).
    by_seller = actor is not None and not actor.is_agent
    if by_seller and actor.seller_id != case.seller_id:
        raise PermissionDenied("Not this seller's case.")
    with transaction.atomic():
        case = lock_case(case)
        raise_if(status_change_error(case, to_status, by_seller=by_seller, reason=reason))
        if to_status == S.RESOLVED:
            cancel_open_tasks(case, actor)
        data = {"reason": reason} if reason else None
        case = status_move(case, to_status, actor=actor, data=data, resolution=resolution)
        if to_status == S.REOPENED:
            # First: the agents' email goes to whoever has the case now.
            case_assign_automatically(case=case, keep_current=True)
        if by_seller and to_status == S.REOPENED:
            emails.agent_case_reopened(case, reason=reason)
        return case


def case_assign(*, case: Case, assignee: User | None, actor: User) -> Case:
    if not actor.is_agent:
        raise PermissionDenied("Only support agents assign cases.")
    if assignee is not None and not assignee.is_agent:
        raise ValidationError(_("Cases are assigned to support agents only."), code="not_agent")
    with transaction.atomic():
        case = lock_case(case)
        if case.assigned_to_id == (assignee.pk if assignee else None):
            return case
        case.assigned_to = assignee
        case.updated_at = timezone.now()
        case.save(update_fields=["assigned_to", "updated_at"])
        event_record(
            case=case,
            kind=EventKind.ASSIGNED,
            actor=actor,
            data={
                "to": str(assignee) if assignee else "",
                "to_id": assignee.pk if assignee else None,
            },
        )
        if assignee is not None:
            start_work(case, actor)
        return case


def case_set_priority(*, case: Case, priority: str, actor: User) -> Case:
    if not actor.is_agent:
        raise PermissionDenied("Only support agents change priorities.")
    if priority not in Priority.values:
        raise ValidationError(_("Unknown priority."), code="invalid_priority")
    with transaction.atomic():
        case = lock_case(case)
        if case.priority == priority:
            return case
        previous, case.priority = case.priority, priority
        case.save(update_fields=["priority"])
        event_record(
            case=case,
            kind=EventKind.PRIORITY_CHANGED,
            actor=actor,
            data={"from": previous, "to": priority},
        )
        return case


def cases_autoclose(*, now: datetime | None = None, limit: int = 500) -> int:
    """Close the cases resolved longer ago than the reopen window; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CASE_REOPEN_WINDOW_DAYS)
    candidates = list(
        Case.objects.filter(status=S.RESOLVED, resolved_at__lte=cutoff)
        .order_by("resolved_at")
        .values_list("pk", flat=True)[:limit]
    )
    closed = 0
    for case_id in candidates:
        try:
            case_change_status(case=Case(pk=case_id), to_status=S.CLOSED, actor=None)
        except ValidationError:
            continue  # reopened by the seller meanwhile
        closed += 1
    return closed
