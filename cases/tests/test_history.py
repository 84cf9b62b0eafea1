"""The record of the emails sent, in a case's history: none in the seller's, one line per
email (naming its recipients) in the agents'."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.history import agent_history, describe_event
from cases.models import CaseEvent, EventKind
from cases.services.cases import case_change_status
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_open
from cases.status import CaseStatus
from cases.tests.factories import create_case
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

SENT_LINE = re.compile(r"Notificación enviada a ([^:<]+): ([^<]+)<")


@pytest.fixture
def case_with_every_email(seller_user, seller_colleague, agent, django_capture_on_commit_callbacks):
    """A case whose seller got each kind of email, every one to three addresses (two users
    and the seller's notification address), two of them with the same subject."""
    with django_capture_on_commit_callbacks(execute=True):
        case = create_case(seller_user)
    with django_capture_on_commit_callbacks(execute=True):
        task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
    for body in ("Lo estamos revisando.", "Seguimos revisando."):
        with django_capture_on_commit_callbacks(execute=True):
            comment_add(case=case, author=agent, body=body)
    with django_capture_on_commit_callbacks(execute=True):
        case_change_status(case=case, to_status=CaseStatus.RESOLVED, actor=agent)
    with django_capture_on_commit_callbacks(execute=True):
        case_change_status(case=case, to_status=CaseStatus.CLOSED, actor=seller_user)
    return case


def emails_sent(case) -> dict[str, set[str]]:
    """Each email sent about the case (its key without the recipient) → its recipients."""
    found = {}
    for email in OutboundEmail.objects.filter(
        reference=f"case:{case.pk}", status=OutboundEmail.Status.SENT
    ):
        found.setdefault(email.key.rpartition(":to:")[0], set()).add(email.to_email)
    return found


class TestTheSellersHistory:
    def test_shows_no_line_for_the_emails_sent(self, seller_client, case_with_every_email):
        assert len(emails_sent(case_with_every_email)) == 6  # the fixture did send them

        page = seller_client.get(case_with_every_email.get_absolute_url()).content.decode()

        assert "Notificación enviada" not in page
        assert "Estado: Resuelto → Cerrado" in page  # the rest of the history is there

    def test_the_whole_history_shows_none_either(self, seller_client, case_with_every_email):
        response = seller_client.get(case_with_every_email.get_absolute_url(), {"completo": "1"})

        assert "Notificación enviada" not in response.content.decode()
        kinds = {event.kind for event in response.context["events"]}
        assert EventKind.NOTIFICATION_SENT not in kinds


class TestTheAgentsHistory:
    def test_shows_one_line_per_email_naming_all_its_recipients(
        self, agent_client, case_with_every_email, seller
    ):
        page = agent_client.get(
            reverse("admin:cases_case_change", args=[case_with_every_email.pk])
        ).content.decode()

        lines = SENT_LINE.findall(page)
        sent = emails_sent(case_with_every_email)
        assert len(lines) == len(sent) == 6
        for to, _subject in lines:
            assert sorted(to.split(", ")) == sorted(
                ["ana@tiendauno.cl", "bruno@tiendauno.cl", seller.notification_email]
            )
        subjects = [subject for _to, subject in lines]
        number = case_with_every_email.number
        subject = case_with_every_email.subject
        assert subjects.count(f"Soporte respondió tu caso N° {number} · {subject}") == 2

    def test_older_records_without_the_emails_key_are_joined_when_together(self, seller_user):
        case = create_case(seller_user)
        now = timezone.now()

        def sent(to, subject="Tu caso fue resuelto", kind="case_resolved"):
            data = {"to": to, "subject": subject, "kind": kind}
            return CaseEvent(case=case, kind=EventKind.NOTIFICATION_SENT, data=data, created_at=now)

        comment = CaseEvent(case=case, kind=EventKind.COMMENT, data={"from_support": True})
        events = [
            sent("a@x.cl"),
            sent("b@x.cl"),
            comment,
            sent("a@x.cl"),
            sent("a@x.cl", subject="Tu caso fue cerrado", kind="case_closed"),
        ]

        lines = [describe_event(line) for line in agent_history(events)]

        assert lines == [
            "Notificación enviada a a@x.cl, b@x.cl: Tu caso fue resuelto",
            "Mensaje de Soporte",
            "Notificación enviada a a@x.cl: Tu caso fue resuelto",
            "Notificación enviada a a@x.cl: Tu caso fue cerrado",
        ]
