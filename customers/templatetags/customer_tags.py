from dataclasses import dataclass
from datetime import datetime

from django import template
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.templatetags.case_tags import short_datetime

from ..models import RequestKind, RequestStatus

register = template.Library()

STATUS_BADGES = {
    RequestStatus.AWAITING: "text-bg-warning",
    RequestStatus.ANSWERED: "text-bg-success",
    RequestStatus.CLOSED: "text-bg-secondary",
}
KIND_BADGES = {
    RequestKind.QUESTION: "text-bg-light border",
    RequestKind.POST_SALE: "text-bg-info",
    RequestKind.CLAIM: "text-bg-danger",
}


def duration(seconds: int) -> str:
    """ "2 d 3 h", "5 h 20 min", "35 min" (at least a minute)."""
    minutes = max(seconds // 60, 1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    return f"{minutes} min"


@register.filter
def business_duration(seconds) -> str:
    return "—" if seconds is None else duration(int(seconds))


@register.simple_tag
def time_left(request, now: datetime):
    """ "Vence en 5 h 20 min" or "Vencida" while the request waits; nothing otherwise."""
    if request.due_at is None:
        return ""
    left = int((request.due_at - now).total_seconds())
    if left <= 0:
        return format_html(
            '<span class="badge sc-status text-bg-danger" data-testid="overdue">{}</span>',
            pgettext("customer request deadline", "Overdue"),
        )
    urgent = left < 2 * 3600
    return format_html(
        '<span class="{}">{}</span>',
        "fw-semibold text-danger-emphasis" if urgent else "",
        _("Due in %(time)s") % {"time": duration(left)},
    )


@register.simple_tag
def request_status_badge(status: str):
    try:
        label = RequestStatus(status).label
    except ValueError:
        label = status
    return format_html(
        '<span class="badge sc-status {}" data-status="{}">{}</span>',
        STATUS_BADGES.get(status, "text-bg-light"),
        status,
        label,
    )


@register.simple_tag
def kind_badge(kind: str):
    try:
        label = RequestKind(kind).label
    except ValueError:
        label = kind
    return format_html(
        '<span class="badge {}" data-kind="{}">{}</span>', KIND_BADGES.get(kind, ""), kind, label
    )


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{round(value)} %"


@dataclass(frozen=True)
class RequestRow:
    """A listed request as the lists show it: a table row on a wide screen, a card (its
    summary and status) on a phone, and the summary alone on the home page.

    Written once per request with format_html, as the admin writes its result rows: a
    page of 25 requests in template tags was about 900 nodes, most of the page's time
    (docs/benchmarks.md, the inbox's search)."""

    table_row: str
    summary: str
    status: str


@register.simple_tag
def request_rows(requests, now: datetime) -> list[RequestRow]:
    return [_request_row(request, now) for request in requests]


def _request_row(request, now: datetime) -> RequestRow:
    url = request.get_absolute_url()
    kind = kind_badge(request.kind)
    status = request_status_badge(request.status)
    left = time_left(request, now)
    last_message = short_datetime(localtime(request.last_message_at))
    due = short_datetime(localtime(request.due_at)) if request.due_at else ""
    table_row = format_html(
        '<tr><td><a class="fw-semibold" href="{}">{}</a></td><td>{}</td>'
        '<td class="small">{}{}</td><td class="text-nowrap small">{}</td><td>{}</td>'
        '<td class="text-nowrap small">{}</td><td class="small">{}{}</td></tr>',
        url,
        request.buyer_name,
        kind,
        Truncator(request.summary).chars(90),
        _div("text-body-secondary", request.product_title),
        request.order_number or "—",
        status,
        last_message,
        left,
        _div("text-body-secondary", due),
    )
    order_label, last_message_label = _("Order"), _("Last message")
    details = [
        *([f"{order_label} {request.order_number}"] if request.order_number else []),
        *([request.product_title] if request.product_title else []),
        f"{last_message_label}: {last_message}",
    ]
    summary = format_html(
        '<div class="d-flex flex-wrap justify-content-between align-items-center column-gap-2">'
        '<span><a class="fw-semibold sc-tap" href="{}">{}</a> {}</span>'
        '<span class="small">{}</span></div><div>{}</div>'
        '<div class="small text-body-secondary">{}</div>',
        url,
        request.buyer_name,
        kind,
        left,
        Truncator(request.summary).chars(140),
        " · ".join(details),
    )
    return RequestRow(table_row=table_row, summary=summary, status=status)


def _div(css_class: str, text: str) -> str:
    return format_html('<div class="{}">{}</div>', css_class, text) if text else ""
