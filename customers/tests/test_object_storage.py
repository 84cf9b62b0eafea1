"""Atención al cliente's files in S3-compatible object storage (moto's server): the
buyer's files pushed through the API and the seller's answers land in the private
bucket; the seller's page and the marketplace's API check access, then hand the download
to the storage through a short-lived signed link."""

import urllib.request
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.tests.factories import PDF_BYTES, upload
from customers.models import RequestAttachment

from .factories import base64_pdf, make_integration, request_payload

pytestmark = pytest.mark.django_db


def follow_signed_link(response):
    assert response.status_code == HTTPStatus.FOUND
    with urllib.request.urlopen(response["Location"], timeout=10) as answer:
        return answer.headers, answer.read()


class TestRequestFilesInObjectStorage:
    def test_a_buyers_file_from_the_api_is_downloaded_by_the_seller_only(
        self, client, seller, seller_user, other_seller_user, object_storage
    ):
        server, bucket = object_storage
        _integration, token = make_integration(seller)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        payload = request_payload(seller)
        payload["message"]["attachments"] = [base64_pdf("boleta.pdf")]

        created = api.post(reverse("customers_api:requests"), payload, format="json")

        assert created.status_code == HTTPStatus.CREATED, created.content
        stored = RequestAttachment.objects.get()
        assert server.keys(bucket) == [stored.file.name]
        client.force_login(other_seller_user)
        assert client.get(stored.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
        client.force_login(seller_user)
        headers, body = follow_signed_link(client.get(stored.get_absolute_url()))
        assert body == PDF_BYTES
        assert headers["Content-Disposition"] == 'attachment; filename="boleta.pdf"'
        assert headers["Content-Type"] == "application/pdf"

    def test_the_sellers_answer_file_reaches_the_marketplace_through_the_api(
        self, seller_client, seller, object_storage, receiver, django_capture_on_commit_callbacks
    ):
        server, bucket = object_storage
        _integration, token = make_integration(seller, webhook_url=receiver.url)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        api.post(reverse("customers_api:requests"), request_payload(seller), format="json")
        request = seller.customer_requests.get()

        with django_capture_on_commit_callbacks(execute=True):
            seller_client.post(
                reverse("customers:answer", args=[request.pk]),
                {"body": "Va la guía.", "files": [upload("guia.pdf")]},
            )

        sent = receiver.json()["message"]["attachments"][0]
        stored = RequestAttachment.objects.get(original_name="guia.pdf")
        assert server.keys(bucket) == [stored.file.name]
        headers, body = follow_signed_link(api.get(urlsplit(sent["url"]).path))
        assert body == PDF_BYTES
        assert headers["Content-Disposition"] == 'attachment; filename="guia.pdf"'
        outsider = APIClient()
        assert outsider.get(urlsplit(sent["url"]).path).status_code == HTTPStatus.UNAUTHORIZED
