from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..history import describe_event
from ..status import CLOSED_STATUSES, CaseStatus

register = template.Library()

S = CaseStatus
# Bootstrap's text-bg-* pairs; app.css darkens the white-text ones to a 6:1 contrast.
STATUS_BADGES = {
    S.OPEN: "text-bg-primary",
    S.IN_PROGRESS: "text-bg-info",
    S.WAITING_ON_SELLER: "text-bg-warning",
    S.RESOLVED: "text-bg-success",
    S.REOPENED: "text-bg-danger",
    S.CLOSED: "text-bg-secondary",
}


@register.filter
def event_text(event, audience="agent"):
    return describe_event(event, for_seller=audience == "seller")


@register.simple_tag
def status_badge(status: str):
    """The status in Spanish, on its colour (the words carry the meaning, not the colour)."""
    try:
        label = S(status).label
    except ValueError:
        label = status
    return format_html(
        '<span class="badge sc-status {}" data-status="{}">{}</span>',
        STATUS_BADGES.get(status, "text-bg-light"),
        status,
        label,
    )


@register.simple_tag
def open_task_marker(case):
    """A flag on a case waiting for the seller; screen readers hear "Tarea pendiente"."""
    if not case.has_open_tasks:
        return ""
    text = _("Pending task")
    return format_html(
        '<span class="badge rounded-pill text-bg-warning sc-task-marker" title="{}">'
        '<span aria-hidden="true">!</span><span class="visually-hidden">{}</span></span>',
        text,
        text,
    )


@register.inclusion_tag("cases/includes/case_eta.html")
def case_eta(case):
    """The estimated resolution in plain words (computed in the background, see cases/eta)."""
    if case.status in CLOSED_STATUSES:
        state = "resolved"
    elif case.eta_due_at is None:
        state = "pending"
    elif case.is_overdue:
        state = "overdue"
    else:
        state = "estimated"
    return {"case": case, "state": state}
