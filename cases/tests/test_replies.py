"""Replies by email, end to end: the Reply-To of a real case email → the seller's reply
(a raw .eml of a common client, notifications/tests/inbound_emails/) posted to the webhook
→ the case's task answered or a message, shown "Respondido por email"; and every reply
that is refused, with the polite answer only when it is safe."""

from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases import emails
from cases.models import Attachment, Comment, EventKind, PendingTask, TaskStatus
from cases.services.cases import case_assign, case_change_status
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_open
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, create_case
from notifications.inbound.tokens import reply_address
from notifications.models import InboundEmail, OutboundEmail
from notifications.tests.inbound import load_eml, with_message_id

pytestmark = pytest.mark.django_db
S = CaseStatus
Status = InboundEmail.Status
Reason = InboundEmail.Reason
WEBHOOK = "/correo/entrante/"


@pytest.fixture
def post_eml(client, settings, django_capture_on_commit_callbacks):
    """POST a raw message to the webhook as a provider does; run what it sets off."""

    def post(raw: bytes, secret: str | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                WEBHOOK,
                data=raw,
                content_type="message/rfc822",
                headers={
                    "X-Inbound-Secret": settings.INBOUND_EMAIL_SECRET if secret is None else secret
                },
            )

    return post


@pytest.fixture
def waiting_case(seller_user, seller_colleague, agent, django_capture_on_commit_callbacks):
    """A case waiting on the seller: its request for information was emailed to them."""
    case = create_case(seller_user, cause=CauseFactory(name="Pago no recibido"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task_open(case=case, requested_by=agent, request_text="Adjunta la cartola bancaria.")
    return case


def reply_to_of(to: str) -> str:
    """The Reply-To of the email the portal sent to `to`."""
    message = next(m for m in mail.outbox if m.to == [to])
    [address] = message.reply_to
    return address


def last_inbound() -> InboundEmail:
    return InboundEmail.objects.latest("pk")


class TestAReplyAnswersThePendingTask:
    def test_from_the_task_email_the_reply_answers_it_and_the_case_goes_back_to_support(
        self, waiting_case, seller_user, agent, post_eml, client
    ):
        raw = load_eml("gmail_es.eml", reply_to_of("ana@tiendauno.cl"))
        mail.outbox.clear()

        response = post_eml(raw)

        assert response.status_code == HTTPStatus.ACCEPTED
        task = PendingTask.objects.get(case=waiting_case)
        assert task.status == TaskStatus.ANSWERED
        assert task.answer_text == (
            "Hola, el depósito no aparece en la cartola. Adjunto el detalle mañana."
        )
        assert task.answered_by == seller_user
        assert task.answered_by_email
        waiting_case.refresh_from_db()
        assert waiting_case.status == S.IN_PROGRESS
        inbound = last_inbound()
        assert (inbound.status, inbound.result) == (Status.ACCEPTED, f"task:{task.pk}")
        assert inbound.reference == f"case:{waiting_case.pk}"
        # No automatic answer to an accepted reply; the agents are told (issue 15).
        assert [m.to for m in mail.outbox] == [[agent.email]]
        assert "respondió la solicitud" in mail.outbox[0].subject
        event = waiting_case.events.filter(kind=EventKind.TASK_ANSWERED).get()
        assert event.data["by_email"] is True

        client.force_login(seller_user)
        page = client.get(waiting_case.get_absolute_url()).content.decode()
        assert "Respondido por email" in page
        assert "Hola, el depósito no aparece en la cartola." in page
        assert "respondió la solicitud de información (respondido por email)" in page

    def test_the_case_leaves_casos_con_tareas_pendientes(
        self, waiting_case, seller_user, post_eml, client
    ):
        client.force_login(seller_user)
        tray = reverse("cases:tray", kwargs={"tray": "pendientes"})
        assert str(waiting_case.number) in client.get(tray).content.decode()

        post_eml(load_eml("apple_mail_en.eml", reply_to_of("ana@tiendauno.cl")))

        assert str(waiting_case.number) not in client.get(tray).content.decode()

    def test_files_alone_answer_it_through_the_upload_checks(self, waiting_case, post_eml):
        post_eml(load_eml("files_only.eml", reply_to_of("ana@tiendauno.cl")))

        task = PendingTask.objects.get(case=waiting_case)
        assert task.status == TaskStatus.ANSWERED
        assert task.answer_text == ""
        [attachment] = Attachment.objects.filter(task=task)
        assert attachment.original_name == "foto-producto.png"
        assert attachment.content_type == "image/png"

    def test_the_seller_address_answers_as_the_sellers_first_user(
        self, waiting_case, seller, seller_user, post_eml
    ):
        raw = load_eml("android_es.eml", reply_to_of(seller.notification_email))
        raw = raw.replace(b"From: ana@tiendauno.cl", f"From: {seller.notification_email}".encode())

        post_eml(raw)

        task = PendingTask.objects.get(case=waiting_case)
        assert (task.status, task.answered_by) == (TaskStatus.ANSWERED, seller_user)

    def test_agents_see_it_came_by_email_in_the_conversation(
        self, waiting_case, agent, post_eml, client
    ):
        raw = load_eml("thunderbird_es.eml", reply_to_of("bruno@tiendauno.cl"))
        post_eml(raw.replace(b"<ana@tiendauno.cl>", b"<bruno@tiendauno.cl>"))

        client.force_login(agent)
        page = client.get(reverse("admin:cases_case_change", args=[waiting_case.pk]))
        html = page.content.decode()
        assert "Respondido por email" in html
        assert "certificado_cuenta_señora.pdf" in html

    def test_the_assignee_is_told_the_seller_answered(
        self, waiting_case, agent, post_eml, django_capture_on_commit_callbacks
    ):
        case_assign(case=waiting_case, assignee=agent, actor=agent)
        raw = load_eml("gmail_es.eml", reply_to_of("ana@tiendauno.cl"))
        mail.outbox.clear()

        post_eml(raw)

        [told] = [m for m in mail.outbox if m.to == [agent.email]]
        assert told.subject.startswith(
            f"El seller respondió la solicitud del caso N° {waiting_case.number}"
        )
        assert told.reply_to == []  # agents answer in the admin, not by email
        assert (
            OutboundEmail.objects.filter(
                kind=emails.AGENT_TASK_ANSWERED, to_email=agent.email
            ).count()
            == 1
        )


class TestAReplyWithoutOpenTaskIsAMessage:
    def test_it_becomes_a_seller_message_marked_as_by_email(
        self, seller_user, agent, post_eml, client, django_capture_on_commit_callbacks
    ):
        case = create_case(seller_user, cause=CauseFactory())
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            comment_add(case=case, author=agent, body="Estamos revisando.")
        post_eml(load_eml("outlook_es.eml", reply_to_of("ana@tiendauno.cl")))

        comment = Comment.objects.filter(case=case, author=seller_user).get()
        assert comment.by_email
        assert comment.body.startswith("Listo, el número de la liquidación es 4501.")
        assert not Attachment.objects.filter(comment=comment).exists()  # the inline logo
        client.force_login(seller_user)
        page = client.get(case.get_absolute_url()).content.decode()
        assert 'data-testid="by-email"' in page


class TestIdempotence:
    def test_the_same_message_twice_makes_one_answer(self, waiting_case, post_eml):
        raw = load_eml("gmail_es.eml", reply_to_of("ana@tiendauno.cl"))

        first, second = post_eml(raw), post_eml(raw)

        assert (first.status_code, second.status_code) == (HTTPStatus.ACCEPTED, HTTPStatus.OK)
        assert InboundEmail.objects.count() == 1
        assert waiting_case.events.filter(kind=EventKind.TASK_ANSWERED).count() == 1

    def test_a_second_reply_after_the_answer_is_a_message(self, waiting_case, post_eml):
        address = reply_to_of("ana@tiendauno.cl")
        post_eml(load_eml("gmail_es.eml", address))
        post_eml(with_message_id(load_eml("apple_mail_en.eml", address), "<second@x.cl>"))

        assert Comment.objects.filter(case=waiting_case, by_email=True).count() == 1


class TestRefusals:
    def test_a_closed_case_is_refused_with_the_link_to_open_a_new_case(
        self, seller_user, agent, post_eml
    ):
        case = create_case(seller_user, cause=CauseFactory())
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        case_change_status(case=case, to_status=S.CLOSED, actor=seller_user)
        mail.outbox.clear()

        post_eml(load_eml("gmail_es.eml", reply_address(f"case:{case.pk}", "ana@tiendauno.cl")))

        inbound = last_inbound()
        assert (inbound.status, inbound.reason) == (Status.REFUSED, Reason.CLOSED)
        assert not Comment.objects.filter(case=case, by_email=True).exists()
        [answer] = mail.outbox
        assert answer.to == ["ana@tiendauno.cl"]
        assert answer.subject.startswith("No pudimos registrar tu respuesta")
        assert f"El caso N° {case.number} ya no está abierto" in answer.body
        assert "https://soporte.example.com/soporte/crear/" in answer.body
        assert "Hola, el depósito no aparece en la cartola." in answer.body  # not lost
        assert answer.extra_headers["Auto-Submitted"] == "auto-generated"

    def test_a_forged_from_is_refused_and_nothing_is_written(self, waiting_case, post_eml):
        post_eml(load_eml("forged_from.eml", reply_to_of("ana@tiendauno.cl")))

        inbound = last_inbound()
        assert (inbound.status, inbound.reason) == (Status.REFUSED, Reason.UNKNOWN_SENDER)
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.OPEN
        [answer] = [m for m in mail.outbox if m.to == ["intruso@correo-falso.example"]]
        assert waiting_case.subject not in answer.body  # nothing about the case leaks

    def test_another_sellers_user_cannot_answer_with_a_stolen_address(
        self, waiting_case, other_seller_user, post_eml
    ):
        raw = load_eml("gmail_es.eml", reply_to_of("ana@tiendauno.cl"))
        post_eml(raw.replace(b"<ana@tiendauno.cl>", b"<carla@tiendados.cl>"))

        assert last_inbound().reason == Reason.UNKNOWN_SENDER
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.OPEN

    def test_a_forged_token_is_refused(self, waiting_case, post_eml):
        post_eml(load_eml("forged_token.eml"))

        inbound = last_inbound()
        assert (inbound.status, inbound.reason) == (Status.REFUSED, Reason.INVALID_TOKEN)
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.OPEN
        [answer] = mail.outbox[-1:]
        assert answer.to == ["ana@tiendauno.cl"]
        assert "no es válida" in answer.body

    def test_an_expired_address_is_refused(self, waiting_case, settings, post_eml):
        address = reply_to_of("ana@tiendauno.cl")
        settings.INBOUND_REPLY_MAX_AGE_DAYS = 30
        with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
            post_eml(load_eml("gmail_es.eml", address))

        assert last_inbound().reason == Reason.EXPIRED_TOKEN
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.OPEN

    def test_a_file_that_is_not_what_it_says_is_refused_with_the_upload_rules(
        self, waiting_case, post_eml
    ):
        post_eml(load_eml("disallowed_attachment.eml", reply_to_of("ana@tiendauno.cl")))

        inbound = last_inbound()
        assert (inbound.status, inbound.reason) == (Status.REFUSED, Reason.ATTACHMENT)
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.OPEN
        assert not Attachment.objects.filter(case=waiting_case).exists()
        [answer] = [m for m in mail.outbox if m.to == ["ana@tiendauno.cl"]][-1:]
        assert "«programa.pdf» no es un archivo permitido" in answer.body

    def test_a_too_large_attachment_is_refused(self, waiting_case, settings, post_eml):
        settings.CASE_ATTACHMENT_MAX_BYTES = 40
        post_eml(load_eml("thunderbird_es.eml", reply_to_of("ana@tiendauno.cl")))

        assert last_inbound().reason == Reason.ATTACHMENT
        [answer] = [m for m in mail.outbox if "No pudimos" in m.subject]
        assert "es demasiado grande" in answer.body
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.OPEN

    def test_a_reply_longer_than_the_case_page_takes_is_refused(self, waiting_case, post_eml):
        raw = load_eml("android_es.eml", reply_to_of("ana@tiendauno.cl"))
        post_eml(raw.replace(b"Ok, ya envi", b"Ok " * 2600 + b"ya envi"))

        assert last_inbound().reason == Reason.TOO_LONG
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.OPEN
        [answer] = [m for m in mail.outbox if "No pudimos" in m.subject]
        assert "el límite es 5000" in answer.body

    @pytest.mark.parametrize("name", ["auto_reply.eml", "bounce.eml", "mailing_list.eml"])
    def test_automatic_messages_are_kept_but_never_answered_nor_taken(
        self, waiting_case, post_eml, name
    ):
        address = reply_to_of("ana@tiendauno.cl")
        mail.outbox.clear()
        post_eml(load_eml(name, address))

        inbound = last_inbound()
        assert (inbound.status, inbound.reason) == (Status.IGNORED, Reason.AUTOMATIC)
        assert bytes(inbound.raw)  # kept, raw
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.OPEN
        assert mail.outbox == []

    def test_one_automatic_answer_per_sender_per_hour(self, waiting_case, post_eml):
        raw = load_eml("forged_from.eml", reply_to_of("ana@tiendauno.cl"))
        mail.outbox.clear()
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            post_eml(raw)
            post_eml(with_message_id(raw, "<again-1@correo-falso.example>"))
        with time_machine.travel(start + timedelta(minutes=59), tick=False):
            post_eml(with_message_id(raw, "<again-2@correo-falso.example>"))
        assert len(mail.outbox) == 1
        with time_machine.travel(start + timedelta(minutes=61), tick=False):
            post_eml(with_message_id(raw, "<again-3@correo-falso.example>"))
        assert len(mail.outbox) == 2
        assert InboundEmail.objects.filter(reason=Reason.UNKNOWN_SENDER).count() == 4


class TestRetry:
    def test_an_agent_processes_a_refused_reply_again_once_the_sender_is_a_user(
        self, waiting_case, seller, superuser, post_eml, client, django_capture_on_commit_callbacks
    ):
        post_eml(load_eml("forged_from.eml", reply_to_of("ana@tiendauno.cl")))
        inbound = last_inbound()
        assert inbound.status == Status.REFUSED
        UserFactory(seller=seller, email="intruso@correo-falso.example")

        client.force_login(superuser)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:notifications_inboundemail_changelist"),
                {"action": "process_again", "_selected_action": [inbound.pk]},
                follow=True,
            )

        assert "Emails procesados de nuevo: 1." in response.content.decode()
        inbound.refresh_from_db()
        assert inbound.status == Status.ACCEPTED
        assert inbound.attempts == 2
        assert PendingTask.objects.get(case=waiting_case).status == TaskStatus.ANSWERED
