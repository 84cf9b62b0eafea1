"""When things break. Each test shows that nothing is lost and nothing is done twice."""

import os
import time
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cases.models import Attachment, Case, CaseEvent, EventKind, FieldType
from cases.services import cases as case_service
from cases.tests.factories import CaseFieldFactory, CauseFactory, upload
from cases.tests.wizard_helpers import PREFIX, confirm, run_wizard, step_url
from notifications.models import OutboundEmail


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db(transaction=True)
class TestDatabaseErrorWhileCreatingACase:
    def test_leaves_nothing_and_confirming_again_creates_the_one_case_the_seller_sees(
        self, client, seller_user, settings
    ):
        cause = CauseFactory()
        CaseFieldFactory(cause=cause, key="receipt", field_type=FieldType.FILE)
        client.force_login(seller_user)
        run_wizard(
            client, cause, subject="Pago no recibido", files={"attachments": upload("extra.pdf")}
        )
        real_add, real_number = case_service.attachments_add, case_service.allocate_case_number
        calls, numbers = [], []

        def add_then_fail_on_the_second_call(**kwargs):
            calls.append(kwargs)
            if len(calls) == 2:  # the case, its history and the field's file are written
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1 / 0")  # a real error: PostgreSQL aborts
            return real_add(**kwargs)

        def allocate():
            numbers.append(real_number())
            return numbers[-1]

        with (
            mock.patch.object(case_service, "attachments_add", add_then_fail_on_the_second_call),
            mock.patch.object(case_service, "allocate_case_number", allocate),
        ):
            failed, key = confirm(client)
            back = client.get(failed["Location"])
            [lost] = numbers

            assert failed["Location"] == step_url("resumen")
            assert (Case.objects.count(), CaseEvent.objects.count()) == (0, 0)
            assert (Attachment.objects.count(), OutboundEmail.objects.count()) == (0, 0)
            page = back.content.decode()
            assert back.status_code == HTTPStatus.OK
            assert (
                "No pudimos crear tu caso por un problema nuestro. "
                "Tus datos siguen aquí: vuelve a confirmar."
            ) in page
            assert "Pago no recibido" in page and "extra.pdf" in page  # the wizard is intact
            assert str(lost) not in page

            again = client.post(
                step_url("resumen"),
                {f"{PREFIX}-current_step": "resumen", "resumen-submission_key": key},
                follow=True,
            )

        case = Case.objects.get()
        assert case.number != lost and not Case.objects.filter(number=lost).exists()
        assert again.redirect_chain[-1][0] == reverse("cases:created", args=[case.number])
        assert f"Tu caso fue creado: número {case.number}." in messages_of(again)
        assert str(lost) not in again.content.decode()
        assert CaseEvent.objects.filter(kind=EventKind.CREATED).count() == 1
        assert sorted(case.attachments.values_list("original_name", flat=True)) == [
            "extra.pdf",
            "receipt.png",
        ]
        tray = client.get(reverse("cases:tray", args=["todos"])).content.decode()
        assert str(case.number) in tray and str(lost) not in tray

    def test_the_file_stored_by_the_failed_attempt_is_cleaned_up_later(
        self, client, seller_user, settings
    ):
        cause = CauseFactory()
        CaseFieldFactory(cause=cause, key="receipt", field_type=FieldType.FILE)
        client.force_login(seller_user)
        run_wizard(client, cause)
        real_add = case_service.attachments_add
        calls = []

        def add_then_fail(**kwargs):
            calls.append(kwargs)
            result = real_add(**kwargs)
            if len(calls) == 1:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1 / 0")
            return result

        with mock.patch.object(case_service, "attachments_add", add_then_fail):
            confirm(client)
            confirm(client)
        stored = list((Path(settings.MEDIA_ROOT) / "attachments").rglob("*.png"))
        assert len(stored) == 2  # one orphan of the failed attempt, one of the case
        old = time.time() - 2 * 24 * 3600
        for path in stored:
            os.utime(path, (old, old))

        call_command("cleanup_uploads")

        [kept] = [path for path in stored if path.exists()]
        assert Attachment.objects.get().file.path == str(kept)
