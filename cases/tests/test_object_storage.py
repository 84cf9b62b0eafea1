"""The cases' files in S3-compatible object storage (a real S3 API: moto's server): what a
seller uploads lands in the private bucket, a download is checked by the portal and then
served by the storage through a short-lived signed link, as an attachment of the checked
type; the clean-up job empties the bucket of what nobody points to; a lost object gets a
clear page."""

import re
import urllib.request
from datetime import timedelta
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment, Case
from cases.services.pending_tasks import task_open
from cases.tasks import cleanup_uploads
from cases.tests.factories import PDF_BYTES, CauseFactory, create_case, upload
from cases.tests.wizard_helpers import confirm, post_step, step_url

pytestmark = pytest.mark.django_db

STORED = re.compile(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf")
STAGED = re.compile(r"wizard/u\d+/[0-9a-f]{32}\.pdf")


def fetch(url: str):
    """What a browser gets when it follows the signed link."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.headers, answer.read()


def assert_served_by_the_storage(response, *, endpoint: str, name: str, content: bytes):
    assert response.status_code == HTTPStatus.FOUND
    assert "no-store" in response["Cache-Control"]
    url = response["Location"]
    assert url.startswith(endpoint + "/")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    status, headers, body = fetch(url)
    assert status == HTTPStatus.OK and body == content
    assert headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert headers["Content-Type"] == "application/pdf"


class TestFilesInObjectStorage:
    def test_a_wizard_upload_is_staged_in_the_bucket_then_becomes_the_cases_attachment(
        self, seller_client, object_storage
    ):
        server, bucket = object_storage
        cause = CauseFactory()
        post_step(seller_client, "tipo", {"record_type": cause.area.record_type_id})
        post_step(seller_client, "area", {"area": cause.area_id})
        post_step(seller_client, "causa", {"cause": cause.pk})

        post_step(
            seller_client,
            "datos",
            {"subject": "Pago no recibido", "description": "Adjunto la liquidación."},
            files={"attachments": upload("liquidación octubre.pdf")},
        )
        [staged] = server.keys(bucket)
        summary = seller_client.get(step_url("resumen")).content.decode()
        confirm(seller_client)

        assert STAGED.fullmatch(staged)
        assert "liquidación_octubre.pdf" in summary
        attachment = Case.objects.get().attachments.get()
        assert server.keys(bucket) == [attachment.file.name]  # the staged copy is gone
        assert STORED.fullmatch(attachment.file.name)
        response = seller_client.get(attachment.get_absolute_url())
        assert response.status_code == HTTPStatus.FOUND
        status, headers, body = fetch(response["Location"])
        assert body == PDF_BYTES and headers["Content-Type"] == "application/pdf"
        assert headers["Content-Disposition"] == (
            "attachment; filename*=utf-8''liquidaci%C3%B3n_octubre.pdf"
        )

    def test_a_task_answers_file_is_downloaded_by_the_seller_and_the_agent(
        self, seller_client, seller_user, agent, client, object_storage
    ):
        server, bucket = object_storage
        case = create_case(seller_user)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")

        seller_client.post(
            reverse("cases:task_answer", args=[case.number, task.pk]),
            {
                f"tarea-{task.pk}-answer": "Va la boleta",
                f"tarea-{task.pk}-files": upload("boleta.pdf"),
            },
        )

        attachment = Attachment.objects.get(task=task)
        assert server.keys(bucket) == [attachment.file.name]
        grants = server.client.get_object_acl(Bucket=bucket, Key=attachment.file.name)["Grants"]
        assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]  # owner only
        assert_served_by_the_storage(
            seller_client.get(attachment.get_absolute_url()),
            endpoint=server.endpoint_url,
            name="boleta.pdf",
            content=PDF_BYTES,
        )
        client.force_login(agent)
        assert_served_by_the_storage(
            client.get(reverse("admin:cases_case_attachment", args=[case.pk, attachment.pk])),
            endpoint=server.endpoint_url,
            name="boleta.pdf",
            content=PDF_BYTES,
        )

    def test_another_seller_gets_a_404_and_no_link(
        self, client, seller_user, other_seller_user, object_storage
    ):
        case = create_case(seller_user, attachments=[upload("contrato.pdf")])
        attachment = case.attachments.get()
        client.force_login(other_seller_user)

        response = client.get(attachment.get_absolute_url())

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Location" not in response and "X-Amz" not in response.content.decode()

    def test_a_lost_object_gets_a_clear_page(self, seller_client, seller_user, object_storage):
        server, bucket = object_storage
        case = create_case(seller_user, attachments=[upload("contrato.pdf")])
        attachment = case.attachments.get()
        server.client.delete_object(Bucket=bucket, Key=attachment.file.name)

        response = seller_client.get(attachment.get_absolute_url())

        assert response.status_code == HTTPStatus.NOT_FOUND
        page = response.content.decode()
        assert "Este archivo no está disponible" in page
        assert "Location" not in response


class TestCleanupInObjectStorage:
    def test_deletes_orphans_and_abandoned_staged_files_once_old_enough(
        self, settings, seller_user, object_storage
    ):
        server, bucket = object_storage
        settings.ORPHAN_FILE_MIN_AGE_MINUTES = 30
        settings.SESSION_COOKIE_AGE = 8 * 3600
        case = create_case(seller_user, attachments=[upload("kept.pdf")])
        kept = case.attachments.get().file.name
        orphan = "attachments/2026/11/" + "a" * 32 + ".pdf"
        staged = "wizard/u1/" + "b" * 32 + ".pdf"
        for key in (orphan, staged):
            server.client.put_object(Bucket=bucket, Key=key, Body=PDF_BYTES)
        now = timezone.now()

        with time_machine.travel(now + timedelta(minutes=20), tick=False):
            assert cleanup_uploads() == 0
        with time_machine.travel(now + timedelta(minutes=31), tick=False):
            assert cleanup_uploads() == 1
        assert server.keys(bucket) == sorted([kept, staged])
        with time_machine.travel(now + timedelta(hours=8, minutes=1), tick=False):
            assert cleanup_uploads() == 1
        assert server.keys(bucket) == [kept]
