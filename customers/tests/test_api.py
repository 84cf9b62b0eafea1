"""The marketplace API's contract: every status it answers, idempotence, token scope,
rate limit, attachments."""

import base64
import json
from datetime import UTC, datetime
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from cases.tests.factories import EXE_BYTES
from customers.models import (
    CustomerRequest,
    Integration,
    RequestAttachment,
    RequestMessage,
    RequestStatus,
)

from .factories import base64_pdf, make_integration, message_payload, request_payload

pytestmark = pytest.mark.django_db

REQUESTS = reverse("customers_api:requests")


def messages_url(external_id: str) -> str:
    return reverse("customers_api:messages", args=[external_id])


def post(api, url, payload, **extra):
    return api.post(url, json.dumps(payload), content_type="application/json", **extra)


class TestCreateRequest:
    def test_creates_the_request_with_its_first_message_and_deadline(self, api, seller):
        payload = request_payload(seller, kind="post_sale", order_number="2000123456")

        response = post(api, REQUESTS, payload)

        assert response.status_code == HTTPStatus.CREATED
        body = response.json()
        assert body["id"] == payload["id"] and body["status"] == "awaiting"
        request = CustomerRequest.objects.get(external_id=payload["id"])
        assert body["url"] == f"https://soporte.example.com/atencion/solicitudes/{request.pk}/"
        assert request.seller == seller and request.order_number == "2000123456"
        assert request.product_title == "Cafetera Andina 12 tazas"
        assert request.buyer_name == "Juan Pérez"
        assert [m.body for m in request.messages.all()] == [payload["message"]["body"]]
        assert request.due_at is not None and request.due_at == request.first_due_at

    def test_the_same_request_twice_is_received_once(self, api, seller):
        payload = request_payload(seller)
        reordered = json.loads(json.dumps(payload, sort_keys=True))

        first = post(api, REQUESTS, payload)
        again = post(api, REQUESTS, reordered)

        assert (first.status_code, again.status_code) == (HTTPStatus.CREATED, HTTPStatus.OK)
        assert again.json()["id"] == first.json()["id"]
        assert CustomerRequest.objects.count() == 1
        assert RequestMessage.objects.count() == 1

    def test_the_same_id_with_other_data_is_a_conflict(self, api, seller):
        payload = request_payload(seller)
        post(api, REQUESTS, payload)
        changed = {**payload, "message": {**payload["message"], "body": "Otra cosa"}}

        response = post(api, REQUESTS, changed)

        assert response.status_code == HTTPStatus.CONFLICT
        assert response.json()["code"] == "conflict"
        assert RequestMessage.objects.get().body == payload["message"]["body"]

    def test_two_integrations_may_use_the_same_id(self, api, seller):
        other, token = make_integration(seller)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        payload = request_payload(seller)

        assert post(api, REQUESTS, payload).status_code == HTTPStatus.CREATED
        assert post(client, REQUESTS, payload).status_code == HTTPStatus.CREATED
        assert CustomerRequest.objects.count() == 2

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"kind": "complaint"}, "kind"),
            ({"buyer": {}}, "buyer"),
            ({"kind": "claim", "order_number": ""}, "order_number"),
            ({"kind": "post_sale"}, "order_number"),
            ({"message": {"id": "M1"}}, "message"),
            ({"id": "x" * 101}, "id"),
        ],
    )
    def test_invalid_data_is_a_400_naming_the_field(self, api, seller, change, field):
        response = post(api, REQUESTS, {**request_payload(seller), **change})

        assert response.status_code == HTTPStatus.BAD_REQUEST
        body = response.json()
        assert body["code"] == "invalid" and field in body["errors"]
        assert not CustomerRequest.objects.exists()

    def test_a_body_that_is_not_json_is_a_400(self, api):
        response = api.post(REQUESTS, "{not json", content_type="application/json")

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["code"] == "parse_error"


class TestAuthentication:
    @pytest.mark.parametrize(
        "header", [None, "Bearer scm_not-a-real-token", "Token abc", "Bearer a b"]
    )
    def test_without_a_valid_token_it_is_a_401(self, seller, header):
        client = APIClient()
        if header:
            client.credentials(HTTP_AUTHORIZATION=header)

        response = post(client, REQUESTS, request_payload(seller))

        assert response.status_code == HTTPStatus.UNAUTHORIZED
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["code"] in {"not_authenticated", "authentication_failed"}
        assert not CustomerRequest.objects.exists()

    def test_a_revoked_token_is_refused(self, api, seller, integration):
        Integration.objects.filter(pk=integration.pk).update(is_active=False)

        response = post(api, REQUESTS, request_payload(seller))

        assert response.status_code == HTTPStatus.UNAUTHORIZED

    def test_a_logged_in_seller_is_not_an_integration(self, client, seller_user):
        client.force_login(seller_user)

        response = client.post(
            REQUESTS,
            json.dumps(request_payload(seller_user.seller)),
            content_type="application/json",
        )

        assert response.status_code == HTTPStatus.UNAUTHORIZED

    def test_only_the_tokens_hash_is_stored(self, connected):
        integration, token = connected

        stored = json.dumps(list(Integration.objects.values()), default=str)

        assert token not in stored
        assert integration.token_prefix and token.startswith(integration.token_prefix)


