"""The statuses of a case, and how they group (open, closed). How a case may move
between them, and who may move it, is said in one place: cases/policies.py; the one
writer of `Case.status` is cases/services/case_status.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_ON_SELLER = "waiting_on_seller", _("Waiting for information")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")


S = CaseStatus

# Open until support resolves it; "Casos cerrados" holds what support has resolved.
OPEN_STATUSES = frozenset({S.OPEN, S.IN_PROGRESS, S.WAITING_ON_SELLER, S.REOPENED})
CLOSED_STATUSES = frozenset({S.RESOLVED, S.CLOSED})


def in_order(statuses) -> tuple[str, ...]:
    """Statuses in declaration order: the same SQL (and index predicates) every time."""
    return tuple(s.value for s in CaseStatus if s in statuses)
