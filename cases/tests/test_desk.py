"""The agents' desk: the queues on the admin's start page, the case list of each queue,
the case page's layout and its one-step reply and resolve, and the bulk confirmation."""

import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import support_group
from accounts.tests.factories import SellerFactory, UserFactory
from cases.desk import QUEUES, agent_scope, desk_counts, queue_cases
from cases.models import AgentScope, Case, Comment, EventKind
from cases.services.cases import case_assign, case_change_status
from cases.services.pending_tasks import task_open
from cases.status import CaseStatus, WaitingOn
from cases.tests.factories import CauseFactory, case_in_status, create_case

pytestmark = pytest.mark.django_db
S = CaseStatus

QUEUE_NAMES = [
    "Esperan respuesta de soporte",
    "Mis casos",
    "Sin asignar",
    "Reabiertos",
    "Por vencer",
    "Vencidos",
    "Esperando al seller",
]
MAX_QUERIES = 12
# A Wednesday, 12:00 in Santiago: business hours, no holiday near.
MORNING = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(MORNING, tick=True):
        yield


def desk_on(page: str) -> dict[str, str]:
    """Each queue's count as the desk shows it, by the queue's name."""
    found = re.findall(
        r'case-queue-count">([\d.+]+)</span>\s*<span class="case-queue-name">([^<]+)', page
    )
    return {name: count for count, name in found}


def changelist(**params):
    return reverse("admin:cases_case_changelist"), params


def listed(client, **params) -> list[Case]:
    url, query = changelist(**params)
    response = client.get(url, query)
    assert response.status_code == HTTPStatus.OK
    return list(response.context["cl"].result_list)


def change_url(case):
    return reverse("admin:cases_case_change", args=[case.pk])


def set_due(case, due_at):
    Case.objects.filter(pk=case.pk).update(response_due_at=due_at)


@pytest.fixture
def desk_cases(seller_user, agent):
    """One case in each situation an agent meets in the morning."""
    now = timezone.now()
    cause = CauseFactory()
    cases = {
        "new": create_case(seller_user, cause=cause, subject="Nuevo"),
        "mine": case_in_status(seller_user, agent, S.IN_PROGRESS, cause=cause),
        "waiting": case_in_status(seller_user, agent, S.WAITING_ON_SELLER, cause=cause),
        "reopened": case_in_status(seller_user, agent, S.REOPENED, cause=cause),
        "resolved": case_in_status(seller_user, agent, S.RESOLVED, cause=cause),
        "late": create_case(seller_user, cause=cause, subject="Atrasado"),
        "soon": create_case(seller_user, cause=cause, subject="Por vencer"),
    }
    set_due(cases["late"], now - timedelta(hours=2))
    set_due(cases["soon"], now + timedelta(hours=1))
    set_due(cases["new"], now + timedelta(days=2))
    return cases


