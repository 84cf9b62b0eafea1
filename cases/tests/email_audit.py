"""The email audit of a fault run: the emails each case's history promises, against the
outbox and against what the mail server received (per recipient and Message-ID).

    audit = audit_emails(Case.objects.all(), mail_server.copies())
    assert audit.clean, audit.report()
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from cases import emails
from cases.models import Case, EventKind
from cases.status import CaseStatus
from notifications.models import OutboundEmail
from notifications.services import message_id

# What each kind of history entry promises: (email kind, what it is about).
STATUS_EMAILS = {CaseStatus.RESOLVED: emails.CASE_RESOLVED, CaseStatus.CLOSED: emails.CASE_CLOSED}


def promised(case: Case) -> list[tuple[str, str]]:
    """(kind, about) of every email the case's history says was promised."""
    found = []
    for event in case.events.order_by("created_at", "pk"):
        data = event.data or {}
        if event.kind == EventKind.CREATED:
            found.append((emails.CASE_CREATED, "created"))
        elif event.kind == EventKind.TASK_OPENED:
            found.append((emails.TASK_OPENED, f"task:{event.task_id}"))
        elif event.kind == EventKind.COMMENT and data.get("from_support"):
            found.append((emails.SUPPORT_REPLIED, f"comment:{event.comment_id}"))
        elif event.kind == EventKind.STATUS_CHANGED and data.get("to") in STATUS_EMAILS:
            found.append((STATUS_EMAILS[data["to"]], f"event:{event.pk}"))
    for task in case.tasks.all():
        found.extend(
            (emails.TASK_REMINDER, f"task:{task.pk}:reminder:{n}")
            for n in range(1, task.reminders_sent + 1)
        )
    return found


def expected_emails(cases: Iterable[Case]) -> dict[str, tuple[str, str]]:
    """Outbox key → (recipient, Message-ID) of every email the histories promise."""
    expected = {}
    for case in cases:
        for kind, about in promised(case):
            for _user, address in emails.recipients(case, kind):
                key = emails.email_key(case, kind, about, address)
                expected[key] = (address.lower(), message_id(key))
    return expected


@dataclass
class EmailAudit:
    expected: dict[str, tuple[str, str]]
    queued: set[str]
    received: Counter

    @property
    def not_queued(self) -> list[str]:
        """Promised by a history, never written to the outbox."""
        return sorted(set(self.expected) - self.queued)

    @property
    def missing(self) -> list[tuple[str, str]]:
        """Promised, never received by the mail server."""
        return sorted(set(self.expected.values()) - set(self.received))

    @property
    def duplicates(self) -> dict[tuple[str, str], int]:
        """Received more than once (same recipient, same Message-ID)."""
        return {item: n for item, n in self.received.items() if n > 1}

    @property
    def unexpected(self) -> list[tuple[str, str]]:
        """Received although no history promised it."""
        return sorted(set(self.received) - set(self.expected.values()))

    @property
    def clean(self) -> bool:
        return not (self.not_queued or self.missing or self.duplicates or self.unexpected)

    def report(self) -> str:
        return (
            f"{len(self.expected)} expected, {len(self.queued)} queued, "
            f"{sum(self.received.values())} received; not queued: {self.not_queued}; "
            f"missing: {self.missing}; duplicates: {self.duplicates}; "
            f"unexpected: {self.unexpected}"
        )


def audit_emails(cases: Iterable[Case], received: Counter) -> EmailAudit:
    """`received`: copies per (recipient, Message-ID), e.g. `MailServer.copies()`."""
    cases = list(cases)
    references = [f"case:{case.pk}" for case in cases]
    queued = set(
        OutboundEmail.objects.filter(reference__in=references).values_list("key", flat=True)
    )
    return EmailAudit(expected=expected_emails(cases), queued=queued, received=received)
