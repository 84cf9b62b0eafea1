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


class WaitingOn(models.TextChoices):
    """Who must act next on an open case; blank once support resolved it. The services set
    it with each change (cases/services), never a page."""

    SUPPORT = "support", _("Support")
    SELLER = "seller", _("Seller")
    NOBODY = "", _("Nobody")


# Open until support resolves it; "Casos cerrados" holds what support has resolved.
OPEN_STATUSES = frozenset({S.OPEN, S.IN_PROGRESS, S.WAITING_ON_SELLER, S.REOPENED})
CLOSED_STATUSES = frozenset({S.RESOLVED, S.CLOSED})

# Who must act next once a case reaches a status. Messages move it too (an agent's
# public reply hands an open case to the seller, the seller's message back to support):
# cases/clocks.py, called by the services.
WAITING_ON_BY_STATUS: dict[str, str] = {
    S.OPEN: WaitingOn.SUPPORT,
    S.IN_PROGRESS: WaitingOn.SUPPORT,
    S.REOPENED: WaitingOn.SUPPORT,
    S.WAITING_ON_SELLER: WaitingOn.SELLER,
    S.RESOLVED: WaitingOn.NOBODY,
    S.CLOSED: WaitingOn.NOBODY,
}


def in_order(statuses) -> tuple[str, ...]:
    """Statuses in declaration order: the same SQL (and index predicates) every time."""
    return tuple(s.value for s in CaseStatus if s in statuses)
