"""When things break: the mail server failing, the database failing while a case is
created, and many sellers creating cases at once. Each test shows that nothing is lost
and nothing is done twice. Emails under a broker outage, a killed worker or a lost
database connection: test_faults_delivery.py."""

import os
import re
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import celery.contrib.testing.tasks  # noqa: F401  (registers the ping task start_worker uses)
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import SellerFactory, UserFactory
from cases import emails
from cases.models import Attachment, Case, CaseEvent, EventKind, FieldType
from cases.services import cases as case_service
from cases.services.pending_tasks import task_open
from cases.tests.factories import CaseFieldFactory, CauseFactory, create_case, upload
from cases.tests.wizard_helpers import PREFIX, confirm, run_wizard, step_url
from notifications.models import OutboundEmail
from notifications.services import message_id, outbox_flush
from supportcenter.celery import app

Status = OutboundEmail.Status
CLOSED_PORT = "redis://127.0.0.1:6399/0"  # nothing listens there: Redis is down
SUBMISSION_KEY = re.compile(r'name="resumen-submission_key" value="([0-9a-f-]{36})"')


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def sent_once_each() -> Counter:
    """How many times each queued email reached the mail server (by its Message-ID)."""
    return Counter(m.extra_headers["Message-ID"] for m in mail.outbox)


def queued_ids() -> set[str]:
    return {message_id(key) for key in OutboundEmail.objects.values_list("key", flat=True)}


@contextmanager
def broker(url: str):
    """Publish to `url` (no eager mode) and give the previous broker back afterwards."""

    def use(broker_url, eager):
        app.conf.broker_url, app.conf.task_always_eager = broker_url, eager
        # Celery keeps its connection pools once made: drop them to use the new URL.
        app._pool = None
        app.amqp._producer_pool = None

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    # Celery prefers the environment's CELERY_BROKER_URL to its configuration: while the
    # test picks the broker, the environment must not.
    environment = os.environ.pop("CELERY_BROKER_URL", None)
    use(url, False)
    try:
        yield
    finally:
        use(*previous)
        if environment is not None:
            os.environ["CELERY_BROKER_URL"] = environment


@pytest.fixture
def smtp(mail_server):
    """The real mail server; `smtp.drop_data = n` drops the connection at the next n sends."""
    return mail_server


def task_emails() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(kind=emails.TASK_OPENED))


def time_passes():
    """The retry delays are over."""
    OutboundEmail.objects.filter(status=Status.PENDING).update(next_attempt_at=timezone.now())


@pytest.mark.django_db
class TestSMTPFailing:
    @pytest.fixture
    def case(self, smtp, seller_user, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            case = create_case(seller_user, cause=CauseFactory())
        smtp.received.clear()
        return case

    def test_retries_with_growing_waits_and_delivers_each_email_once_when_it_recovers(
        self, smtp, case, agent, seller_user, django_capture_on_commit_callbacks
    ):
        smtp.drop_data = 4  # the first two sends of each of the two emails
        with django_capture_on_commit_callbacks(execute=True):
            task_open(case=case, requested_by=agent, request_text="Envía la boleta")

        waits = []
        for failures in (1, 2):
            assert smtp.received == []
            assert {(e.status, e.attempts) for e in task_emails()} == {(Status.PENDING, failures)}
            assert all("SMTPServerDisconnected" in e.last_error for e in task_emails())
            waits.append(min(e.next_attempt_at for e in task_emails()) - timezone.now())
            assert outbox_flush() == 0  # not due yet: nothing is tried before its time
            time_passes()
            with django_capture_on_commit_callbacks(execute=True):
                outbox_flush()

        assert timedelta(seconds=55) < waits[0] <= timedelta(seconds=60)
        assert timedelta(seconds=115) < waits[1] <= timedelta(seconds=120)
        assert {(e.status, e.attempts) for e in task_emails()} == {(Status.SENT, 2)}
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_flush() == 0
        assert smtp.copies() == Counter({(e.to_email, message_id(e.key)): 1 for e in task_emails()})
        assert sorted(r.to for r in smtp.received) == sorted(
            [seller_user.email, seller_user.seller.notification_email]
        )

    def test_an_email_that_keeps_failing_shows_in_the_admins_failed_filter(
        self,
        smtp,
        settings,
        case,
        agent,
        agent_client,
        seller_user,
        django_capture_on_commit_callbacks,
    ):
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
        smtp.drop_data = 1000
        with django_capture_on_commit_callbacks(execute=True):
            task_open(case=case, requested_by=agent, request_text="Envía la boleta")
        time_passes()
        with django_capture_on_commit_callbacks(execute=True):
            outbox_flush()

        changelist = reverse("admin:notifications_outboundemail_changelist")
        failed = agent_client.get(changelist, {"status__exact": Status.FAILED})
        pending = agent_client.get(changelist, {"status__exact": Status.PENDING})

        assert {e.pk for e in failed.context["cl"].result_list} == {e.pk for e in task_emails()}
        assert {(e.status, e.attempts) for e in task_emails()} == {(Status.FAILED, 2)}
        page = failed.content.decode()
        assert seller_user.email in page and "SMTPServerDisconnected" in page
        assert list(pending.context["cl"].result_list) == []
        assert smtp.received == []


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


@pytest.mark.django_db(transaction=True)
class TestFiftySellersAtOnce:
    SELLERS, USERS_EACH = 5, 10

    def test_fifty_confirmations_make_fifty_cases_with_distinct_numbers(self):
        cause = CauseFactory()
        users = [
            UserFactory(seller=seller)
            for seller in SellerFactory.create_batch(self.SELLERS)
            for _ in range(self.USERS_EACH)
        ]
        total = len(users)
        barrier = threading.Barrier(total)
        locations, errors = {}, []

        def file_a_case(n, user):
            try:
                browser = Client()
                browser.force_login(user)
                summary = run_wizard(browser, cause, subject=f"Caso {n}").content.decode()
                # From the page, not response.context: other threads render templates too.
                key = SUBMISSION_KEY.search(summary).group(1)
                barrier.wait(timeout=120)
                response = browser.post(
                    step_url("resumen"),
                    {f"{PREFIX}-current_step": "resumen", "resumen-submission_key": key},
                )
                locations[n] = response["Location"]
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
                barrier.abort()
            finally:
                connection.close()

        threads = [
            threading.Thread(target=file_a_case, args=(n, user)) for n, user in enumerate(users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        cases = {case.subject: case for case in Case.objects.select_related("created_by")}
        assert len(cases) == total
        numbers = {case.number for case in cases.values()}
        assert len(numbers) == total
        assert all(10_000_000 <= number <= 99_999_999 for number in numbers)
        for n, user in enumerate(users):
            case = cases[f"Caso {n}"]
            assert (case.created_by, case.seller_id) == (user, user.seller_id)
            assert locations[n] == reverse("cases:created", args=[case.number])
        created = CaseEvent.objects.filter(kind=EventKind.CREATED)
        assert sorted(created.values_list("case__number", flat=True)) == sorted(numbers)
