"""What each case email says and to whom. `notifications` queues and sends them.

Every email has an idempotency key (case, kind, what it is about, recipient), so building
the same email twice — a retried task, a repeated periodic run — queues it once. Each is
queued in the transaction of the change that promises it: the service that makes the
change calls it by name (cases/services).
"""

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.time_zones import seller_local_time
from notifications.inbound.tokens import reply_address
from notifications.registry import EmailKind, register_kind
from notifications.selectors import wanted_by
from notifications.services import email_enqueue

from .desk import agents_for
from .history import event_record
from .models import Case, CaseEvent, Comment, EventKind, PendingTask
from .policies import reopen_deadline

CASE_CREATED = "case_created"
TASK_OPENED = "task_opened"
TASK_REMINDER = "task_reminder"
SUPPORT_REPLIED = "support_replied"
CASE_RESOLVED = "case_resolved"
CASE_CLOSED = "case_closed"
# To support agents (cases/desk.py: the assignee, or the agents of the case's area).
AGENT_SELLER_WROTE = "agent_seller_wrote"
AGENT_TASK_ANSWERED = "agent_task_answered"
AGENT_CASE_REOPENED = "agent_case_reopened"
AGENT_REPLY_DUE_SOON = "agent_reply_due_soon"
AGENT_REPLY_OVERDUE = "agent_reply_overdue"
# An email's key ends with its recipient: f"case:{pk}:{kind}:{about}{RECIPIENT_SEPARATOR}{address}".
RECIPIENT_SEPARATOR = ":to:"


def record_sent(email) -> None:
    """A copy of an email about a case left for one recipient: it goes into the history.

    Each recipient's copy is recorded as it leaves; `email_key` (its key without the
    recipient) names the email they share, so the agents' history shows one line per
    email (history.agent_history). Sellers' history shows none: they got the email.
    """
    prefix, _sep, case_id = email.reference.partition(":")
    if prefix != "case" or not case_id.isdigit():
        return
    case = Case.objects.only("pk").get(pk=int(case_id))
    event_record(
        case=case,
        kind=EventKind.NOTIFICATION_SENT,
        data={
            "subject": email.subject,
            "to": email.to_email,
            "kind": email.kind,
            "email_key": email.key.rpartition(RECIPIENT_SEPARATOR)[0],
        },
        at=email.sent_at,
    )


def register_case_email_kinds() -> None:
    kinds = [
        (TASK_OPENED, _("Support needs information from you"), True),
        (TASK_REMINDER, _("Reminders of requests still unanswered"), True),
        (CASE_CREATED, _("Your case was created"), False),
        (SUPPORT_REPLIED, _("Support replied to your case"), False),
        (CASE_RESOLVED, _("Your case was resolved"), False),
        (CASE_CLOSED, _("Your case was closed"), False),
    ]
    for key, label, mandatory in kinds:
        register_kind(EmailKind(key=key, label=label, mandatory=mandatory, on_sent=record_sent))
    agent_kinds = [
        (AGENT_SELLER_WROTE, _("A seller wrote on a case")),
        (AGENT_TASK_ANSWERED, _("A seller answered a request for information")),
        (AGENT_CASE_REOPENED, _("A seller reopened a case")),
        (AGENT_REPLY_DUE_SOON, _("A reply is due soon")),
        (AGENT_REPLY_OVERDUE, _("A reply is overdue")),
    ]
    for key, label in agent_kinds:
        register_kind(EmailKind(key=key, label=label, for_staff=True, on_sent=record_sent))


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def recipients(case: Case, kind: str) -> list[tuple[object, str]]:
    """Every active user of the seller who wants this kind, and the seller's address."""
    users = list(case.seller.users.filter(is_active=True).order_by("pk"))
    chosen = [(user, user.email) for user in wanted_by(users, kind)]
    known = {user.email.lower() for user in users}
    notification_email = case.seller.notification_email
    if notification_email and notification_email.lower() not in known:
        chosen.append((None, notification_email))
    return chosen


def email_key(case: Case, kind: str, about: str, address: str) -> str:
    """The outbox key of one email: the same change never queues it twice."""
    return f"case:{case.pk}:{kind}:{about}{RECIPIENT_SEPARATOR}{address.lower()}"


def _send(
    case: Case,
    kind: str,
    about: str,
    subject,
    template: str,
    context: dict,
    *,
    to: list[tuple[object, str]] | None = None,
    **queueing,
) -> int:
    """Render the email once per recipient and queue it; returns how many were queued.

    Rendered in the seller's time zone, whoever triggers it (an agent, a periodic task).
    `to`: (user, address) pairs, the seller's people when not given (agents' emails: no
    Reply-To, a reply is no seller's). `queueing` goes to `email_enqueue` (hold_until,
    revise_unsent). The subject names the case (its number, in `subject`, and its
    subject); the Reply-To of a seller's email is the recipient's signed address for this
    case, so a reply lands on it (cases/replies.py).
    """
    queued = 0
    with translation.override(settings.LANGUAGE_CODE), seller_local_time(case.seller):
        context = {
            "case": case,
            "case_url": absolute(case.get_absolute_url()),
            "preferences_url": absolute(reverse("notifications:preferences")),
            "site_url": settings.SITE_URL,
            **context,
        }
        subject = f"{subject} · {case.subject}"
        for user, address in recipients(case, kind) if to is None else to:
            body_context = {**context, "recipient": user}
            email = email_enqueue(
                key=email_key(case, kind, about, address),
                kind=kind,
                to_email=address,
                user=user,
                subject=subject,
                body_text=render_to_string(f"cases/emails/{template}.txt", body_context),
                body_html=render_to_string(f"cases/emails/{template}.html", body_context),
                reference=f"case:{case.pk}",
                reply_to=reply_address(f"case:{case.pk}", address) if to is None else "",
                **queueing,
            )
            queued += email is not None
    return queued