class TestTokenScope:
    def test_a_seller_the_integration_may_not_act_for_is_refused(self, api, other_seller):
        response = post(api, REQUESTS, request_payload(other_seller))

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "seller_code" in response.json()["errors"]
        assert not CustomerRequest.objects.exists()

    def test_an_unknown_seller_gets_the_same_answer(self, api, other_seller):
        unknown = post(api, REQUESTS, request_payload(other_seller, seller_code="NOPE-1"))
        not_allowed = post(api, REQUESTS, request_payload(other_seller))

        assert unknown.json()["errors"] == not_allowed.json()["errors"]

    def test_another_integrations_request_does_not_exist(self, api, seller):
        other, token = make_integration(seller)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        theirs = request_payload(seller)
        post(client, REQUESTS, theirs)

        response = post(api, messages_url(theirs["id"]), message_payload())

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response.json()["code"] == "not_found"

    def test_a_seller_taken_off_the_integration_is_out_of_reach(self, api, seller, integration):
        payload = request_payload(seller)
        post(api, REQUESTS, payload)
        integration.sellers.clear()

        response = post(api, messages_url(payload["id"]), message_payload())

        assert response.status_code == HTTPStatus.NOT_FOUND


class TestMessages:
    @pytest.fixture
    def sent(self, api, seller):
        payload = request_payload(seller)
        post(api, REQUESTS, payload)
        return payload

    def test_adds_the_buyers_message(self, api, sent):
        response = post(api, messages_url(sent["id"]), message_payload(body="¿Y en negro?"))

        assert response.status_code == HTTPStatus.CREATED
        assert response.json()["request"]["status"] == "awaiting"
        request = CustomerRequest.objects.get()
        assert [m.body for m in request.messages.all()][-1] == "¿Y en negro?"

    def test_the_same_message_twice_is_received_once_and_other_data_is_a_conflict(self, api, sent):
        payload = message_payload()

        first = post(api, messages_url(sent["id"]), payload)
        again = post(api, messages_url(sent["id"]), payload)
        changed = post(api, messages_url(sent["id"]), {**payload, "body": "Otro"})

        assert [first.status_code, again.status_code, changed.status_code] == [201, 200, 409]
        assert RequestMessage.objects.count() == 2

    def test_an_unknown_request_is_a_404(self, api):
        response = post(api, messages_url("NOPE"), message_payload())

        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_a_message_after_the_answer_waits_for_the_seller_again(self, api, sent, seller_user):
        from customers.services import request_answer

        request = CustomerRequest.objects.get()
        request_answer(request=request, author=seller_user, body="Sí, lo trae.")

        post(api, messages_url(sent["id"]), message_payload())

        request.refresh_from_db()
        assert request.status == RequestStatus.AWAITING
        assert request.due_at is not None


class TestAttachments:
    def test_a_base64_file_is_checked_and_stored(self, api, seller):
        payload = request_payload(seller)
        payload["message"]["attachments"] = [base64_pdf("boleta.pdf")]

        response = post(api, REQUESTS, payload)

        assert response.status_code == HTTPStatus.CREATED
        stored = RequestAttachment.objects.get()
        assert stored.original_name == "boleta.pdf" and stored.content_type == "application/pdf"
        assert stored.file.read().startswith(b"%PDF")

    @pytest.mark.parametrize(
        "attachment",
        [
            {"filename": "x.pdf", "content_base64": base64.b64encode(EXE_BYTES).decode()},
            {"filename": "x.pdf", "content_base64": "not base64!"},
            {"filename": "x.pdf"},
            {"filename": "x.pdf", "url": "https://evil.example/x.pdf"},
            {"filename": "x.pdf", "url": "http://files.marketplace.example/x.pdf"},
            {"filename": "x.pdf", "url": "https://127.0.0.1/x.pdf"},
        ],
    )
    def test_a_file_not_allowed_is_a_400(self, api, seller, integration, attachment):
        integration.attachment_hosts = "files.marketplace.example"
        integration.save()
        payload = request_payload(seller)
        payload["message"]["attachments"] = [attachment]

        response = post(api, REQUESTS, payload)

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "message" in response.json()["errors"]
        assert not CustomerRequest.objects.exists()

    def test_a_link_on_an_allowed_host_is_kept_as_a_link(self, api, seller, integration):
        integration.attachment_hosts = "files.marketplace.example\ncdn.marketplace.example"
        integration.save()
        payload = request_payload(seller)
        link = "https://cdn.marketplace.example/a/foto.jpg"
        payload["message"]["attachments"] = [{"filename": "foto.jpg", "url": link}]

        response = post(api, REQUESTS, payload)

        assert response.status_code == HTTPStatus.CREATED
        stored = RequestAttachment.objects.get()
        assert stored.url == link and not stored.file

    def test_more_than_five_files_is_a_400(self, api, seller):
        payload = request_payload(seller)
        payload["message"]["attachments"] = [base64_pdf() for _ in range(6)]

        response = post(api, REQUESTS, payload)

        assert response.status_code == HTTPStatus.BAD_REQUEST


