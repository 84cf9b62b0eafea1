"""The only code that changes a case. Each service runs in a transaction and writes its
history event in it; side effects run on commit (cases/dispatch.py)."""

from .attachments import attachments_add, attachments_delete_orphans
from .cases import (
    case_assign,
    case_change_status,
    case_create,
    case_set_priority,
)
from .cause import case_change_cause
from .comments import comment_add
from .counts import case_counts_rebuild
from .eta import case_refresh_eta
from .guards import can_seller_reopen, reopen_deadline
from .rating import case_rate
from .tasks import task_answer, task_cancel, task_open

__all__ = [
    "attachments_add",
    "attachments_delete_orphans",
    "can_seller_reopen",
    "case_assign",
    "case_change_cause",
    "case_counts_rebuild",
    "case_change_status",
    "case_rate",
    "case_create",
    "case_refresh_eta",
    "case_set_priority",
    "comment_add",
    "reopen_deadline",
    "task_answer",
    "task_cancel",
    "task_open",
]
