"""Respuestas rápidas: the placeholders filled by code (never a template), which replies
a case offers, and sending one does its action through the services."""

from datetime import UTC, datetime

import pytest

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
