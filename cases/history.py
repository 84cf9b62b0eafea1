"""The case's history: every service appends its event here (`event_record`, in the
service's transaction), and sellers and agents read it in words.

A leaf: it imports only the models, so any service, and the email sent hook, may append
to the history without reaching back into what set the change off.
"""

import copy
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    INTERNAL_EVENT_KINDS,
    Case,
    CaseEvent,
    Comment,
    EtaReason,
    EventKind,
    PendingTask,
    Priority,
)
from .status import CaseStatus


def event_record(
    *,
    case: Case,
    kind: str,
    actor=None,
    data: dict | None = None,
    at: datetime | None = None,
    internal: bool = False,
    task: PendingTask | None = None,
    comment: Comment | None = None,
) -> CaseEvent:
    """Append to the case history, in the caller's transaction. `task` or `comment`: the
    request for information or the message the event is about."""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        task=task,
        comment=comment,
        data=data or {},
        created_at=at or timezone.now(),
        is_internal=internal or kind in INTERNAL_EVENT_KINDS,
    )


def _status(value: str) -> str:
    try:
        return str(CaseStatus(value).label)
    except ValueError:
        return value


def _actor(event: CaseEvent, *, for_seller: bool) -> str:
    actor = event.actor
    if actor is None:
        return _("the system")
    # Whoever wrote for no seller wrote for support, even if no longer an agent today.
    if actor.seller_id is None:
        return _("Support") if for_seller else str(actor)
    return str(actor)


def describe_event(event: CaseEvent, *, for_seller: bool = False) -> str:
    data, kind = event.data or {}, event.kind
    who = _actor(event, for_seller=for_seller)
    if kind == EventKind.CREATED:
        return _("Case created by %(who)s") % {"who": who}
    if kind == EventKind.STATUS_CHANGED:
        text = _("Status: %(from)s → %(to)s") % {
            "from": _status(data.get("from", "")),
            "to": _status(data.get("to", "")),
        }
        if data.get("reason"):
            text += " · " + _("reason: %(reason)s") % {"reason": data["reason"]}
        return text
    if kind == EventKind.ASSIGNED:
        if data.get("to") and data.get("automatic"):
            return _("Assigned to %(agent)s (automatic)") % {"agent": data["to"]}
        if data.get("to"):
            return _("Assigned to %(agent)s") % {"agent": data["to"]}
        return _("Unassigned")
    if kind == EventKind.PRIORITY_CHANGED:
        return _("Priority: %(from)s → %(to)s") % {
            "from": Priority(data.get("from")).label,
            "to": Priority(data.get("to")).label,
        }
    if kind == EventKind.COMMENT:
        if data.get("from_support"):
            return _("Message from support")
        if data.get("by_email"):
            return _("Message from %(who)s (replied by email)") % {"who": who}
        return _("Message from %(who)s") % {"who": who}
    if kind == EventKind.INTERNAL_NOTE:
        return _("Internal note by %(who)s") % {"who": who}
    if kind == EventKind.TASK_OPENED:
        return _("Support asked for information: “%(text)s”") % {"text": data.get("text", "")}
    if kind == EventKind.TASK_ANSWERED:
        if data.get("by_email"):
            return _("%(who)s answered the request for information (replied by email)") % {
                "who": who
            }
        return _("%(who)s answered the request for information") % {"who": who}
    if kind == EventKind.TASK_CANCELLED:
        return _("Request for information cancelled")
    if kind == EventKind.ATTACHMENT_ADDED:
        return _("File attached: %(name)s") % {"name": data.get("name", "")}
    if kind == EventKind.ETA_CHANGED:
        return _eta_change(data)
    if kind == EventKind.NOTIFICATION_SENT:
        to = data.get("to", "")
        return _("Notification sent to %(to)s: %(subject)s") % {
            "to": ", ".join(to) if isinstance(to, list) else to,
            "subject": data.get("subject", ""),
        }
    if kind == EventKind.CAUSE_CHANGED:
        return _("Reason changed from “%(from)s” to “%(to)s” by %(who)s") % {
            "from": data.get("from", ""),
            "to": data.get("to", ""),
            "who": who,
        }
    if kind == EventKind.RATED:
        return _("Support rated %(score)s/5") % {"score": data.get("score", "")}
    return event.get_kind_display()


def agent_history(events: Iterable[CaseEvent]) -> list[CaseEvent]:
    """The history as agents read it: one "Notification sent" line per email, naming all
    its recipients, at the time its first copy left (each copy is recorded on its own).

    Copies recorded with their email's key join that email's line wherever they fall;
    older records without one join the line just before when it is the same email kind
    and subject (they were sent together).
    """
    lines: list[CaseEvent] = []
    by_email: dict[str, CaseEvent] = {}
    for event in events:
        data = event.data or {}
        if event.kind != EventKind.NOTIFICATION_SENT:
            lines.append(event)
            continue
        key = data.get("email_key")
        if key:
            line = by_email.get(key)
        else:
            last = lines[-1] if lines else None
            same = (
                last is not None
                and last.kind == EventKind.NOTIFICATION_SENT
                and "email_key" not in last.data
                and (last.data.get("kind"), last.data.get("subject"))
                == (data.get("kind"), data.get("subject"))
            )
            line = last if same else None
        if line is None:
            line = copy.copy(event)  # a line to show, never saved
            line.data = {**data, "to": []}
            lines.append(line)
            if key:
                by_email[key] = line
        if data.get("to") and data["to"] not in line.data["to"]:
            line.data["to"].append(data["to"])
    return lines


def _eta_change(data: dict) -> str:
    """Each change of the estimated date says why (cases/services/eta.py)."""
    date = {"date": data.get("display", "")}
    reason = data.get("reason")
    if reason == EtaReason.WAITED:
        return (
            _(
                "Estimated resolution moved to %(date)s: the time the case waited for your "
                "information does not count"
            )
            % date
        )
    if reason == EtaReason.OVERDUE:
        return (
            _(
                "New estimated date: %(date)s. The case is taking longer than estimated; the new "
                "date comes from how long similar cases took"
            )
            % date
        )
    if reason == EtaReason.CAUSE_CHANGED:
        return _("Estimated resolution: %(date)s, for the new reason of the case") % date
    if reason == EtaReason.REOPENED:
        return _("Estimated resolution: %(date)s, after the case was reopened") % date
    return _("Estimated resolution: %(date)s") % date


# What the system does on its own after a change (the emails sent, the estimate
# recomputed): not a change another agent made while someone was writing.
NOT_A_CHANGE = (EventKind.NOTIFICATION_SENT, EventKind.ETA_CHANGED)


def latest_change_id(case: Case) -> int:
    """The case's version, for the reply box: the id of its latest change (0: none)."""
    last = (
        CaseEvent.objects.filter(case=case)
        .exclude(kind__in=NOT_A_CHANGE)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return last or 0


def changes_since(case: Case, version: int, *, by_others_than) -> list[CaseEvent]:
    """What others changed on the case after `version` (latest_change_id), oldest first."""
    return list(
        CaseEvent.objects.filter(case=case, pk__gt=version)
        .exclude(kind__in=NOT_A_CHANGE)
        .exclude(actor=by_others_than)
        .select_related("actor")
        .order_by("pk")
    )
