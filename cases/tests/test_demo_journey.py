"""The issue's "done when", on the demo data: counts, finding a case by its number, and
answering a pending task until the case leaves "Casos con tareas pendientes"."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from cases.models import Case
from cases.status import CaseStatus

pytestmark = pytest.mark.django_db
S = CaseStatus


@pytest.fixture
def demo_client(client):
    call_command("seed_demo")
    client.force_login(User.objects.get(email="seller@demo.cl"))
    return client


def counts(client) -> dict[str, int]:
    response = client.get(reverse("cases:support_home"))
    return {tray.slug: count for tray, count in response.context["indicators"]}


class TestTheDemoSeller:
    def test_sees_the_counts_of_their_sellers_cases_only(self, demo_client):
        mine = Case.objects.filter(seller__legal_name="Tienda Demo SpA")

        assert counts(demo_client) == {
            "pendientes": mine.filter(status=S.WAITING_ON_SELLER).count(),
            "abiertos": mine.exclude(status__in=[S.RESOLVED, S.CLOSED]).count(),
            "cerrados": mine.filter(status__in=[S.RESOLVED, S.CLOSED]).count(),
            "todos": mine.count(),
        }
        assert counts(demo_client)["pendientes"] == 2

    def test_finds_a_case_by_its_number_and_answers_its_task_until_it_leaves_pending(
        self, demo_client
    ):
        case = Case.objects.get(subject="Devolución llegó rota")
        found = demo_client.get(reverse("cases:tray", args=["todos"]), {"q": case.number})
        assert [c.number for c in found.context["cases"]] == [case.number]
        page = demo_client.get(case.get_absolute_url()).content.decode()
        assert "Enviar respuesta" in page
        task = case.tasks.get()

        demo_client.post(
            reverse("cases:task_answer", args=[case.number, task.pk]),
            {f"tarea-{task.pk}-answer": "Adjunto las tres fotos."},
        )

        pending = demo_client.get(reverse("cases:tray", args=["pendientes"]))
        assert case.number not in [c.number for c in pending.context["cases"]]
        assert counts(demo_client)["pendientes"] == 1
