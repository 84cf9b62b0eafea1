"""The agent's "Cambiar motivo" on the case page (its own URL, form and permission), the
similar solved cases beside it, and the desk's count of the causes sellers confuse."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.tests.factories import AgentFactory
from cases.models import Case, Cause, EventKind, PendingTask
from cases.services.cases import case_change_status
from cases.services.comments import comment_add
from cases.status import CaseStatus
from cases.tests.factories import create_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_taxonomy")]


def cause(name):
    return Cause.objects.select_related("area__record_type").get(name=name)


@pytest.fixture
def case(seller_user):
    """Filed under "Orden bloqueada en un estado", though the courier never came."""
    stuck = cause("Orden bloqueada en un estado")
    stuck.fields.update(required=False)
    return create_case(
        seller_user,
        cause=stuck,
        subject="La orden sigue en listo para despacho",
        description="El courier no vino a retirar los pedidos.",
    )


def change_url(case):
    return reverse("admin:cases_case_change_cause", args=[case.pk])


def page_url(case):
    return reverse("admin:cases_case_change", args=[case.pk])


class TestChangeCause:
    def test_the_case_page_links_to_it_and_it_has_a_labelled_list_of_causes(
        self, agent_client, case
    ):
        assert f'href="{change_url(case)}"' in agent_client.get(page_url(case)).content.decode()

        html = agent_client.get(change_url(case)).content.decode()

        assert f'action="{change_url(case)}"' in html
        assert '<label class="block" for="id_cause">Nuevo motivo</label>' in html
        assert "Solicitud › Órdenes y despacho › El courier no retiró</option>" in html
        assert ">Cambiar motivo</button>" in html

    def test_changing_it_moves_the_case_and_asks_what_is_missing(
        self, agent_client, agent, case, django_capture_on_commit_callbacks
    ):
        courier = cause("El courier no retiró")

        with django_capture_on_commit_callbacks(execute=True):
            response = agent_client.post(change_url(case), {"cause": courier.pk})

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == page_url(case)
        case.refresh_from_db()
        assert case.cause == courier
        assert case.events.filter(kind=EventKind.CAUSE_CHANGED, actor=agent).exists()
        assert PendingTask.objects.filter(case=case, status="open").exists()
        page = agent_client.get(response["Location"]).content.decode()
        assert "El motivo del caso ahora es «El courier no retiró»." in page
        assert "Motivo cambiado de «" in page

    def test_an_empty_choice_is_refused_on_the_page_in_spanish(self, agent_client, case):
        response = agent_client.post(change_url(case), {"cause": ""})

        assert response.status_code == HTTPStatus.OK
        assert "Elige el nuevo motivo." in response.content.decode()
        assert Case.objects.get(pk=case.pk).cause == case.cause

    def test_a_closed_case_cannot_change_it(self, agent_client, agent, case):
        case_change_status(case=case, to_status=CaseStatus.RESOLVED, actor=agent)

        response = agent_client.post(change_url(case), {"cause": cause("Pago no recibido").pk})

        assert "reábrelo primero" in response.content.decode()
        assert Case.objects.get(pk=case.pk).cause == case.cause

    def test_it_needs_its_own_permission(self, client, case):
        agent = AgentFactory(email="sin-permiso@soporte.cl")
        group = Group.objects.create(name="Solo lectura")
        group.permissions.set(
            Group.objects.get(name="Soporte").permissions.exclude(codename="change_case_cause")
        )
        agent.groups.set([group])
        client.force_login(agent)

        response = client.post(change_url(case), {"cause": cause("Pago no recibido").pk})

        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Nuevo motivo" not in client.get(change_url(case)).content.decode()
        assert f'href="{change_url(case)}"' not in client.get(page_url(case)).content.decode()

    def test_a_seller_never_reaches_it(self, seller_client, case):
        response = seller_client.post(change_url(case), {"cause": cause("Pago no recibido").pk})

        assert response.status_code == HTTPStatus.FOUND
        assert "/admin/login/" in response["Location"]


class TestSimilarSolvedCases:
    def test_the_case_page_lists_them_with_supports_answer(
        self, agent_client, agent, other_seller_user, case
    ):
        solved = create_case(
            other_seller_user,
            cause=case.cause,
            subject="Orden pegada: el courier no vino",
            description="El courier no vino a retirar los pedidos de la bodega.",
        )
        comment_add(case=solved, author=agent, body="Pedimos al courier un retiro especial.")
        case_change_status(case=solved, to_status=CaseStatus.RESOLVED, actor=agent)

        assert f'href="{change_url(case)}#similares"' in (
            agent_client.get(page_url(case)).content.decode()
        )
        html = agent_client.get(change_url(case)).content.decode()

        assert "Casos similares resueltos" in html
        assert reverse("admin:cases_case_change", args=[solved.pk]) in html
        assert "Pedimos al courier un retiro especial." in html


class TestTheDesk:
    def test_shows_the_causes_sellers_confuse(
        self, agent_client, case, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            agent_client.post(change_url(case), {"cause": cause("El courier no retiró").pk})

        html = agent_client.get(reverse("admin:cases_case_changelist")).content.decode()

        assert "Motivos que los sellers confunden" in html
        assert "Orden bloqueada en un estado" in html
        assert "El courier no retiró (1)" in html