class TestTheStartPage:
    def test_an_agent_lands_on_the_desk_with_every_queue_named_and_counted(
        self, agent_client, desk_cases
    ):
        response = agent_client.get(reverse("admin:index"))

        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        for name in QUEUE_NAMES:
            assert f'<span class="case-queue-name">{name}</span>' in page
        assert desk_on(page) == {
            "Esperan respuesta de soporte": "5",  # new, mine, reopened, late, soon
            "Mis casos": "1",  # mine
            "Sin asignar": "5",  # all open but mine
            "Reabiertos": "1",
            "Por vencer": "1",
            "Vencidos": "1",
            "Esperando al seller": "1",
        }

    def test_each_queue_opens_the_list_filtered_to_it_and_the_counts_equal_the_lists(
        self, agent_client, agent, desk_cases
    ):
        page = agent_client.get(reverse("admin:index")).content.decode()
        counts = desk_counts(user=agent, scope=None)

        for entry in counts:
            link = f'href="{reverse("admin:cases_case_changelist")}?cola={entry.queue.slug}"'
            assert link in page
            cases = listed(agent_client, cola=entry.queue.slug)
            assert len(cases) == entry.count, entry.queue.slug
            expected = set(queue_cases(entry.queue.slug, user=agent).values_list("pk", flat=True))
            assert {case.pk for case in cases} == expected

    def test_a_queue_holds_what_its_name_says(self, agent_client, desk_cases):
        def numbers(slug):
            return {case.pk for case in listed(agent_client, cola=slug)}

        c = {key: case.pk for key, case in desk_cases.items()}
        assert numbers("vencidos") == {c["late"]}
        assert numbers("por-vencer") == {c["soon"]}
        assert numbers("seller") == {c["waiting"]}
        assert numbers("reabiertos") == {c["reopened"]}
        assert c["resolved"] not in numbers("soporte") | numbers("sin-asignar")

    def test_the_support_queue_is_sorted_by_time_left(self, agent_client, desk_cases):
        cases = listed(agent_client, cola="soporte")

        dues = [case.response_due_at for case in cases]
        assert cases[0] == desk_cases["late"]
        assert dues == sorted(dues)

    def test_a_capped_count_says_there_are_more(self, agent_client, settings, desk_cases):
        settings.CASE_DESK_COUNT_CAP = 2

        page = agent_client.get(reverse("admin:index")).content.decode()

        assert desk_on(page)["Esperan respuesta de soporte"] == "2+"

    def test_sellers_and_staff_without_cases_get_no_desk(self, client, desk_cases):
        staff = UserFactory(seller=None, is_staff=True)
        client.force_login(staff)

        page = client.get(reverse("admin:index")).content.decode()

        assert "Esperan respuesta de soporte" not in page


class TestAreas:
    def test_queues_show_the_agents_areas_with_a_way_to_see_everything(
        self, agent_client, agent, seller_user
    ):
        mine, other = CauseFactory(), CauseFactory()
        in_my_area = create_case(seller_user, cause=mine)
        elsewhere = create_case(seller_user, cause=other)
        scope = AgentScope.objects.create(agent=agent)
        scope.areas.set([mine.area])

        scoped = listed(agent_client, cola="soporte")
        everything = listed(agent_client, cola="soporte", ambito="todas")
        desk = agent_client.get(reverse("admin:index")).content.decode()
        desk_all = agent_client.get(reverse("admin:index"), {"ambito": "todas"}).content.decode()

        assert scoped == [in_my_area]
        assert set(everything) == {in_my_area, elsewhere}
        assert desk_on(desk)["Esperan respuesta de soporte"] == "1"
        assert desk_on(desk_all)["Esperan respuesta de soporte"] == "2"
        assert "ambito=todas" in desk_all

    def test_countries_limit_the_queues_too(self, agent, seller_user):
        peru = UserFactory(seller=SellerFactory(country="PE"))
        chile_case, peru_case = create_case(seller_user), create_case(peru)
        AgentScope.objects.create(agent=agent, countries=["PE"])

        scope = agent_scope(agent)

        assert list(queue_cases("soporte", user=agent, scope=scope)) == [peru_case]
        assert chile_case not in queue_cases("soporte", user=agent, scope=scope)

    def test_an_agent_edits_their_areas_in_the_admin(self, agent_client, agent):
        cause = CauseFactory()

        response = agent_client.post(
            reverse("admin:cases_agentscope_add"),
            {"agent": agent.pk, "areas": [cause.area_id], "countries": ["CL", "PE"]},
        )

        assert response.status_code == HTTPStatus.FOUND
        scope = AgentScope.objects.get(agent=agent)
        assert list(scope.areas.all()) == [cause.area]
        assert scope.countries == ["CL", "PE"]


