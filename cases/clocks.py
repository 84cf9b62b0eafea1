"""Who must act next on a case, and support's service-level clock.

An open case waits either on support or on the seller. While it waits on support a clock
runs: support's reply is due a number of business hours after the case started waiting
(the first-response target until support first answered, the next-response target after
that), counted in the seller's business calendar (the estimated resolution's calendar,
cases/eta/calendar.py). While it waits on the seller the clock is stopped, so the time the
seller takes never counts against support; when the seller writes again a new clock
starts. A reply given after its due moment is recorded on the case (`response_breaches`).

`case_set_waiting_on` is the one place that moves a case between support and the seller;
the services call it with each change (and only they). It writes on the locked case.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from .eta.calendar import calendar_for
from .models import Case, Cause
from .status import WaitingOn

WARNED = "warned"
BREACHED = "breached"


def response_target_hours(case: Case, *, first: bool) -> int:
    """The cause's target, else its record type's, else the site's default."""
    cause = Cause.objects.select_related("area__record_type").get(pk=case.cause_id)
    name = "first_response_hours" if first else "next_response_hours"
    for source in (cause, cause.area.record_type):
        if getattr(source, name):
            return getattr(source, name)
    return settings.CASE_FIRST_RESPONSE_HOURS if first else settings.CASE_NEXT_RESPONSE_HOURS


def response_due(case: Case, start: datetime, hours: int) -> datetime:
    """`hours` business hours after `start` in the seller's calendar."""
    seller = case.seller
    calendar = calendar_for(seller.country, seller.time_zone)
    return calendar.add_business_seconds(start, hours * 3600)


def case_set_waiting_on(
    case: Case,
    waiting_on: str,
    *,
    by=None,
    at: datetime | None = None,
    activity: bool = True,
):
    """Record who must act next on the (locked) case, starting or stopping the clock.

    A case already waiting on support keeps its running clock (a second message from the
    seller does not push the due moment back). `by` did the thing that moved it: the
    list's "last activity" (unless `activity` is False: a clock started by the system)."""
    at = at or timezone.now()
    fields = ["waiting_on"]
    if activity:
        case.last_activity_at = at
        case.last_activity_by = by
        fields += ["last_activity_at", "last_activity_by"]
    if waiting_on == WaitingOn.SUPPORT:
        if case.waiting_on != WaitingOn.SUPPORT or case.response_due_at is None:
            first = case.first_response_at is None
            case.response_clock_started_at = at
            case.response_due_at = response_due(case, at, response_target_hours(case, first=first))
            case.response_alert = ""
            fields += ["response_clock_started_at", "response_due_at", "response_alert"]
    elif case.response_due_at is not None:
        fields += _stop_clock(case, at)
    case.waiting_on = waiting_on
    case.save(update_fields=fields)
    return case


def _stop_clock(case: Case, at: datetime) -> list[str]:
    fields = ["response_clock_started_at", "response_due_at", "response_alert"]
    if at > case.response_due_at and case.response_alert != BREACHED:
        case.response_breaches += 1
        fields.append("response_breaches")
    case.response_due_at = None
    case.response_clock_started_at = None
    case.response_alert = ""
    return fields


def _amount(delta: timedelta) -> str:
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 60:
        return ngettext("%(n)d min", "%(n)d min", minutes) % {"n": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        text = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
        return f"{text} {minutes} min" if minutes else text
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def time_left_text(due_at: datetime | None, now: datetime | None = None) -> str:
    """ "Vence en 3 horas 20 min" / "Vencido hace 2 días"; "" without a running clock."""
    if due_at is None:
        return ""
    now = now or timezone.now()
    if due_at >= now:
        return gettext("Due in %(time)s") % {"time": _amount(due_at - now)}
    return gettext("Overdue by %(time)s") % {"time": _amount(now - due_at)}