class TestTooLarge:
    def test_a_file_over_the_limit_is_a_413(self, api, seller, settings):
        settings.CASE_ATTACHMENT_MAX_BYTES = 30
        payload = request_payload(seller)
        payload["message"]["attachments"] = [base64_pdf()]

        response = post(api, REQUESTS, payload)

        assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        assert response.json()["code"] == "payload_too_large"
        assert not CustomerRequest.objects.exists()

    def test_a_body_over_the_limit_is_a_413(self, api, seller, settings):
        settings.CUSTOMERS_API_MAX_BODY_BYTES = 200
        payload = request_payload(seller)
        payload["message"]["body"] = "x" * 500

        response = post(api, REQUESTS, payload)

        assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        assert not CustomerRequest.objects.exists()

    def test_a_body_longer_than_it_declares_is_a_413_too(self, api, seller, settings):
        settings.CUSTOMERS_API_MAX_BODY_BYTES = 200
        payload = request_payload(seller)
        payload["message"]["body"] = "x" * 500

        response = post(api, REQUESTS, payload, CONTENT_LENGTH="100")

        assert response.status_code in {HTTPStatus.REQUEST_ENTITY_TOO_LARGE, HTTPStatus.BAD_REQUEST}
        assert not CustomerRequest.objects.exists()


class TestRateLimit:
    @pytest.fixture(autouse=True, params=["memory", "redis"])
    def shared_cache(self, request, settings):
        """Counted in the process's memory (a local run) and in Redis (web nodes share
        it; one round trip: supportcenter/cache.py)."""
        if request.param == "redis":
            settings.CACHES = {
                "default": {
                    "BACKEND": "supportcenter.cache.RedisCache",
                    "LOCATION": "redis://127.0.0.1:6379/15",
                    "KEY_PREFIX": "test-api-rate",
                }
            }
        from django.core.cache import cache

        cache.clear()
        yield
        cache.clear()

    def test_over_the_integrations_rate_it_is_a_429_for_that_token_only(
        self, api, seller, integration
    ):
        integration.requests_per_minute = 2
        integration.save()
        other, token = make_integration(seller)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

        answers = [post(api, REQUESTS, request_payload(seller)).status_code for _ in range(3)]
        limited = post(api, REQUESTS, request_payload(seller))
        others = post(client, REQUESTS, request_payload(seller))

        assert answers == [201, 201, 429]
        assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert int(limited["Retry-After"]) > 0
        assert limited.json()["code"] == "throttled"
        assert others.status_code == HTTPStatus.CREATED
        assert CustomerRequest.objects.count() == 3

    def test_the_count_starts_again_with_the_next_minute(self, api, seller, integration):
        integration.requests_per_minute = 1
        integration.save()
        with time_machine.travel(datetime(2026, 3, 2, 12, 0, 40, tzinfo=UTC), tick=False) as t:
            first = post(api, REQUESTS, request_payload(seller))
            limited = post(api, REQUESTS, request_payload(seller))
            t.move_to(datetime(2026, 3, 2, 12, 1, 0, tzinfo=UTC))
            next_minute = post(api, REQUESTS, request_payload(seller))

        assert (first.status_code, limited.status_code) == (201, 429)
        # Seconds left in the minute: the marketplace knows when to try again.
        assert limited["Retry-After"] == "20"
        assert next_minute.status_code == HTTPStatus.CREATED


class TestSchema:
    def test_the_openapi_document_describes_both_endpoints_and_their_errors(self, client):
        response = client.get(reverse("customers_api:schema") + "?format=json")

        assert response.status_code == HTTPStatus.OK
        schema = json.loads(response.content)
        create = schema["paths"]["/api/v1/solicitudes/"]["post"]
        assert {"201", "200", "400", "401", "409", "413", "429"} <= set(create["responses"])
        assert "/api/v1/solicitudes/{external_id}/mensajes/" in schema["paths"]
        assert "bearerAuth" in json.dumps(schema["components"]) or "Bearer" in json.dumps(schema)
