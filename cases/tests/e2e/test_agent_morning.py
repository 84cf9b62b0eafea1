"""Journey: an agent's morning at the desk. The desk opens the admin; the agent takes the
oldest case waiting on support, answers it with "Enviar y resolver", and the case leaves
the queue. The case list fits a 1366 px screen without scrolling sideways."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, Cause
from cases.status import CaseStatus
from cases.tests.factories import create_case

from .helpers import OVERFLOW_JS
from .test_agent_journey import log_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


def queue_count(page, name: str) -> str:
    queue = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=name))
    return queue.locator(".case-queue-count").inner_text()


class TestAnAgentsMorning:
    def test_takes_the_oldest_waiting_case_and_resolves_it_with_the_reply(
        self, new_page, shot, seller_user, agent, password, taxonomy
    ):
        cause = Cause.objects.get(name="Etiqueta o manifiesto no se genera")
        answers = {"order_number": "2026112701", "sku": "SKU-ROJO-42", "courier": "Starken"}
        oldest = create_case(
            seller_user, cause=cause, subject="La etiqueta sale en blanco", answers=answers
        )
        newer = create_case(
            seller_user, cause=cause, subject="El manifiesto no descarga", answers=answers
        )
        # The oldest has waited longest: its reply is due first.
        now = timezone.now()
        Case.objects.filter(pk=oldest.pk).update(response_due_at=now + timedelta(hours=1))
        Case.objects.filter(pk=newer.pk).update(response_due_at=now + timedelta(hours=6))
        desk = new_page(LAPTOP)

        log_in_to_admin(desk, agent.email, password)
        expect(desk.get_by_role("heading", name="Escritorio")).to_be_visible()
        for name in [
            "Esperan respuesta de soporte",
            "Mis casos",
            "Sin asignar",
            "Reabiertos",
            "Por vencer",
            "Vencidos",
            "Esperando al seller",
        ]:
            expect(desk.get_by_role("link", name=name)).to_be_visible()
        assert queue_count(desk, "Esperan respuesta de soporte") == "2"
        assert queue_count(desk, "Por vencer") == "1"
        shot("desk", of=desk)

        desk.get_by_role("link", name="Esperan respuesta de soporte").click()
        rows = desk.locator("#result_list tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("La etiqueta sale en blanco")
        expect(rows.first).to_contain_text("Vence en")
        layout = desk.evaluate(OVERFLOW_JS)
        assert layout["scrollWidth"] <= LAPTOP["width"], layout["found"][:10]
        # Nor inside the page: the admin lets a wide list scroll in its own box.
        box = desk.evaluate(
            "() => { const r = document.querySelector('.results');"
            " return [r.scrollWidth, r.clientWidth]; }"
        )
        assert box[0] <= box[1], f"the list scrolls sideways in its box: {box}"
        shot("queue", of=desk)

        rows.first.get_by_role("link", name=str(oldest.number), exact=True).click()
        reply = desk.get_by_label("Responder")
        expect(reply).to_be_visible()
        assert reply.bounding_box()["y"] < LAPTOP["height"] * 1.5  # within reach
        reply.fill("Regeneramos la etiqueta: ya puedes imprimirla.")
        shot("case-page", of=desk)
        desk.get_by_role("button", name="Enviar y resolver").click()
        expect(desk.get_by_text("Respuesta enviada y caso resuelto.")).to_be_visible()
        shot("resolved", of=desk)

        oldest.refresh_from_db()
        assert oldest.status == CaseStatus.RESOLVED
        (email,) = [
            m for m in mail.outbox if "fue resuelto" in m.subject and m.to == [seller_user.email]
        ]
        assert str(oldest.number) in email.subject

        desk.goto("/admin/")
        assert queue_count(desk, "Esperan respuesta de soporte") == "1"
        desk.get_by_role("link", name="Esperan respuesta de soporte").click()
        expect(desk.locator("#result_list tbody tr")).to_have_count(1)
        expect(desk.locator("#result_list")).not_to_contain_text("La etiqueta sale en blanco")
        shot("queue-after", of=desk)
