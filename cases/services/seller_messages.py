"""The seller writes on their case: the one way in, from the case page and by email
(cases/replies.py)."""

from django.core.exceptions import PermissionDenied

from accounts.models import User

from ..models import Case, Comment, PendingTask, TaskStatus
from .comments import comment_add
from .pending_tasks import task_answer


def seller_message_add(
    *,
    case: Case,
    author: User,
    body: str,
    attachments: list | None = None,
    by_email: bool = False,
) -> Comment | PendingTask:
    """While support waits for information (a request is open), the seller's message
    answers the oldest open request: its words and files, or files alone; once none is
    left open, the case goes back to support. Otherwise it is a message in the
    conversation, and the case waits on support. Returns the answered task or the new
    message."""
    if author.seller_id is None or author.seller_id != case.seller_id:
        raise PermissionDenied("Not this seller's case.")
    task = (
        PendingTask.objects.filter(case=case, status=TaskStatus.OPEN)
        .order_by("requested_at", "pk")
        .first()
    )
    if task is not None:
        return task_answer(
            task=task,
            answered_by=author,
            answer_text=body,
            attachments=attachments,
            by_email=by_email,
        )
    return comment_add(
        case=case, author=author, body=body, attachments=attachments, by_email=by_email
    )
