"""A request id on the response and on every log line of the request, carried into the
Celery tasks it publishes and the log lines of the emails they send; the lines are JSON
as production writes them (LOGGING's "json" formatter)."""

import logging
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from cases.tests.factories import CauseFactory, create_case
from cases.tests.test_celery_integration import wait_for
from notifications.models import OutboundEmail
from notifications.tasks import flush_outbox
from notifications.tests.factories import OutboundEmailFactory

from .helpers import json_log_lines

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"[0-9a-f]{32}")
SENT = re.compile(r"Email \d+ \(\w+\) sent\.")


def ask_for_information(client, case, request_id):
    """The agent's "Solicitar información al seller": emails to the seller's people."""
    return client.post(
        reverse("admin:cases_case_request_information", args=[case.pk]),
        {"body": "Envía la cartola de octubre"},
        HTTP_X_REQUEST_ID=request_id,
    )


class TestTheResponse:
    def test_carries_a_new_id_when_the_proxy_sent_none(self, client):
        first = client.get(reverse("accounts:login"))["X-Request-ID"]
        second = client.get(reverse("accounts:login"))["X-Request-ID"]

        assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
        assert first != second

    @pytest.mark.parametrize(
        "offered", ["3f2a9c0e4b1d4e6f8a7b6c5d4e3f2a1b", "9e107d9d-372b-4d1a-9d1e-6c2f3c8e0b8a"]
    )
    def test_carries_the_id_the_proxy_sent(self, client, offered):
        response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID=offered)

        assert response["X-Request-ID"] == offered

    @pytest.mark.parametrize(
        "offered", ["", "two words", "line\nbreak", "a" * 129, "-starts-with-a-dash", "ñandú"]
    )
    def test_replaces_an_id_that_does_not_look_like_one(self, client, offered):
        response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID=offered)

        assert GENERATED.fullmatch(response["X-Request-ID"])


class TestLogLines:
    def test_every_line_of_a_request_has_its_id_even_django_s_own_after_the_response(
        self, client, settings
    ):
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # readiness logs a failure

        with json_log_lines() as lines:
            client.get("/salud/lista/", HTTP_X_REQUEST_ID="probe-1")
            # "Not Found: ..." is logged by Django once the middleware has returned.
            client.get("/soporte/no-existe/", HTTP_X_REQUEST_ID="page-2")

        by_id = {(line["logger"], line["request_id"]) for line in lines}
        assert ("supportcenter.ops.health", "probe-1") in by_id
        assert ("django.request", "page-2") in by_id
        assert {line["request_id"] for line in lines} == {"probe-1", "page-2"}
        assert all(line["timestamp"] and line["level"] and line["message"] for line in lines)

    def test_a_line_outside_any_request_has_none(self, client):
        client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="finished")

        with json_log_lines() as lines:
            logging.getLogger("supportcenter").warning("Between requests.")

        assert lines == [
            {
                "level": "WARNING",
                "logger": "supportcenter",
                "message": "Between requests.",
                "request_id": None,
                "timestamp": lines[0]["timestamp"],
            }
        ]


@pytest.mark.django_db(transaction=True)
class TestTasksPublishedInARequest:
    def test_run_eagerly_log_their_emails_with_the_requests_id(
        self, client, agent, seller_user, seller_colleague
    ):
        case = create_case(seller_user, cause=CauseFactory())
        client.force_login(agent)

        with json_log_lines() as lines:
            response = ask_for_information(client, case, "agent-asks-1")

        assert response.status_code == HTTPStatus.FOUND
        sent = [line for line in lines if SENT.fullmatch(line["message"])]
        assert len(sent) == 3  # Ana, Bruno and the seller's address
        assert {line["request_id"] for line in sent} == {"agent-asks-1"}

    def test_without_a_request_run_under_their_own_task_id_passed_on_to_what_they_publish(
        self,
    ):
        OutboundEmailFactory()

        with json_log_lines() as lines:
            flush_outbox.apply(task_id="beat-flush-7")

        sent = [line for line in lines if SENT.fullmatch(line["message"])]
        assert [line["request_id"] for line in sent] == ["beat-flush-7"]


@pytest.mark.celery_integration
@pytest.mark.django_db(transaction=True)
class TestTasksPublishedInARequestToARealWorker:
    def test_carry_the_id_in_their_message_to_the_worker(
        self, live_worker, client, agent, seller_user
    ):
        case = create_case(seller_user, cause=CauseFactory())
        client.force_login(agent)

        with json_log_lines() as lines:
            ask_for_information(client, case, "agent-asks-2")
            assert wait_for(
                lambda: (
                    any("Necesitamos información" in m.subject for m in mail.outbox)
                    and not OutboundEmail.objects.exclude(status="sent").exists()
                )
            )

        # (The "case created" emails of create_case may be sent meanwhile, under the id
        # of the task that computed the case's estimate.)
        sent = [line for line in lines if line["message"].endswith("(task_opened) sent.")]
        assert len(sent) == 2  # Ana and the seller's address
        assert {line["request_id"] for line in sent} == {"agent-asks-2"}
