"""What a user may do with a case, in one place: how a case may move between statuses
(the status machine), and who may make which change, as functions that return the error
(or None).

Services raise these under the case lock; forms and pages call them first so the error
lands next to what the user typed, and only the buttons that would work are shown. The
statuses themselves are named in cases/status.py; the one writer of a case's status is
cases/services/case_status.py, which checks every move here.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.time_zones import seller_today

from .models import Case, CaseRating, Cause
from .status import OPEN_STATUSES, CaseStatus

S = CaseStatus

# --- the status machine ------------------------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.IN_PROGRESS, S.WAITING_ON_SELLER, S.RESOLVED}),
    S.IN_PROGRESS: frozenset({S.WAITING_ON_SELLER, S.RESOLVED}),
    S.WAITING_ON_SELLER: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.REOPENED: frozenset({S.IN_PROGRESS, S.WAITING_ON_SELLER, S.RESOLVED}),
    S.CLOSED: frozenset(),
}

# Where a case may receive work from an agent (a reply that starts it, a task).
WORKABLE_STATUSES = OPEN_STATUSES

# The only status changes a seller makes, on a resolved case.
SELLER_MOVES = {(S.RESOLVED, S.REOPENED), (S.RESOLVED, S.CLOSED)}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def transition_error(from_status: str, to_status: str) -> ValidationError | None:
    """The status machine's answer to a move, whoever asks for it."""
    if can_transition(from_status, to_status):
        return None
    return ValidationError(
        _("A case cannot go from “%(from)s” to “%(to)s”."),
        code="invalid_transition",
        params={"from": S(from_status).label, "to": S(to_status).label},
    )


def check_transition(from_status: str, to_status: str) -> None:
    raise_if(transition_error(from_status, to_status))


# --- who may do what -----------------------------------------------------------------------


def reopen_deadline(case: Case):
    if case.resolved_at is None:
        return None
    return case.resolved_at + timedelta(days=settings.CASE_REOPEN_WINDOW_DAYS)


def can_seller_reopen(case: Case) -> bool:
    deadline = reopen_deadline(case)
    return case.status == S.RESOLVED and deadline is not None and timezone.now() <= deadline


def status_change_error(
    case: Case, to_status: str, *, by_seller: bool = False, reason: str = ""
) -> ValidationError | None:
    if to_status == S.WAITING_ON_SELLER:
        return ValidationError(
            _("To wait for the seller, ask them for information (a pending task)."),
            code="use_task",
        )
    if by_seller:
        if (case.status, to_status) not in SELLER_MOVES:
            return ValidationError(
                _("You cannot make this change to the case."), code="not_allowed"
            )
        if to_status == S.REOPENED:
            if not (reason or "").strip():
                return ValidationError(
                    _("Tell us why the case is not solved."), code="reason_required"
                )
            if not can_seller_reopen(case):
                return ValidationError(
                    _("The time to reopen this case is over. Create a new case."),
                    code="reopen_window_closed",
                )
    if case.status == S.WAITING_ON_SELLER and to_status == S.IN_PROGRESS:
        return ValidationError(
            _("The case has open requests: they must be answered or cancelled first."),
            code="open_tasks",
        )
    return transition_error(case.status, to_status)


def task_open_error(case: Case, *, due_date: date | None = None) -> ValidationError | None:
    if case.status not in WORKABLE_STATUSES:
        return ValidationError(
            _("Information can only be requested on an open case."), code="case_not_open"
        )
    # The seller answers by that day in their own time zone.
    if due_date is not None and due_date < seller_today(case.seller):
        return ValidationError(_("The due date cannot be in the past."), code="due_in_past")
    return None


def cause_change_error(case: Case, cause: Cause) -> ValidationError | None:
    """Why an agent cannot move this case to this cause now (None: they can)."""
    if case.status not in WORKABLE_STATUSES:
        return ValidationError(
            _("The reason of a resolved or closed case cannot change: reopen it first."),
            code="case_not_open",
        )
    if cause.pk == case.cause_id:
        return ValidationError(_("The case already has this reason."), code="same_cause")
    if not cause.is_offered:
        return ValidationError(
            _("“%(cause)s” is not offered to sellers: choose an active reason."),
            code="cause_unavailable",
            params={"cause": cause.name},
        )
    return None


def task_answer_error(*, text: str, has_files: bool) -> ValidationError | None:
    """An answer is words, files, or both: files alone answer a request too."""
    if not (text or "").strip() and not has_files:
        return ValidationError(_("Write your answer or attach a file."), code="required")
    return None


def agent_comment_error(case: Case, *, internal: bool) -> ValidationError | None:
    if not internal and case.status == S.CLOSED:
        return ValidationError(
            _("The case is closed: the seller can no longer answer. Use an internal note."),
            code="case_closed",
        )
    return None


def seller_comment_error(case: Case) -> ValidationError | None:
    if case.status not in OPEN_STATUSES:
        return ValidationError(
            _("This case is no longer open. Reopen it or create a new case."),
            code="case_not_open",
        )
    return None


def has_rating(case: Case) -> bool:
    try:
        case.rating  # noqa: B018  (loaded with the case by the page's selector)
    except CaseRating.DoesNotExist:
        return False
    return True


def rating_error(case: Case) -> ValidationError | None:
    if case.status != S.CLOSED:
        return ValidationError(
            _("You can rate the support once the case is closed."), code="case_not_closed"
        )
    if has_rating(case):
        return ValidationError(_("This case was already rated. Thank you!"), code="already_rated")
    return None


def raise_if(error: ValidationError | None) -> None:
    if error is not None:
        raise error
