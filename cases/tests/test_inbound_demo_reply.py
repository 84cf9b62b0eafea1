"""The issue's "done when" on the demo data: `make run` prints a curl that posts a reply
.eml to the webhook; it answers a demo case's pending request, and the case leaves
"Casos con tareas pendientes"."""

import re
import shlex
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from cases.models import Attachment, PendingTask, TaskStatus
from notifications.models import InboundEmail

pytestmark = pytest.mark.django_db


def pending_numbers(client) -> set[str]:
    page = client.get(reverse("cases:tray", kwargs={"tray": "pendientes"})).content.decode()
    return set(re.findall(r"\b1\d{7}\b", page))


class TestTheDemoReply:
    def test_the_printed_curl_answers_a_demo_task_and_the_case_leaves_pending(
        self, client, tmp_path, settings, django_capture_on_commit_callbacks
    ):
        call_command("seed_demo", stdout=StringIO())
        client.force_login(User.objects.get(email="seller@demo.cl"))
        before = pending_numbers(client)
        out = StringIO()

        call_command("inbound_demo_reply", output=str(tmp_path / "reply.eml"), stdout=out)

        curl = shlex.split(out.getvalue().splitlines()[-1])
        headers = dict(h.split(": ", 1) for h in curl[curl.index("-H") + 1 :: 2][:2])
        assert headers == {
            "Content-Type": "message/rfc822",
            "X-Inbound-Secret": "demo-inbound-2026",
        }
        raw = (tmp_path / "reply.eml").read_bytes()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/correo/entrante/",
                data=raw,
                content_type="message/rfc822",
                headers={"X-Inbound-Secret": "demo-inbound-2026"},
            )

        assert response.status_code == HTTPStatus.ACCEPTED
        inbound = InboundEmail.objects.get()
        assert inbound.status == InboundEmail.Status.ACCEPTED
        task = PendingTask.objects.get(pk=int(inbound.result.removeprefix("task:")))
        assert task.status == TaskStatus.ANSWERED
        assert (
            task.answer_text == "Hola, adjunto el archivo que pidieron. Cualquier duda me avisan."
        )
        assert Attachment.objects.filter(task=task, original_name="respaldo.png").exists()
        assert pending_numbers(client) == before - {str(task.case.number)}

    def test_process_takes_it_without_the_webhook(self, tmp_path):
        call_command("seed_demo", stdout=StringIO())
        out = StringIO()
        call_command(
            "inbound_demo_reply",
            sender="seller2@demo.cl",
            output=str(tmp_path / "r.eml"),
            process=True,
            stdout=out,
        )
        assert "Aceptado task:" in out.getvalue()

    def test_is_refused_in_production(self, settings):
        settings.DEMO_DATA_ALLOWED = False
        with pytest.raises(CommandError):
            call_command("inbound_demo_reply")
