"""Against a real SMTP server: what its answers do to an email. A 5xx about the recipient
or the message is final for that recipient; 4xx replies and dropped connections are tried
again later."""

import contextlib
from http import HTTPStatus

import pytest
from django.urls import reverse

from notifications.models import OutboundEmail
from notifications.services import EmailSendDeferred, email_deliver, message_id
from notifications.tasks import deliver_email

from .factories import OutboundEmailFactory
from .smtp_server import use_mail_server

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


def deliver(email: OutboundEmail) -> OutboundEmail:
    with contextlib.suppress(EmailSendDeferred):
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    return email


class TestPermanentRefusals:
    @pytest.mark.parametrize(
        ("rcpt_reply", "data_reply"),
        [
            ("550 5.1.1 No such mailbox here", None),
            ("553 5.1.3 Bad destination mailbox address", None),
            (None, "554 5.7.1 Message rejected as spam"),
            (None, "552 5.3.4 Message too big"),
        ],
        ids=["550-rcpt", "553-rcpt", "554-data", "552-data"],
    )
    def test_fail_at_once_with_the_servers_answer(self, kinds, mail_server, rcpt_reply, data_reply):
        email = OutboundEmailFactory(to_email="nadie@tiendauno.cl")
        if rcpt_reply:
            mail_server.refuse["nadie@tiendauno.cl"] = rcpt_reply
        if data_reply:
            mail_server.data_replies.append(data_reply)

        email = deliver(email)

        assert (email.status, email.attempts) == (Status.FAILED, 1)
        assert (rcpt_reply or data_reply) in email.last_error
        assert email.last_error.startswith("Not retried")
        assert mail_server.received == []

    def test_the_task_does_not_retry_them_either(self, kinds, mail_server):
        email = OutboundEmailFactory(to_email="nadie@tiendauno.cl")
        mail_server.refuse["nadie@tiendauno.cl"] = "550 5.1.1 No such mailbox here"

        deliver_email.delay(email.pk)  # eager: a Celery retry would raise Retry here

        email.refresh_from_db()
        assert email.status == Status.FAILED

    def test_the_other_recipients_of_the_same_change_are_unaffected(self, kinds, mail_server):
        refused = OutboundEmailFactory(key="case:7:x:to:nadie", to_email="nadie@tiendauno.cl")
        accepted = OutboundEmailFactory(key="case:7:x:to:ana", to_email="ana@tiendauno.cl")
        mail_server.refuse["nadie@tiendauno.cl"] = "550 5.1.1 No such mailbox here"

        assert deliver(refused).status == Status.FAILED
        assert deliver(accepted).status == Status.SENT

        assert mail_server.copies() == {("ana@tiendauno.cl", message_id(accepted.key)): 1}

    def test_show_in_the_admin_with_the_answer_and_an_agent_can_retry_them(
        self, kinds, mail_server, agent_client, django_capture_on_commit_callbacks
    ):
        email = OutboundEmailFactory(to_email="nadie@tiendauno.cl")
        mail_server.refuse["nadie@tiendauno.cl"] = "550 5.1.1 No such mailbox here"
        deliver(email)
        changelist = reverse("admin:notifications_outboundemail_changelist")

        failed = agent_client.get(changelist, {"status__exact": Status.FAILED})
        detail = agent_client.get(
            reverse("admin:notifications_outboundemail_change", args=[email.pk])
        )

        assert failed.status_code == HTTPStatus.OK
        assert [e.pk for e in failed.context["cl"].result_list] == [email.pk]
        assert "550 5.1.1 No such mailbox here" in detail.content.decode()

        mail_server.refuse.clear()  # the seller fixed the mailbox
        with django_capture_on_commit_callbacks(execute=True):
            agent_client.post(
                changelist, {"action": "retry_sending", "_selected_action": [email.pk]}
            )

        email.refresh_from_db()
        assert email.status == Status.SENT
        assert mail_server.copies() == {("nadie@tiendauno.cl", message_id(email.key)): 1}


class TestTemporaryFailures:
    @pytest.mark.parametrize(
        "fault",
        ["450-rcpt", "451-data", "421-data", "dropped-at-data", "server-down"],
    )
    def test_are_retried_later_and_the_email_goes_out_once(
        self, kinds, mail_server, settings, fault
    ):
        email = OutboundEmailFactory(to_email="ana@tiendauno.cl")
        if fault == "450-rcpt":
            mail_server.refuse["ana@tiendauno.cl"] = "450 4.2.1 Mailbox busy, try later"
        elif fault == "451-data":
            mail_server.data_replies.append("451 4.3.0 Local error, try later")
        elif fault == "421-data":
            mail_server.data_replies.append("421 4.3.2 Shutting down")
        elif fault == "dropped-at-data":
            mail_server.drop_data = 1
        else:
            settings.EMAIL_PORT = 1  # nothing listens there

        with pytest.raises(EmailSendDeferred) as deferred:
            email_deliver(email_id=email.pk)

        email.refresh_from_db()
        assert (email.status, email.attempts) == (Status.PENDING, 1)
        assert deferred.value.retry_in == 60 and email.next_attempt_at > email.updated_at
        assert mail_server.received == []

        mail_server.refuse.clear()
        use_mail_server(settings, mail_server)
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.updated_at)
        assert deliver(email).status == Status.SENT
        assert mail_server.copies() == {("ana@tiendauno.cl", message_id(email.key)): 1}