def case_created(case: Case) -> int:
    """Queued in the case's creation transaction, so it is never lost whatever the broker
    or the workers do. It waits for the case's first estimate (computed in the background
    right after) at most CASE_CREATED_EMAIL_WAIT_SECONDS, then goes out without it."""
    wait = timedelta(seconds=settings.CASE_CREATED_EMAIL_WAIT_SECONDS)
    hold_until = None if case.eta_due_at else timezone.now() + wait
    return _case_created(case, hold_until=hold_until)


def case_created_estimated(case: Case) -> int:
    """The case has its first estimate: a "case created" email still waiting now says it
    and goes out (one already sent is not sent again)."""
    return _case_created(case, revise_unsent=True)


def _case_created(case: Case, **queueing) -> int:
    return _send(
        case,
        CASE_CREATED,
        "created",
        _("We received your case No. %(number)s") % {"number": case.number},
        "case_created",
        {},
        **queueing,
    )


def task_opened(task: PendingTask) -> int:
    case = task.case
    return _send(
        case,
        TASK_OPENED,
        f"task:{task.pk}",
        _("We need information for your case No. %(number)s") % {"number": case.number},
        "task_opened",
        {"task": task, "answer_url": absolute(task.get_absolute_url())},
    )


def task_reminder(task: PendingTask, number: int) -> int:
    case = task.case
    return _send(
        case,
        TASK_REMINDER,
        f"task:{task.pk}:reminder:{number}",
        _("Reminder: your case No. %(number)s is waiting for your answer")
        % {"number": case.number},
        "task_reminder",
        {"task": task, "reminder": number, "answer_url": absolute(task.get_absolute_url())},
    )


def support_replied(comment: Comment) -> int:
    case = comment.case
    return _send(
        case,
        SUPPORT_REPLIED,
        f"comment:{comment.pk}",
        _("Support replied to your case No. %(number)s") % {"number": case.number},
        "support_replied",
        {"comment": comment},
    )


def case_resolved(case: Case, event: CaseEvent, *, resolution: Comment | None = None) -> int:
    """`resolution`: support's message that resolves it, quoted in the email."""
    return _send(
        case,
        CASE_RESOLVED,
        f"event:{event.pk}",
        _("Your case No. %(number)s was resolved") % {"number": case.number},
        "case_resolved",
        {
            "reopen_until": reopen_deadline(case),
            "rate_url": absolute(case.get_absolute_url()),
            "resolution": resolution,
        },
    )


def case_closed(case: Case, event: CaseEvent) -> int:
    return _send(
        case,
        CASE_CLOSED,
        f"event:{event.pk}",
        _("Your case No. %(number)s was closed") % {"number": case.number},
        "case_closed",
        {"automatic": event.actor_id is None, "rate_url": absolute(case.get_absolute_url())},
    )


# --- to support agents -----------------------------------------------------------------
def _to_agents(case: Case, kind: str, about: str, subject, template: str, context: dict) -> int:
    """The agents who work the case (desk.agents_for) and want this kind, each once."""
    agents = wanted_by(agents_for(case), kind)
    admin_url = absolute(reverse("admin:cases_case_change", args=[case.pk]))
    context = {**context, "case_url": absolute_admin_url(case), "admin_url": admin_url}
    return _send(
        case,
        kind,
        about,
        subject,
        template,
        context,
        to=[(agent, agent.email) for agent in agents],
    )


def absolute_admin_url(case: Case) -> str:
    return absolute(reverse("admin:cases_case_change", args=[case.pk]))


def agent_seller_wrote(comment: Comment) -> int:
    case = comment.case
    return _to_agents(
        case,
        AGENT_SELLER_WROTE,
        f"comment:{comment.pk}",
        _("The seller wrote on case No. %(number)s") % {"number": case.number},
        "agent_seller_wrote",
        {"comment": comment},
    )


def agent_task_answered(task: PendingTask) -> int:
    case = task.case
    return _to_agents(
        case,
        AGENT_TASK_ANSWERED,
        f"task:{task.pk}",
        _("The seller answered the request on case No. %(number)s") % {"number": case.number},
        "agent_task_answered",
        {"task": task},
    )


def agent_case_reopened(case: Case, *, reason: str) -> int:
    """Once per reopening (the moment it was reopened is in the key)."""
    return _to_agents(
        case,
        AGENT_CASE_REOPENED,
        f"reopened:{case.updated_at.timestamp():.6f}",
        _("The seller reopened case No. %(number)s") % {"number": case.number},
        "agent_case_reopened",
        {"reason": reason},
    )


def agent_reply_due(case: Case, *, overdue: bool) -> int:
    """Once per clock (its start is in the key): when the reply is due soon, and when late."""
    started = int(case.response_clock_started_at.timestamp())
    kind = AGENT_REPLY_OVERDUE if overdue else AGENT_REPLY_DUE_SOON
    subject = (
        _("The reply to case No. %(number)s is overdue")
        if overdue
        else _("The reply to case No. %(number)s is due soon")
    )
    return _to_agents(
        case,
        kind,
        f"clock:{started}",
        subject % {"number": case.number},
        "agent_reply_due",
        {"overdue": overdue, "due_at": case.response_due_at},
    )
