"""The case status machine: the statuses, which moves are allowed, and the trays.

This is the only place that says how a case may move. Services check every change here;
nothing else writes `Case.status`.
"""

from django.core.exceptions import ValidationError
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

TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.WAITING_ON_SELLER, S.RESOLVED}),
    S.IN_PROGRESS: frozenset({S.WAITING_ON_SELLER, S.RESOLVED}),
    S.WAITING_ON_SELLER: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.REOPENED: frozenset({S.IN_PROGRESS, S.WAITING_ON_SELLER, S.RESOLVED}),
    S.CLOSED: frozenset(),
}

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

# Where a case may receive work from an agent (a reply that starts it, a task).
WORKABLE_STATUSES = OPEN_STATUSES
# Waiting is entered and left only through pending tasks (open, answer, cancel).
TASK_DRIVEN_STATUSES = frozenset({S.WAITING_ON_SELLER})


def in_order(statuses) -> tuple[str, ...]:
    """Statuses in declaration order: the same SQL (and index predicates) every time."""
    return tuple(s.value for s in CaseStatus if s in statuses)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def check_transition(from_status: str, to_status: str) -> None:
    if not can_transition(from_status, to_status):
        raise ValidationError(
            _("A case cannot go from “%(from)s” to “%(to)s”."),
            code="invalid_transition",
            params={"from": S(from_status).label, "to": S(to_status).label},
        )


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES
