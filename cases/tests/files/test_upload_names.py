"""File names sent by a browser are never trusted: a name with a path in it (sent raw, as
an attacker would; Django's test client would strip it) is stored as a safe base name,
the file itself under an unguessable path, and downloads are always attachments that
the browser must not sniff."""

import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.urls import reverse

from cases.models import Attachment, Case
from cases.services.pending_tasks import task_open
from cases.tests.factories import PDF_BYTES, CauseFactory, create_case
from cases.tests.wizard_helpers import PREFIX, confirm, post_step, step_url

pytestmark = pytest.mark.django_db

BOUNDARY = "sc-test-boundary"
STORED = re.compile(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf")


def raw_multipart(fields: dict, field_name: str, file_name: str, content: bytes) -> bytes:
    """A multipart body with the file name exactly as given."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
            f'name="{field_name}"; filename="{file_name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_raw(client, url, body):
    return client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def assert_downloads_as_an_attachment(client, url, name):
    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def media_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]


class TestANameWithAPath:
    def test_sent_with_a_task_answer(self, seller_client, seller_user, agent, client, settings):
        case = create_case(seller_user)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        body = raw_multipart(
            {f"tarea-{task.pk}-answer": "Va la boleta"},
            f"tarea-{task.pk}-files",
            "..\\..\\Windows\\boleta final.pdf",
            PDF_BYTES,
        )

        response = post_raw(
            seller_client, reverse("cases:task_answer", args=[case.number, task.pk]), body
        )

        assert response.status_code == HTTPStatus.FOUND
        attachment = Attachment.objects.get(task=task)
        assert attachment.original_name == "boleta_final.pdf"
        assert STORED.fullmatch(attachment.file.name)
        assert media_files(settings) == [attachment.file.name]
        assert_downloads_as_an_attachment(
            seller_client, attachment.get_absolute_url(), "boleta_final.pdf"
        )
        client.force_login(agent)
        assert_downloads_as_an_attachment(
            client,
            reverse("admin:cases_case_attachment", args=[case.pk, attachment.pk]),
            "boleta_final.pdf",
        )

    def test_sent_through_the_wizard(self, seller_client, settings):
        cause = CauseFactory()
        post_step(seller_client, "tipo", {"record_type": cause.area.record_type_id})
        post_step(seller_client, "area", {"area": cause.area_id})
        post_step(seller_client, "causa", {"cause": cause.pk})
        body = raw_multipart(
            {
                f"{PREFIX}-current_step": "datos",
                "datos-subject": "Pago no recibido",
                "datos-description": "Adjunto la liquidación.",
            },
            "datos-attachments",
            "../../etc/passwd.pdf",
            PDF_BYTES,
        )

        staged = post_raw(seller_client, step_url("datos"), body)
        summary = seller_client.get(step_url("resumen")).content.decode()
        [staged_file] = media_files(settings)
        confirm(seller_client)

        assert staged.status_code == HTTPStatus.FOUND
        assert re.fullmatch(r"wizard/u\d+/[0-9a-f]{32}\.pdf", staged_file)
        assert "passwd.pdf" in summary and "../" not in summary
        attachment = Case.objects.get().attachments.get()
        assert attachment.original_name == "passwd.pdf"
        assert STORED.fullmatch(attachment.file.name)
        assert media_files(settings) == [attachment.file.name]  # the staged copy is gone
        assert_downloads_as_an_attachment(
            seller_client, attachment.get_absolute_url(), "passwd.pdf"
        )
