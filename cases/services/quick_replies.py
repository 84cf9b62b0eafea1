"""Sending a Respuesta rápida: the reply, then its action, through the usual services."""

from django.db import transaction
from django.db.models import F

from accounts.models import User

from ..models import Case, QuickReply, QuickReplyAction
from ..quick_replies import fill_placeholders, placeholder_values
from .comments import comment_add
from .pending_tasks import task_open
from .resolve import case_resolve


def quick_reply_count_use(*, quick_reply: QuickReply) -> None:
    QuickReply.objects.filter(pk=quick_reply.pk).update(usage_count=F("usage_count") + 1)


def quick_reply_send(
    *,
    case: Case,
    actor: User,
    quick_reply: QuickReply,
    body: str,
    attachments: list | None = None,
) -> Case:
    """Send `body` (the reply's text as the agent left it) and do the reply's action:
    resolve the case with it, or ask the seller for the reply's request (the request's
    text is the reply followed by it: one request, one email). Counts the use."""
    with transaction.atomic():
        if quick_reply.action == QuickReplyAction.RESOLVE:
            case_resolve(case=case, actor=actor, message=body, attachments=attachments)
        elif quick_reply.action == QuickReplyAction.REQUEST_INFORMATION:
            # One request, one email: the reply followed by what the seller must send.
            task = fill_placeholders(quick_reply.task_text, placeholder_values(case, actor))
            task_open(
                case=case, requested_by=actor, request_text=f"{body.strip()}\n\n{task}".strip()
            )
        else:
            comment_add(case=case, author=actor, body=body, attachments=attachments)
        quick_reply_count_use(quick_reply=quick_reply)
    return case
