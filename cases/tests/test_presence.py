"""No double work: the presence notice between two agents, and a reply sent after someone
else changed the case shown back instead of sent."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import AgentFactory
from cases.history import latest_change_id
from cases.models import Comment
from cases.services.comments import comment_add
from cases.tests.factories import create_case

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)  # 10:30 in Santiago


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def case(seller_user):
    return create_case(seller_user, subject="Pago no recibido")


@pytest.fixture
def colleague(db):
    return AgentFactory(email="beto@soporte.cl", full_name="Beto Rojas")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, case) -> str:
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def heartbeat(client, case):
    return client.post(reverse("admin:cases_case_presence", args=[case.pk]))


class TestPresence:
    def test_two_agents_on_the_same_case_see_each_other(self, agent, colleague, case):
        first, second = client_of(agent), client_of(colleague)
        with time_machine.travel(NOW, tick=False):
            assert "está viendo este caso" not in page(first, case)
        with time_machine.travel(NOW + timedelta(seconds=40), tick=False):
            second_page = page(second, case)
            answer = heartbeat(first, case).json()

        assert "Otro agente está viendo este caso: Agente Uno (desde las 10:30)" in second_page
        assert answer == {
            "others": ["Beto Rojas"],
            "text": "Otro agente está viendo este caso: Beto Rojas (desde las 10:30)",
        }
        assert 'src="/static/cases/presence.js"' in second_page

    def test_an_agent_who_left_is_no_longer_named(self, agent, colleague, case):
        with time_machine.travel(NOW, tick=False):
            page(client_of(colleague), case)
        with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
            answer = heartbeat(client_of(agent), case).json()

        assert answer == {"others": [], "text": ""}

    def test_keeps_the_time_the_colleague_arrived(self, agent, colleague, case):
        second = client_of(colleague)
        with time_machine.travel(NOW, tick=False):
            page(second, case)
        for seconds in (15, 30, 45, 60):
            with time_machine.travel(NOW + timedelta(seconds=seconds), tick=False):
                heartbeat(second, case)

        with time_machine.travel(NOW + timedelta(seconds=65), tick=False):
            answer = heartbeat(client_of(agent), case).json()

        assert answer["text"].endswith("Beto Rojas (desde las 10:30)")

    def test_a_seller_never_reaches_the_heartbeat(self, seller_client, case):
        response = heartbeat(seller_client, case)

        assert response.status_code == HTTPStatus.FOUND
        assert "/admin/login/" in response["Location"]


class TestAReplyAfterSomeoneElseChangedTheCase:
    def reply(self, client, case, version, body="Ya revisamos tu pago."):
        return client.post(
            reverse("admin:cases_case_reply", args=[case.pk]),
            {"body": body, "seen_version": version},
        )

    def test_is_not_sent_but_shown_back_with_what_changed(self, agent, colleague, case):
        mine = client_of(agent)
        loaded = page(mine, case)
        version = latest_change_id(case)
        assert f'name="seen_version" value="{version}"' in loaded
        comment_add(case=case, author=colleague, body="Le escribí yo.")

        response = self.reply(mine, case, version)

        shown = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "Tu mensaje no se envió: alguien más cambió el caso" in shown
        assert "Beto Rojas" in shown
        assert "Ya revisamos tu pago.</textarea>" in shown
        assert not Comment.objects.filter(author=agent).exists()
        new_version = latest_change_id(case)
        assert f'name="seen_version" value="{new_version}"' in shown

        confirmed = self.reply(mine, case, new_version)

        assert confirmed.status_code == HTTPStatus.FOUND
        assert Comment.objects.get(author=agent).body == "Ya revisamos tu pago."

    def test_the_agents_own_changes_do_not_hold_it(self, agent, agent_client, case):
        version = latest_change_id(case)
        comment_add(case=case, author=agent, body="Nota mía", internal=True)

        response = self.reply(agent_client, case, version)

        assert response.status_code == HTTPStatus.FOUND
        assert Comment.objects.filter(author=agent, is_internal=False).count() == 1
