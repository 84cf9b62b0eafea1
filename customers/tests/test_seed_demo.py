"""seed_demo's customer requests: every kind, some about to be late, the demo token that
`make run`'s curl uses, and nothing new the second time."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from customers.demo import DEMO_TOKEN
from customers.models import CustomerRequest, RequestKind, RequestStatus, SavedAnswer

pytestmark = pytest.mark.django_db
WEDNESDAY_MORNING = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)  # 10:30 in Santiago


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


class TestSeedDemo:
    def test_gives_the_demo_seller_requests_of_every_kind_some_about_to_be_late(self):
        with time_machine.travel(WEDNESDAY_MORNING, tick=False):
            seed()

        demo = CustomerRequest.objects.filter(seller__code="DEMO-0001")
        assert set(demo.values_list("kind", flat=True)) == set(RequestKind.values)
        assert set(demo.values_list("status", flat=True)) == set(RequestStatus.values)
        soon = demo.filter(
            due_at__gt=WEDNESDAY_MORNING, due_at__lte=WEDNESDAY_MORNING + timedelta(hours=2)
        )
        assert soon.count() >= 2
        assert demo.filter(due_at__lt=WEDNESDAY_MORNING).exists()  # one already late
        assert CustomerRequest.objects.filter(seller__code="DEMO-0002").exists()
        assert SavedAnswer.objects.filter(seller__code="DEMO-0001").count() >= 2

    def test_running_it_twice_adds_nothing(self):
        seed()
        before = sorted(CustomerRequest.objects.values_list("external_id", "status"))

        output = seed()

        assert sorted(CustomerRequest.objects.values_list("external_id", "status")) == before
        assert "0 new customer requests" in output

    def test_prints_a_curl_that_creates_a_request(self):
        output = seed()
        curl = next(line for line in output.splitlines() if "curl " in line)
        body = curl.split("-d '", 1)[1].rsplit("'", 1)[0]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {DEMO_TOKEN}")

        response = client.post("/api/v1/solicitudes/", body, content_type="application/json")

        assert f"Bearer {DEMO_TOKEN}" in curl
        assert response.status_code == 201
        assert CustomerRequest.objects.get(external_id=response.json()["id"]).seller.code == (
            "DEMO-0001"
        )
