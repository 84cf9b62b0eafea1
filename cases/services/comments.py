"""Messages on a case: the seller's, support's replies (emailed to the seller in the same
transaction) and the agents' internal notes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .. import emails
from ..clocks import case_set_waiting_on
from ..files.uploads import check_uploads
from ..history import event_record
from ..models import Case, Comment, EventKind
from ..policies import agent_comment_error, raise_if, seller_comment_error
from ..status import OPEN_STATUSES, CaseStatus, WaitingOn
from .attachments import attachments_add
from .case_status import mark_first_response, start_work
from .locking import lock_case


def comment_add(
    *,
    case: Case,
    author: User,
    body: str,
    internal: bool = False,
    attachments: list | None = None,
    by_email: bool = False,
    email_seller: bool = True,
) -> Comment:
    """A message on a case: from the seller, from support, or an agents-only note.

    Support's public reply hands an open case to the seller; the seller's message puts it
    in front of support and tells the agents who work it (cases/clocks.py, emails).
    `by_email`: the seller wrote it by replying to an email (cases/replies.py).
    `email_seller=False`: support's reply is not emailed on its own, the caller's email
    carries it (the resolution, services/resolve.py)."""
    agent = author.is_agent
    if not agent and author.seller_id != case.seller_id:
        raise PermissionDenied("Not this seller's case.")
    if internal and not agent:
        raise PermissionDenied("Only support agents write internal notes.")
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."), code="required")
    uploads = check_uploads(attachments or [])
    with transaction.atomic():
        case = lock_case(case)
        raise_if(
            agent_comment_error(case, internal=internal) if agent else seller_comment_error(case)
        )
        now = timezone.now()
        comment = Comment.objects.create(
            case=case,
            author=author,
            body=body,
            is_internal=internal,
            by_email=by_email,
            created_at=now,
        )
        event_record(
            case=case,
            kind=EventKind.INTERNAL_NOTE if internal else EventKind.COMMENT,
            actor=author,
            at=now,
            comment=comment,
            data={"from_support": agent, "by_email": by_email},
        )
        if agent and not internal and email_seller:
            emails.support_replied(comment)
        attachments_add(
            case=case, uploaded_by=author, uploads=uploads, comment=comment, internal=internal
        )
        if not internal:
            case.updated_at = now
            case.save(update_fields=["updated_at"])
            if agent:
                mark_first_response(case, now)
                start_work(case, author)
                if case.status in OPEN_STATUSES:
                    case_set_waiting_on(case, WaitingOn.SELLER, by=author, at=now)
            elif case.status != CaseStatus.WAITING_ON_SELLER:
                case_set_waiting_on(case, WaitingOn.SUPPORT, by=author, at=now)
                emails.agent_seller_wrote(comment)
        return comment
