"""The bench dataset's customer requests, at a small scale (make bench makes a million)."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from bench.dataset import BIG_SELLER_LOGIN
from bench.dataset.requests import BENCH_TOKEN
from customers.inbox import LISTS
from customers.models import CustomerRequest, RequestMessage, RequestStatus
from customers.selectors import list_counts, list_requests
from customers.tests.factories import request_payload

pytestmark = [pytest.mark.django_db, pytest.mark.clock_sensitive]
REQUESTS, SELLERS = 400, 10


@pytest.fixture
def dataset():
    call_command("generate_dataset", cases=200, sellers=SELLERS, seed=7, stdout=StringIO())
    out = StringIO()
    call_command("generate_requests", requests=REQUESTS, seed=7, stdout=out)
    return out.getvalue()


class TestGenerateRequests:
    def test_fills_the_tables_in_realistic_proportions(self, dataset):
        assert CustomerRequest.objects.count() == REQUESTS
        per_seller = sorted(
            CustomerRequest.objects.values("seller")
            .annotate(n=Count("pk"))
            .values_list("n", flat=True)
        )
        assert len(per_seller) == SELLERS and per_seller[-1] >= 4 * per_seller[len(per_seller) // 2]
        assert RequestMessage.objects.count() >= 1.5 * REQUESTS
        statuses = set(CustomerRequest.objects.values_list("status", flat=True))
        assert statuses == set(RequestStatus.values)
        assert "Largest seller: GEN-00001" in dataset

    def test_every_row_agrees_with_its_status(self, dataset):
        requests = CustomerRequest.objects.all()
        assert not requests.filter(status=RequestStatus.AWAITING, due_at__isnull=True).exists()
        assert (
            not requests.exclude(status=RequestStatus.AWAITING)
            .filter(due_at__isnull=False)
            .exists()
        )
        assert not requests.filter(status=RequestStatus.CLOSED, closed_at__isnull=True).exists()
        assert not requests.filter(first_due_at__isnull=True).exists()

    def test_the_counts_equal_the_lists(self, dataset):
        big = User.objects.get(email=BIG_SELLER_LOGIN).seller

        counts = list_counts(seller=big)

        for request_list in LISTS:
            listed = list_requests(seller=big, request_list=request_list).count()
            assert counts[request_list.slug] == listed, request_list.slug

    def test_the_largest_sellers_pages_open_and_the_bench_token_works(self, dataset, client):
        client.force_login(User.objects.get(email=BIG_SELLER_LOGIN))
        for request_list in LISTS:
            url = reverse("customers:list", args=[request_list.slug])
            assert client.get(url).status_code == HTTPStatus.OK
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {BENCH_TOKEN}")
        big = User.objects.get(email=BIG_SELLER_LOGIN).seller

        response = api.post(reverse("customers_api:requests"), request_payload(big), format="json")

        assert response.status_code == HTTPStatus.CREATED

    def test_refuses_a_second_run_and_needs_the_sellers_first(self, dataset):
        with pytest.raises(CommandError, match="already holds"):
            call_command("generate_requests", requests=10, stdout=StringIO())


def test_needs_the_generated_sellers_first(db):
    with pytest.raises(CommandError, match="generate_dataset"):
        call_command("generate_requests", requests=10, stdout=StringIO())