class TestQueryCounts:
    """At most 12 SQL queries on the desk and on every queue, whatever the data."""

    def pages(self):
        url = reverse("admin:cases_case_changelist")
        return [reverse("admin:index"), *(f"{url}?cola={queue.slug}" for queue in QUEUES)]

    def counts(self, client):
        found = {}
        for page in self.pages():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == HTTPStatus.OK
            found[page] = len(queries)
        return found

    def test_the_desk_and_every_queue_stay_within_twelve_queries(
        self, agent_client, agent, seller_user
    ):
        scope = AgentScope.objects.create(agent=agent, countries=["CL"])
        cause = CauseFactory()
        scope.areas.set([cause.area])
        create_case(seller_user, cause=cause)
        few = self.counts(agent_client)
        for index in range(12):
            seller = UserFactory(seller=SellerFactory())
            case = create_case(seller, cause=cause if index % 2 else CauseFactory())
            if index % 3 == 0:
                task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
            if index % 4 == 0:
                case_assign(case=case, assignee=agent, actor=agent)
        many = self.counts(agent_client)

        assert many == few
        assert max(many.values()) <= MAX_QUERIES, many


class TestTheCaseList:
    def test_shows_what_an_agent_decides_on(self, agent_client, agent, desk_cases):
        url, query = changelist(cola="soporte")
        page = agent_client.get(url, query).content.decode()

        for header in [
            "Número de caso",
            "Asunto",
            "Seller",
            "Motivo",
            "Estado",
            "Debe actuar",
            "Asignado a",
            "Última actividad",
            "Tiempo restante",
        ]:
            assert header.lower() in page.lower(), header
        assert "Vencido hace 2 horas" in page
        assert "Vence en 1 hora" in page or "Vence en 59 min" in page
        assert "Atrasado" in page
        assert "Soporte" in page

    def test_sorts_by_time_left(self, agent_client, desk_cases):
        descending = listed(agent_client, cola="soporte", o="-9")

        dues = [case.response_due_at for case in descending if case.response_due_at]
        assert dues == sorted(dues, reverse=True)

    def test_has_no_date_bar(self, agent_client, desk_cases):
        page = agent_client.get(reverse("admin:cases_case_changelist")).content.decode()

        assert "created_at__year" not in page


class TestTheCasePage:
    def test_puts_the_conversation_and_reply_box_before_the_case_data(
        self, agent_client, desk_cases
    ):
        page = agent_client.get(change_url(desk_cases["mine"])).content.decode()

        reply_box = page.index(">Enviar y resolver</button>")
        assert page.index("Conversación") < reply_box
        assert reply_box < page.index("Respuestas del seller")
        assert reply_box < page.index(">Historial</h2>")
        for label in ["Enviar", "Enviar y resolver", "Solicitar información al seller"]:
            assert f">{label}</button>" in page
        # The internal note is its own form with its own button, not a checkbox.
        note = page.index(">Guardar nota interna</button>")
        assert page.rindex("<form", 0, note) > reply_box
        assert 'type="checkbox"' not in page[page.index("case-reply") : note]

    def test_shows_the_sellers_context(self, agent_client, seller_user, desk_cases):
        page = agent_client.get(change_url(desk_cases["mine"])).content.decode()

        assert "Otros casos abiertos" in page
        assert str(desk_cases["late"].number) in page
        assert "Chile" in page
        assert "Calificaciones recientes" in page

    def test_send_and_resolve_posts_the_message_and_resolves(
        self, agent_client, agent, desk_cases, mailoutbox
    ):
        case = desk_cases["mine"]

        response = agent_client.post(
            reverse("admin:cases_case_reply_resolve", args=[case.pk]),
            {"body": "Reprocesamos tu pago: llega mañana."},
        )

        assert response.status_code == HTTPStatus.FOUND
        case.refresh_from_db()
        assert case.status == S.RESOLVED
        assert case.waiting_on == WaitingOn.NOBODY
        assert case.comments.get(is_internal=False).body == "Reprocesamos tu pago: llega mañana."

    def test_resolving_without_a_message_is_refused(self, agent_client, desk_cases):
        case = desk_cases["mine"]

        response = agent_client.post(
            reverse("admin:cases_case_reply_resolve", args=[case.pk]), {"body": "  "}
        )

        assert response.status_code == HTTPStatus.OK
        assert "Escribe la resolución para el seller" in response.content.decode()
        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS

    def test_the_status_buttons_never_resolve_without_a_message(self, agent_client, desk_cases):
        case = desk_cases["mine"]

        page = agent_client.get(change_url(case)).content.decode()
        response = agent_client.post(
            reverse("admin:cases_case_status", args=[case.pk]), {"status": S.RESOLVED}
        )

        assert 'value="resolved"' not in page
        assert response.status_code == HTTPStatus.OK
        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS

    def test_an_internal_note_never_reaches_the_seller(self, agent_client, desk_cases):
        case = desk_cases["mine"]

        agent_client.post(
            reverse("admin:cases_case_internal_note", args=[case.pk]),
            {"note": "Revisar con finanzas"},
        )

        note = Comment.objects.get(case=case, body="Revisar con finanzas")
        assert note.is_internal
        assert case.events.filter(kind=EventKind.INTERNAL_NOTE).exists()

    def test_each_action_has_its_own_permission(self, client, desk_cases):
        # Staff who may view and change cases but not reply.
        staff = UserFactory(seller=None, is_staff=True)
        staff.user_permissions.add(
            *Permission.objects.filter(codename__in=["view_case", "change_case"])
        )
        client.force_login(staff)
        case = desk_cases["mine"]

        page = client.get(change_url(case)).content.decode()
        response = client.post(reverse("admin:cases_case_reply", args=[case.pk]), {"body": "x"})

        assert ">Enviar</button>" not in page
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert not case.comments.exists()

    def test_the_support_group_holds_every_action(self):
        codenames = set(support_group().permissions.values_list("codename", flat=True))

        assert {
            "reply_case",
            "resolve_case",
            "add_internal_note",
            "request_information",
            "change_case_status",
            "cancel_task",
        } <= codenames


