"""The agents' side: every ModelAdmin opens; tokens are shown once, revoked, renewed;
failed webhooks are retried from the outbox."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from customers.models import CustomerRequest, Integration, WebhookDelivery
from customers.tokens import token_hash

from .factories import make_integration, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def objects(seller, seller_user, receiver):
    from customers.services import request_answer

    integration, _token = make_integration(seller, webhook_url=receiver.url)
    request = receive(integration, seller)
    request_answer(request=request, author=seller_user, body="Hola")
    return {
        "integration": integration,
        "customerrequest": request,
        "webhookdelivery": WebhookDelivery.objects.get(),
    }


@pytest.mark.parametrize("model", ["integration", "customerrequest", "webhookdelivery"])
class TestEveryModelAdmin:
    def test_list_search_and_change_pages_open(self, admin_client, objects, model):
        base = f"admin:customers_{model}"
        obj = objects[model]

        assert admin_client.get(reverse(f"{base}_changelist")).status_code == HTTPStatus.OK
        assert admin_client.get(reverse(f"{base}_changelist") + "?q=x").status_code == 200
        assert admin_client.get(reverse(f"{base}_change", args=[obj.pk])).status_code == 200

    def test_agents_may_look(self, agent_client, objects, model):
        url = reverse(f"admin:customers_{model}_changelist")

        assert agent_client.get(url).status_code == HTTPStatus.OK


class TestIntegrationAdmin:
    def test_a_new_integration_shows_its_token_once_and_keeps_only_its_hash(
        self, admin_client, seller
    ):
        response = admin_client.post(
            reverse("admin:customers_integration_add"),
            {
                "name": "Marketplace",
                "sellers": [seller.pk],
                "webhook_url": "https://marketplace.example/hooks",
                "attachment_hosts": "",
                "requests_per_minute": "600",
                "is_active": "on",
            },
            follow=True,
        )

        page = response.content.decode()
        token = re.search(r"(scm_[\w-]+)", page).group(1)
        integration = Integration.objects.get()
        assert integration.token_hash == token_hash(token)
        assert integration.webhook_secret.startswith("whsec_")
        again = admin_client.get(
            reverse("admin:customers_integration_change", args=[integration.pk])
        )
        assert token not in again.content.decode()

    def test_revoking_and_renewing_the_token(self, admin_client, seller):
        integration, old = make_integration(seller)
        url = reverse("admin:customers_integration_changelist")

        admin_client.post(url, {"action": "revoke_tokens", "_selected_action": [integration.pk]})
        integration.refresh_from_db()
        assert not integration.is_active and integration.revoked_at
        response = admin_client.post(
            url, {"action": "rotate_token", "_selected_action": [integration.pk]}, follow=True
        )

        new = re.search(r"(scm_[\w-]+)", response.content.decode()).group(1)
        integration.refresh_from_db()
        assert integration.is_active and integration.token_hash == token_hash(new) != token_hash(
            old
        )

    def test_an_agent_cannot_make_one(self, agent_client):
        response = agent_client.get(reverse("admin:customers_integration_add"))

        assert response.status_code == HTTPStatus.FORBIDDEN


class TestWebhookOutbox:
    def test_an_agent_retries_a_failed_webhook(
        self, agent_client, objects, receiver, django_capture_on_commit_callbacks
    ):
        delivery = objects["webhookdelivery"]
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", attempts=10)

        with django_capture_on_commit_callbacks(execute=True):
            agent_client.post(
                reverse("admin:customers_webhookdelivery_changelist"),
                {"action": "retry_sending", "_selected_action": [delivery.pk]},
            )

        delivery.refresh_from_db()
        assert delivery.status == "sent" and len(receiver.received) == 1

    def test_requests_cannot_be_changed_there(self, agent_client, objects):
        request = objects["customerrequest"]

        agent_client.post(
            reverse("admin:customers_customerrequest_change", args=[request.pk]),
            {"status": "closed"},
        )

        assert CustomerRequest.objects.get().status == "answered"
