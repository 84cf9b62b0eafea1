from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..eta.display import business_days_left
from ..history import describe_event
from ..references import describe_reference
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


# Lists format hundreds of dates a page (tray rows, messages, history). Django's |date is
# a general formatter (~30 µs a date); these write the same text as |date:"d-m-Y",
# |date:"d-m-Y H:i" and |date:"c" in the local time zone, about ten times faster.
@register.filter(expects_localtime=True)
def short_date(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


@register.filter(expects_localtime=True)
def short_datetime(value) -> str:
    return value.strftime("%d-%m-%Y %H:%M") if value else ""


@register.filter(expects_localtime=True)
def iso_datetime(value) -> str:
    return value.isoformat() if value else ""


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


@register.simple_tag
def case_eta(case):
    """The estimated resolution in plain words (computed in the background, see cases/eta).

    Written here rather than in an inclusion template: the trays show it on every row,
    twice (table and cards), and a template per call cost more than the rest of the row.
    """
    if case.status in CLOSED_STATUSES:
        resolved = case.resolved_at or case.closed_at
        if not resolved:
            return "—"
        return _("Resolved on %(date)s") % {"date": short_date(localtime(resolved))}
    if case.eta_due_at is None:
        return format_html('<span class="text-body-secondary">{}</span>', _("Calculating…"))
    due = short_date(localtime(case.eta_due_at))
    left = eta_days_left(case)
    days = ngettext(
        "approx. %(days)s business day",
        "approx. %(days)s business days",
        left,
    ) % {"days": left}
    if case.is_overdue:
        return format_html(
            '<span class="text-danger-emphasis fw-semibold">{}</span> '
            '<span class="text-body-secondary">({})</span>',
            _("Late — new estimated date: %(date)s") % {"date": due},
            days,
        )
    return format_html('{} <span class="text-body-secondary">({})</span>', due, days)


@dataclass(frozen=True)
class TrayRow:
    """A tray's case with what its row shows, formatted once: the page shows each case
    twice (the table, and the cards on a phone)."""

    case: object
    url: str
    status: str
    marker: str
    created: str
    updated: str
    eta: str


@register.simple_tag
def tray_rows(cases) -> list[TrayRow]:
    return [
        TrayRow(
            case=case,
            url=case.get_absolute_url(),
            status=status_badge(case.status),
            marker=open_task_marker(case),
            created=short_date(localtime(case.created_at)),
            updated=short_datetime(localtime(case.updated_at)),
            eta=case_eta(case),
        )
        for case in cases
    ]


@register.filter
def eta_days_left(case) -> int | None:
    """Business days from now to the case's estimated date, in the seller's calendar:
    computed on each rendering (cases/eta/display.py), so it never goes stale."""
    if case.eta_due_at is None:
        return None
    seller = case.seller
    return business_days_left(
        due_at=case.eta_due_at,
        now=timezone.now(),
        country=seller.country,
        time_zone=seller.time_zone,
    )


@register.simple_tag
def case_reference(case):
    """What the case was filed about outside (cases/references.py), linked when known."""
    reference = describe_reference(case.external_reference)
    if reference is None:
        return ""
    if reference.url:
        return format_html('<a href="{}">{}</a>', reference.url, reference.label)
    return reference.label


@register.filter
def dictget(row: dict, key: str):
    """row[key] in a template whose key is a variable (the dashboard's shared table)."""
    return row.get(key) if isinstance(row, dict) else None