class TestBulkStatusChanges:
    def post(self, client, action, cases, **data):
        return client.post(
            reverse("admin:cases_case_changelist"),
            {"action": action, "_selected_action": [case.pk for case in cases], **data},
        )

    def test_go_through_a_confirmation_page_that_lists_the_cases(self, agent_client, desk_cases):
        cases = [desk_cases["new"], desk_cases["mine"]]

        response = self.post(agent_client, "mark_resolved", cases, index="0")

        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "Estos 2 casos quedarán «Resuelto»" in page
        for case in cases:
            assert str(case.number) in page
            case.refresh_from_db()
            assert case.status != S.RESOLVED

    def test_resolving_in_bulk_without_a_message_is_refused(self, agent_client, desk_cases):
        cases = [desk_cases["new"], desk_cases["mine"]]

        response = self.post(agent_client, "mark_resolved", cases, confirmado="1", message=" ")

        assert response.status_code == HTTPStatus.OK
        assert "Escribe la resolución para los sellers" in response.content.decode()
        assert not Case.objects.filter(pk__in=[c.pk for c in cases], status=S.RESOLVED).exists()

    def test_each_seller_gets_the_resolution(self, agent_client, desk_cases):
        cases = [desk_cases["new"], desk_cases["mine"]]

        self.post(
            agent_client,
            "mark_resolved",
            cases,
            confirmado="1",
            message="Corregimos el error de la plataforma.",
        )

        for case in cases:
            case.refresh_from_db()
            assert case.status == S.RESOLVED
            assert case.comments.get().body == "Corregimos el error de la plataforma."

    def test_closing_in_bulk_is_confirmed_too(self, agent_client, agent, desk_cases):
        resolved = desk_cases["resolved"]

        first = self.post(agent_client, "mark_closed", [resolved], index="0")
        self.post(agent_client, "mark_closed", [resolved], confirmado="1")

        assert "Este caso quedará «Cerrado»" in first.content.decode()
        resolved.refresh_from_db()
        assert resolved.status == S.CLOSED


def test_case_change_status_still_moves_cases_for_the_system(seller_user, agent):
    # The services keep who must act in step with the status.
    case = case_in_status(seller_user, agent, S.RESOLVED)
    assert case.waiting_on == WaitingOn.NOBODY
    case_change_status(case=case, to_status=S.REOPENED, actor=seller_user, reason="Sigue")
    case.refresh_from_db()
    assert case.waiting_on == WaitingOn.SUPPORT
    assert case.response_due_at is not None
