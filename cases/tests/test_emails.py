from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from cases import emails
from cases.models import Case, EventKind, PendingTask
from cases.services.cases import case_change_status, cases_autoclose
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_answer, task_cancel, task_open
from cases.services.reminders import task_reminders_send
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, create_case
from notifications.inbound.tokens import read_token, recipient_digest, token_in
from notifications.models import OutboundEmail
from notifications.services import outbox_flush, preference_set

pytestmark = pytest.mark.django_db
S = CaseStatus
SANTIAGO = ZoneInfo("America/Santiago")


def sent_to(subject_part):
    return sorted(m.to[0] for m in mail.outbox if subject_part in m.subject)


@pytest.fixture
def case(seller_user, seller_colleague, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = create_case(seller_user, cause=CauseFactory(name="Pago no recibido"))
    mail.outbox.clear()
    return case


class TestPendingTaskEmail:
    def test_reaches_every_user_and_the_sellers_address_with_a_link_to_answer(
        self, case, agent, seller, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            task = task_open(case=case, requested_by=agent, request_text="Envía la cartola")

        subject = f"Necesitamos información para tu caso N° {case.number}"
        assert sent_to(subject) == sorted(
            ["ana@tiendauno.cl", "bruno@tiendauno.cl", seller.notification_email]
        )
        message = next(m for m in mail.outbox if m.to == ["ana@tiendauno.cl"])
        link = f"https://soporte.example.com/soporte/casos/{case.number}/#tarea-{task.pk}"
        assert "Envía la cartola" in message.body
        assert link in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert f'href="{link}"' in html
        assert "Hola Ana," in message.body

    def test_cannot_be_switched_off(
        self, case, agent, seller_user, django_capture_on_commit_callbacks
    ):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            preference_set(user=seller_user, kind=emails.TASK_OPENED, enabled=False)
        with django_capture_on_commit_callbacks(execute=True):
            task_open(case=case, requested_by=agent, request_text="x")

        assert "ana@tiendauno.cl" in sent_to("Necesitamos información")

    def test_is_recorded_in_the_case_history_once_sent(
        self, case, agent, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            task_open(case=case, requested_by=agent, request_text="x")

        sent = case.events.filter(kind=EventKind.NOTIFICATION_SENT, data__kind=emails.TASK_OPENED)
        assert sent.count() == 3
        assert not any(e.is_internal for e in sent)
        assert {e.data["to"] for e in sent} >= {"ana@tiendauno.cl"}

    def test_building_it_twice_sends_it_once(self, case, agent, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            task = task_open(case=case, requested_by=agent, request_text="x")
        with django_capture_on_commit_callbacks(execute=True):
            emails.task_opened(task)

        assert len(sent_to("Necesitamos información")) == 3
        assert OutboundEmail.objects.filter(kind=emails.TASK_OPENED).count() == 3


class TestReplyTo:
    def test_every_case_email_names_the_case_and_has_each_recipients_own_reply_address(
        self, case, agent, seller, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            task_open(case=case, requested_by=agent, request_text="Envía la cartola")
            comment_add(case=case, author=agent, body="Seguimos revisando.")
            case_change_status(case=case, to_status=S.RESOLVED, actor=agent)

        assert len(mail.outbox) == 9  # three emails, three recipients each
        for message in mail.outbox:
            assert f"N° {case.number}" in message.subject
            assert message.subject.endswith(f" · {case.subject}")
            [reply_to] = message.reply_to
            token = read_token(token_in(reply_to))
            assert token.reference == f"case:{case.pk}"
            assert token.recipient_digest == recipient_digest(message.to[0])
        task_email = next(m for m in mail.outbox if m.subject.startswith("Necesitamos"))
        assert "También puedes responder este email" in task_email.body

    def test_a_closed_case_email_does_not_invite_a_reply(
        self, case, agent, seller_user, django_capture_on_commit_callbacks
    ):
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            case_change_status(case=case, to_status=S.CLOSED, actor=seller_user)

        [closed, *_others] = mail.outbox
        assert "fue cerrado" in closed.subject
        assert "responder este email" not in closed.body


class TestCaseEmails:
    def test_case_created_tells_the_number_the_reason_and_the_estimate(
        self, seller_user, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            case = create_case(seller_user, cause=CauseFactory(name="Pago no recibido"))

        message = next(m for m in mail.outbox if m.to == ["ana@tiendauno.cl"])
        case.refresh_from_db()
        assert message.subject == f"Recibimos tu caso N° {case.number} · {case.subject}"
        assert case.cause_name in message.body
        assert f"Resolución estimada: {case.eta_due_at.astimezone(SANTIAGO):%d-%m-%Y}" in (
            message.body
        )

    def test_support_replied_goes_out_for_public_replies_only(
        self, case, agent, seller_user, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            comment_add(case=case, author=agent, body="Nota", internal=True)
            comment_add(case=case, author=seller_user, body="¿Hay novedades?")
            comment_add(case=case, author=agent, body="Ya reprocesamos el pago.")

        replies = [m for m in mail.outbox if "Soporte respondió" in m.subject]
        assert len(replies) == 3
        assert all("Ya reprocesamos el pago." in m.body for m in replies)
        assert all("Nota" not in m.body for m in mail.outbox)

    def test_a_user_who_switched_replies_off_does_not_get_them(
        self, case, agent, seller_colleague, django_capture_on_commit_callbacks
    ):
        preference_set(user=seller_colleague, kind=emails.SUPPORT_REPLIED, enabled=False)

        with django_capture_on_commit_callbacks(execute=True):
            comment_add(case=case, author=agent, body="Respuesta")

        assert "bruno@tiendauno.cl" not in sent_to("Soporte respondió")
        assert "ana@tiendauno.cl" in sent_to("Soporte respondió")

    def test_resolved_tells_until_when_it_can_be_reopened(
        self, case, agent, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            case = case_change_status(case=case, to_status=S.RESOLVED, actor=agent)

        message = next(m for m in mail.outbox if m.to == ["ana@tiendauno.cl"])
        deadline = (case.resolved_at + timedelta(days=7)).astimezone(SANTIAGO)
        assert message.subject == f"Tu caso N° {case.number} fue resuelto · {case.subject}"
        assert f"puedes reabrirlo hasta el {deadline:%d-%m-%Y}" in message.body

    def test_resolving_twice_after_a_reopen_sends_two_resolved_emails(
        self, case, agent, seller_user, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
            case_change_status(case=case, to_status=S.REOPENED, actor=seller_user, reason="No")
            case_change_status(case=case, to_status=S.RESOLVED, actor=agent)

        assert sent_to("fue resuelto").count("ana@tiendauno.cl") == 2


@pytest.mark.clock_sensitive
class TestReminders:
    @pytest.fixture
    def task(self, case, agent, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            task = task_open(case=case, requested_by=agent, request_text="La cartola")
        friday = datetime(2026, 11, 20, 10, 0, tzinfo=SANTIAGO)
        PendingTask.objects.filter(pk=task.pk).update(
            requested_at=friday, next_reminder_at=datetime(2026, 11, 23, 10, 0, tzinfo=SANTIAGO)
        )
        mail.outbox.clear()
        return task

    def test_task_open_schedules_the_first_reminder_one_business_day_later(self, case, agent):
        task = task_open(case=case, requested_by=agent, request_text="x")

        assert task.next_reminder_at is not None
        assert task.next_reminder_at > task.requested_at

    def test_first_after_one_business_day_then_every_two(
        self, task, django_capture_on_commit_callbacks
    ):
        saturday = datetime(2026, 11, 21, 12, 0, tzinfo=SANTIAGO)
        monday = datetime(2026, 11, 23, 10, 0, tzinfo=SANTIAGO)

        with django_capture_on_commit_callbacks(execute=True):
            assert task_reminders_send(now=saturday) == 0
            assert task_reminders_send(now=monday) == 1

        task.refresh_from_db()
        assert task.reminders_sent == 1
        assert task.next_reminder_at == datetime(2026, 11, 25, 10, 0, tzinfo=SANTIAGO)
        assert len(sent_to("Recordatorio: tu caso")) == 3

    def test_running_twice_reminds_once(self, task, django_capture_on_commit_callbacks):
        monday = datetime(2026, 11, 23, 10, 0, tzinfo=SANTIAGO)

        with django_capture_on_commit_callbacks(execute=True):
            task_reminders_send(now=monday)
            task_reminders_send(now=monday)

        assert len(sent_to("Recordatorio: tu caso")) == 3

    def test_stop_once_the_task_is_answered_or_cancelled(
        self, task, seller_user, agent, case, django_capture_on_commit_callbacks
    ):
        task_answer(task=task, answered_by=seller_user, answer_text="Adjunto")
        other = task_open(case=case, requested_by=agent, request_text="Otra")
        task_cancel(task=other, cancelled_by=agent)

        with django_capture_on_commit_callbacks(execute=True):
            assert task_reminders_send(now=datetime(2026, 12, 31, 10, 0, tzinfo=SANTIAGO)) == 0

        assert sent_to("Recordatorio") == []


@pytest.mark.clock_sensitive
class TestAutoclose:
    def test_closes_resolved_cases_after_the_window_with_an_email(
        self, case, agent, django_capture_on_commit_callbacks
    ):
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        resolved_at = Case.objects.get(pk=case.pk).resolved_at
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            assert cases_autoclose(now=resolved_at + timedelta(days=6)) == 0
            assert cases_autoclose(now=resolved_at + timedelta(days=7, minutes=1)) == 1

        case.refresh_from_db()
        assert case.status == S.CLOSED
        event = case.events.filter(kind=EventKind.STATUS_CHANGED).last()
        assert event.actor is None
        message = next(m for m in mail.outbox if m.to == ["ana@tiendauno.cl"])
        assert "se cerró automáticamente" in message.body

    def test_a_reopened_case_is_left_alone(self, case, agent, seller_user):
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        case_change_status(case=case, to_status=S.REOPENED, actor=seller_user, reason="No")

        assert cases_autoclose(now=case.created_at + timedelta(days=30)) == 0


class TestBrokerDown:
    def test_the_action_succeeds_and_the_emails_go_out_later_exactly_once(
        self, seller_user, agent, django_capture_on_commit_callbacks
    ):
        from cases.eta.tasks import refresh_case_eta, refresh_etas
        from notifications.tasks import deliver_email

        down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        with (
            mock.patch.object(deliver_email, "delay", side_effect=down),
            mock.patch.object(refresh_case_eta, "delay", side_effect=down),
            django_capture_on_commit_callbacks(execute=True),
        ):
            case = create_case(seller_user, cause=CauseFactory())
            task_open(case=case, requested_by=agent, request_text="Envía la boleta")

        assert Case.objects.filter(pk=case.pk, status=S.WAITING_ON_SELLER).exists()
        assert mail.outbox == []
        # The seller's user and the seller's address, for the task and for "case created"
        # (written with the case; it waits for the estimate).
        assert OutboundEmail.objects.filter(status="pending").count() == 4

        with django_capture_on_commit_callbacks(execute=True):
            refresh_etas()
            outbox_flush()
            outbox_flush()

        subjects = [m.subject for m in mail.outbox if m.to == ["ana@tiendauno.cl"]]
        assert sorted(subjects) == sorted(
            [
                f"Necesitamos información para tu caso N° {case.number} · {case.subject}",
                f"Recibimos tu caso N° {case.number} · {case.subject}",
            ]
        )
        assert len(mail.outbox) == 4
        case.refresh_from_db()
        assert case.eta_due_at is not None

    def test_case_created_is_sent_once_with_the_estimate_whichever_change_computes_it(
        self, seller_user, agent, django_capture_on_commit_callbacks
    ):
        with broker_down(), django_capture_on_commit_callbacks(execute=True):
            case = create_case(seller_user, cause=CauseFactory())
        # The broker is back. Before the periodic refresh, an agent asks for information:
        # that change computes the case's first estimate.
        with django_capture_on_commit_callbacks(execute=True):
            task_open(case=case, requested_by=agent, request_text="Envía la boleta")
        with django_capture_on_commit_callbacks(execute=True):
            outbox_flush()

        case.refresh_from_db()
        [created] = [m for m in mail.outbox if m.subject.startswith("Recibimos")][:1]
        assert sent_to("Recibimos tu caso") == sorted(
            [seller_user.email, seller_user.seller.notification_email]
        )
        assert f"Resolución estimada: {case.eta_due_at.astimezone(SANTIAGO):%d-%m-%Y}" in (
            created.body
        )

    def test_case_created_goes_out_without_the_estimate_when_it_never_comes(
        self, seller_user, settings, django_capture_on_commit_callbacks
    ):
        settings.CASE_CREATED_EMAIL_WAIT_SECONDS = 120
        with broker_down(), django_capture_on_commit_callbacks(execute=True):
            case = create_case(seller_user, cause=CauseFactory())

        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_flush() == 0  # still waiting for the estimate
        with (
            time_machine.travel(timezone.now() + timedelta(seconds=121), tick=True),
            django_capture_on_commit_callbacks(execute=True),
        ):
            outbox_flush()

        [message] = [m for m in mail.outbox if m.to == [seller_user.email]]
        assert message.subject == f"Recibimos tu caso N° {case.number} · {case.subject}"
        assert "Resolución estimada" not in message.body
        assert len(mail.outbox) == 2  # Ana and the seller's address, once each


@contextmanager
def broker_down():
    from cases.eta.tasks import refresh_case_eta
    from notifications.tasks import deliver_email

    down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(deliver_email, "delay", side_effect=down),
        mock.patch.object(refresh_case_eta, "delay", side_effect=down),
    ):
        yield
