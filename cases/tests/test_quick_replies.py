"""Respuestas rápidas: the placeholders filled by code (never a template), which replies
a case offers, and sending one does its action through the services."""

from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.tests.factories import UserFactory
from cases.models import Comment, QuickReply, QuickReplyAction, TaskStatus
from cases.quick_replies import fill_placeholders, placeholder_values, quick_replies_for_case
from cases.services.quick_replies import quick_reply_send
from cases.status import CaseStatus
from cases.tests.factories import AreaFactory, CauseFactory, create_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(seller_user):
    case = create_case(seller_user, subject="Etiqueta en blanco")
    case.eta_due_at = datetime(2026, 12, 3, 21, 0, tzinfo=UTC)  # 18:00 in Santiago
    return case


class TestPlaceholders:
    def test_each_placeholder_is_filled_for_the_case_and_the_agent(self, case, agent):
        text = (
            "Hola {nombre_vendedor}: tu caso {numero_caso} ({asunto}) estará resuelto el "
            "{fecha_estimada}. Saludos, {nombre_agente}."
        )

        filled = fill_placeholders(text, placeholder_values(case, agent))

        assert filled == (
            f"Hola Tienda Uno: tu caso {case.number} (Etiqueta en blanco) estará resuelto "
            "el 03-12-2026. Saludos, Agente Uno."
        )

    def test_template_code_in_the_text_is_never_executed(self, case, agent):
        text = "{{ settings.SECRET_KEY }} {% load static %}{% now 'Y' %} {asunto.__class__} {x}"

        filled = fill_placeholders(text, placeholder_values(case, agent))

        assert filled == text

    def test_template_code_in_a_value_stays_text(self, seller_user, agent):
        case = create_case(seller_user, subject="{{ 7|add:1 }} <script>alert(1)</script>")

        filled = fill_placeholders("{asunto}", placeholder_values(case, agent))

        assert filled == "{{ 7|add:1 }} <script>alert(1)</script>"

    def test_without_an_estimate_the_date_is_empty(self, seller_user, agent):
        case = create_case(seller_user)
        case.eta_due_at = None

        assert fill_placeholders("[{fecha_estimada}]", placeholder_values(case, agent)) == "[]"


class TestRepliesOffered:
    def test_the_cases_cause_first_then_its_area_then_the_general_ones(self, case):
        general = QuickReply.objects.create(title="A general", body="x")
        of_area = QuickReply.objects.create(title="B area", body="x", area=case.area)
        of_cause = QuickReply.objects.create(title="C cause", body="x", cause=case.cause)
        QuickReply.objects.create(title="D other cause", body="x", cause=CauseFactory())
        QuickReply.objects.create(title="E other area", body="x", area=AreaFactory())
        QuickReply.objects.create(title="F inactive", body="x", is_active=False)

        assert list(quick_replies_for_case(case)) == [of_cause, of_area, general]


class TestSendingAQuickReply:
    def test_a_plain_reply_is_a_message_to_the_seller_and_counts_its_use(self, case, agent):
        reply = QuickReply.objects.create(title="Gracias", body="x")

        quick_reply_send(case=case, actor=agent, quick_reply=reply, body="Hola Tienda Uno")

        assert Comment.objects.get(case=case, author=agent).body == "Hola Tienda Uno"
        reply.refresh_from_db()
        assert reply.usage_count == 1

    def test_resolve_resolves_the_case_with_the_reply(self, case, agent):
        reply = QuickReply.objects.create(title="Listo", body="x", action=QuickReplyAction.RESOLVE)

        quick_reply_send(case=case, actor=agent, quick_reply=reply, body="Resuelto.")

        case.refresh_from_db()
        assert case.status == CaseStatus.RESOLVED
        assert Comment.objects.get(case=case, author=agent).body == "Resuelto."

    def test_request_information_asks_the_seller_with_the_task_text(self, case, agent):
        reply = QuickReply.objects.create(
            title="Foto",
            body="x",
            action=QuickReplyAction.REQUEST_INFORMATION,
            task_text="Envía una foto de la etiqueta del caso {numero_caso}.",
        )

        quick_reply_send(case=case, actor=agent, quick_reply=reply, body="Necesitamos algo.")

        task = case.tasks.get()
        assert task.status == TaskStatus.OPEN
        assert task.request_text == (
            f"Necesitamos algo.\n\nEnvía una foto de la etiqueta del caso {case.number}."
        )
        case.refresh_from_db()
        assert case.status == CaseStatus.WAITING_ON_SELLER


