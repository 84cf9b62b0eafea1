"""/metricas/: refused without the token; with it, the series operators watch, with the
values of what the test did (requests, queries, tasks) or created (emails, cases)."""

import smtplib
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from accounts.models import User
from accounts.tests.factories import UserFactory
from cases.eta.tasks import refresh_case_eta
from cases.models import Case
from cases.status import CaseStatus
from cases.tests.factories import create_case
from cases.tests.test_celery_integration import wait_for
from notifications.models import OutboundEmail
from notifications.tasks import deliver_email, flush_outbox
from notifications.tests.factories import OutboundEmailFactory
from notifications.tests.mail import FlakySMTPBackend

pytestmark = pytest.mark.django_db

URL = "/metricas/"
NOW = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)


@pytest.fixture
def prometheus(settings):
    """Prometheus: scrapes with the token; returns {(series, labels): value}."""
    scraper = Client(HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}")

    def scrape() -> dict:
        response = scraper.get(URL)
        assert response.status_code == HTTPStatus.OK, response.content
        return {
            (sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples
        }

    return scrape


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


class TestTheEndpoint:
    def test_is_the_documented_address(self):
        assert reverse("metrics") == URL

    @pytest.mark.parametrize(
        "authorization",
        [None, "Bearer wrong-token", "Bearer ", "Basic dGVzdDp0ZXN0", "{token}", "bearer{token}"],
    )
    def test_refuses_a_request_without_the_token(self, client, settings, authorization):
        headers = {}
        if authorization is not None:
            headers["HTTP_AUTHORIZATION"] = authorization.format(token=settings.METRICS_TOKEN)

        response = client.get(URL, **headers)

        assert response.status_code == HTTPStatus.UNAUTHORIZED
        assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
        assert b"django_http" not in response.content

    def test_speaks_openmetrics_to_a_scraper_that_asks_for_it(self, settings):
        scraper = Client(HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}")

        response = scraper.get(URL, HTTP_ACCEPT="application/openmetrics-text; version=1.0.0")

        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"].startswith("application/openmetrics-text")
        assert response.content.endswith(b"# EOF\n")
        assert b"# TYPE supportcenter_cases_waiting_on_support gaugehistogram" in response.content

    def test_a_superusers_session_is_not_the_token(self, client, superuser):
        client.force_login(superuser)

        assert client.get(URL).status_code == HTTPStatus.UNAUTHORIZED

    def test_is_off_without_a_token_configured(self, client, settings):
        settings.METRICS_TOKEN = ""

        for authorization in ("", "Bearer "):
            response = client.get(URL, HTTP_AUTHORIZATION=authorization)
            assert response.status_code == HTTPStatus.NOT_FOUND

    def test_answers_in_the_prometheus_format_to_a_scraper_calling_by_address(self, settings):
        scraper = Client(HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}")

        response = scraper.get(URL, HTTP_HOST="10.0.3.7:8000")

        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"].startswith("text/plain; version=")
        assert "no-store" in response["Cache-Control"]


class TestRequestsAndQueries:
    def test_count_responses_by_view_and_status_with_their_latency(self, client, prometheus):
        login = reverse("accounts:login")
        before = prometheus()

        client.get(login)
        client.get(login)
        client.get(reverse("cases:detail", args=[12345678]))  # a login redirect

        after = prometheus()
        for name, labels, increase in [
            (
                "django_http_responses_total_by_status_view_method_total",
                {"status": "200", "view": "accounts:login", "method": "GET"},
                2,
            ),
            (
                "django_http_responses_total_by_status_view_method_total",
                {"status": "302", "view": "cases:detail", "method": "GET"},
                1,
            ),
            (
                "django_http_requests_latency_seconds_by_view_method_count",
                {"view": "accounts:login", "method": "GET"},
                2,
            ),
            (
                "django_http_requests_latency_seconds_by_view_method_bucket",
                {"view": "accounts:login", "method": "GET", "le": "+Inf"},
                2,
            ),
        ]:
            assert value(after, name, **labels) - value(before, name, **labels) == increase, name

    def test_count_a_login_lockout_as_the_login_views_429(self, client, prometheus, settings):
        user = UserFactory()
        login = reverse("accounts:login")
        series = "django_http_responses_total_by_status_view_method_total"
        labels = {"status": "429", "view": "accounts:login", "method": "POST"}
        before = value(prometheus(), series, **labels)

        statuses = [
            client.post(login, {"username": user.email, "password": "mala"}).status_code
            for _ in range(settings.AXES_FAILURE_LIMIT + 1)
        ]

        assert HTTPStatus.TOO_MANY_REQUESTS in statuses
        assert value(prometheus(), series, **labels) - before == statuses.count(429)

    def test_count_the_database_queries(self, prometheus, seller_user):
        series = ("django_db_execute_total", {"alias": "default", "vendor": connection.vendor})
        before = prometheus()

        for _ in range(5):
            list(User.objects.all())

        after = prometheus()
        # Five here, and the two of the second scrape (one per database collector), run
        # before it reads the counter.
        assert value(after, series[0], **series[1]) - value(before, series[0], **series[1]) == 7


@pytest.mark.celery_integration
@pytest.mark.django_db(transaction=True)
class TestCeleryTasks:
    def test_count_each_outcome_by_task_in_a_real_worker(self, live_worker, prometheus, settings):
        settings.EMAIL_BACKEND = "notifications.tests.mail.FlakySMTPBackend"
        FlakySMTPBackend.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        email = OutboundEmailFactory()
        name = "supportcenter_celery_tasks_total"
        expected = {
            (flush_outbox.name, "succeeded"): 2,
            (refresh_case_eta.name, "failed"): 1,  # no such case
            (deliver_email.name, "retried"): 1,  # the mail server is down
        }
        before = prometheus()

        try:
            flush_outbox.delay()
            flush_outbox.delay()
            refresh_case_eta.delay(0)
            deliver_email.delay(email.pk)

            def increases():
                after = prometheus()
                return {
                    (task, outcome): value(after, name, task=task, outcome=outcome)
                    - value(before, name, task=task, outcome=outcome)
                    for task, outcome in [*expected, (flush_outbox.name, "failed")]
                }

            assert wait_for(lambda: all(increases()[k] >= v for k, v in expected.items()))
        finally:
            FlakySMTPBackend.error = None

        assert increases() == {**expected, (flush_outbox.name, "failed"): 0}


class TestOutbox:
    def test_counts_the_emails_not_sent_and_ages_the_oldest(self, prometheus):
        with time_machine.travel(NOW, tick=False):
            for age, status in [
                (timedelta(hours=3), OutboundEmail.Status.PENDING),
                (timedelta(minutes=5), OutboundEmail.Status.PENDING),
                (timedelta(minutes=20), OutboundEmail.Status.SENDING),
                (timedelta(days=2), OutboundEmail.Status.FAILED),
                (timedelta(days=3), OutboundEmail.Status.SENT),
                (timedelta(days=4), OutboundEmail.Status.SENT),
            ]:
                OutboundEmailFactory(
                    status=status,
                    created_at=NOW - age,
                    sent_at=NOW if status == OutboundEmail.Status.SENT else None,
                )

            samples = prometheus()

        emails = "supportcenter_outbox_emails"
        assert value(samples, emails, status="pending") == 2
        assert value(samples, emails, status="sending") == 1
        assert value(samples, emails, status="failed") == 1
        assert (emails, frozenset({("status", "sent")})) not in samples
        age = "supportcenter_outbox_oldest_email_age_seconds"
        assert value(samples, age, status="pending") == 3 * 3600
        assert value(samples, age, status="sending") == 20 * 60

    def test_says_zero_when_the_outbox_is_empty(self, prometheus):
        samples = prometheus()

        assert value(samples, "supportcenter_outbox_emails", status="pending") == 0
        age = "supportcenter_outbox_oldest_email_age_seconds"
        assert (age, frozenset({("status", "pending")})) in samples
        assert value(samples, age, status="pending") == 0


class TestCasesWaitingOnSupport:
    def test_counts_them_by_status_and_time_since_their_last_change(self, prometheus, seller_user):
        S = CaseStatus
        with time_machine.travel(NOW, tick=False):
            for status, age in [
                (S.OPEN, timedelta(minutes=30)),
                (S.OPEN, timedelta(hours=2)),
                (S.OPEN, timedelta(days=2)),
                (S.IN_PROGRESS, timedelta(hours=5)),
                (S.REOPENED, timedelta(days=10)),
                # Not support's to move: waiting on the seller, resolved, closed.
                (S.WAITING_ON_SELLER, timedelta(days=1)),
                (S.RESOLVED, timedelta(minutes=1)),
                (S.CLOSED, timedelta(days=30)),
            ]:
                case = create_case(seller_user)
                Case.objects.filter(pk=case.pk).update(status=status, updated_at=NOW - age)

            samples = prometheus()

        name = "supportcenter_cases_waiting_on_support"
        buckets = ("3600", "14400", "86400", "259200", "604800", "+Inf")

        def histogram(status):
            return [value(samples, f"{name}_bucket", status=status, le=le) for le in buckets]

        assert histogram("open") == [1, 2, 2, 3, 3, 3]
        assert histogram("in_progress") == [0, 0, 1, 1, 1, 1]
        assert histogram("reopened") == [0, 0, 0, 0, 0, 1]
        assert value(samples, f"{name}_gcount", status="open") == 3
        assert value(samples, f"{name}_gsum", status="open") == (0.5 + 2 + 48) * 3600
        assert value(samples, f"{name}_gsum", status="reopened") == 10 * 86400
        statuses = {dict(labels).get("status") for (series, labels) in samples if name in series}
        assert statuses == {"open", "in_progress", "reopened"}