def case_page(client, case) -> str:
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def act(client, case, action, **data):
    return client.post(reverse(f"admin:cases_case_{action}", args=[case.pk]), data)


class TestTheCasePage:
    def test_the_picker_offers_the_replies_filled_and_escaped_cause_first(self, agent_client, case):
        QuickReply.objects.create(title="General", body="Hola {nombre_vendedor}")
        QuickReply.objects.create(
            title="Etiqueta", body="<b>{asunto}</b> {{ 1|add:1 }}", cause=case.cause
        )

        page = case_page(agent_client, case)

        assert '<label class="block" for="id_quick_reply_choice">Respuestas rápidas</label>' in page
        assert page.index(">Etiqueta</option>") < page.index(">General</option>")
        assert 'data-text="&lt;b&gt;Etiqueta en blanco&lt;/b&gt; {{ 1|add:1 }}"' in page
        assert 'data-text="Hola Tienda Uno"' in page
        assert ">Usar</button>" in page
        assert "cases/quick-replies.js" in page

    def test_use_fills_the_reply_box_without_javascript(self, agent_client, case):
        reply = QuickReply.objects.create(title="Etiqueta", body="Hola {nombre_vendedor} <i>")

        response = act(agent_client, case, "quick_reply_use", quick_reply_choice=reply.pk)

        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert ">\nHola Tienda Uno &lt;i&gt;</textarea>" in page
        assert f'name="quick_reply" value="{reply.pk}"' in page
        reply.refresh_from_db()
        assert reply.usage_count == 0  # filling the box is not using it

    def test_use_refuses_a_reply_of_another_cause(self, agent_client, case):
        reply = QuickReply.objects.create(title="Otra", body="x", cause=CauseFactory())

        response = act(agent_client, case, "quick_reply_use", quick_reply_choice=reply.pk)

        assert response.status_code == HTTPStatus.OK
        assert "Esa respuesta rápida no corresponde a este caso." in response.content.decode()

    def test_send_with_a_resolving_reply_resolves_and_counts(self, agent_client, case):
        reply = QuickReply.objects.create(title="Listo", body="x", action=QuickReplyAction.RESOLVE)

        act(agent_client, case, "reply", body="Ya está, Tienda Uno.", quick_reply=reply.pk)

        case.refresh_from_db()
        reply.refresh_from_db()
        assert case.status == CaseStatus.RESOLVED
        assert reply.usage_count == 1

    def test_send_and_resolve_counts_the_use_too(self, agent_client, case):
        reply = QuickReply.objects.create(title="Gracias", body="x")

        act(agent_client, case, "reply_resolve", body="Resuelto.", quick_reply=reply.pk)

        reply.refresh_from_db()
        assert reply.usage_count == 1

    def test_a_seller_never_reaches_use(self, seller_client, case):
        reply = QuickReply.objects.create(title="Gracias", body="x")

        response = act(seller_client, case, "quick_reply_use", quick_reply_choice=reply.pk)

        assert response.status_code == HTTPStatus.FOUND
        assert "/admin/login/" in response["Location"]

    def test_an_agent_who_cannot_reply_may_not_use(self, client, case):
        staff = UserFactory(is_staff=True, seller=None, email="miron@soporte.cl", full_name="Mirón")
        staff.user_permissions.add(*Permission.objects.filter(codename__in=["change_case"]))
        client.force_login(staff)
        reply = QuickReply.objects.create(title="Gracias", body="x")

        response = act(client, case, "quick_reply_use", quick_reply_choice=reply.pk)

        assert response.status_code == HTTPStatus.FORBIDDEN
