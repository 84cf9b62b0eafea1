from http import HTTPStatus

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import SellerFactory, UserFactory
from cases.models import Case, Comment, EventKind, PendingTask, TaskStatus
from cases.services.pending_tasks import task_answer, task_open
from cases.status import CaseStatus
from cases.tests.factories import (
    AreaFactory,
    CaseFieldFactory,
    CauseFactory,
    RecordTypeFactory,
    create_case,
    upload,
)

pytestmark = pytest.mark.django_db
S = CaseStatus


def change_url(case):
    return reverse("admin:cases_case_change", args=[case.pk])


def post_case(client, case, **data):
    """The case page's own form: the plain fields."""
    case.refresh_from_db()
    payload = {"priority": case.priority, "assigned_to": case.assigned_to_id or "", **data}
    return client.post(change_url(case), payload)


def act(client, case, action, **data):
    """One of the case page's actions, posted to its own address."""
    return client.post(reverse(f"admin:cases_case_{action}", args=[case.pk]), data)


@pytest.fixture
def case(seller_user):
    return create_case(seller_user, subject="Pago no recibido de octubre")


class TestEveryModelAdmin:
    """Smoke test: list, search, add and change pages of every registered model."""

    @pytest.fixture
    def objects(self, seller_user, agent):
        cause = CauseFactory()
        CaseFieldFactory(cause=cause, required=False)
        return {
            "case": create_case(seller_user, cause=cause),
            "cause": cause,
            "area": cause.area,
            "recordtype": cause.area.record_type,
            "seller": seller_user.seller,
            "user": seller_user,
        }

    @pytest.mark.parametrize(
        "model_admin", list(admin.site._registry.values()), ids=lambda m: m.opts.label
    )
    def test_pages_open_for_a_superuser(self, client, superuser, objects, model_admin):
        client.force_login(superuser)
        opts = model_admin.opts
        base = f"admin:{opts.app_label}_{opts.model_name}"

        assert client.get(reverse(f"{base}_changelist")).status_code == HTTPStatus.OK
        assert client.get(reverse(f"{base}_changelist"), {"q": "x"}).status_code == HTTPStatus.OK
        request = RequestFactory().get("/")
        request.user = superuser
        can_add = model_admin.has_add_permission(request)
        add = client.get(reverse(f"{base}_add")).status_code
        assert add == (HTTPStatus.OK if can_add else HTTPStatus.FORBIDDEN)
        assert can_add or opts.model_name != "cause"
        obj = objects.get(opts.model_name) or opts.model.objects.first()
        if obj is not None:
            response = client.get(reverse(f"{base}_change", args=[obj.pk]))
            assert response.status_code == HTTPStatus.OK


class TestSupportGroup:
    def test_agents_work_cases_and_the_taxonomy_but_never_delete_cases(self, agent_client, case):
        assert agent_client.get(reverse("admin:cases_case_changelist")).status_code == 200
        assert agent_client.get(change_url(case)).status_code == 200
        assert agent_client.get(reverse("admin:cases_cause_add")).status_code == 200
        assert agent_client.get(reverse("admin:accounts_seller_changelist")).status_code == 200
        delete = agent_client.get(reverse("admin:cases_case_delete", args=[case.pk]))
        assert delete.status_code == HTTPStatus.FORBIDDEN
        assert agent_client.get(reverse("admin:accounts_user_add")).status_code == 403

    def test_agents_cannot_delete_the_taxonomy(self, agent_client):
        cause = CauseFactory()

        response = agent_client.get(reverse("admin:cases_cause_delete", args=[cause.pk]))

        assert response.status_code == HTTPStatus.FORBIDDEN


class TestCaseList:
    def test_its_query_count_does_not_grow_with_the_rows(self, agent_client, seller_user):
        cause = CauseFactory()

        def queries():
            with CaptureQueriesContext(connection) as ctx:
                assert agent_client.get(reverse("admin:cases_case_changelist")).status_code == 200
            return len(ctx)

        for _ in range(5):
            create_case(seller_user, cause=cause)
        with_five = queries()
        for _ in range(45):
            create_case(seller_user, cause=cause)

        assert queries() == with_five

    def test_its_query_count_does_not_grow_with_the_taxonomy(self, agent_client, case):
        def queries():
            with CaptureQueriesContext(connection) as ctx:
                assert agent_client.get(reverse("admin:cases_case_changelist")).status_code == 200
            return len(ctx)

        before = queries()
        for _ in range(10):
            CauseFactory()  # each with its own area and record type, named after them

        assert queries() == before

    def test_it_never_scans_every_case_for_dates_nor_counts_them_twice(self, agent_client, case):
        with CaptureQueriesContext(connection) as ctx:
            response = agent_client.get(
                reverse("admin:cases_case_changelist"), {"status__exact": "open"}
            )

        sql = [q["sql"] for q in ctx.captured_queries]
        assert not [q for q in sql if "DATE_TRUNC" in q or "DISTINCT" in q]
        # The cases counted once, by reading the ids of the first 1,001 of them, which
        # then give the page (the reasons sellers confuse count reason changes).
        counts = [q for q in sql if "COUNT(" in q and "cases_casecausechange" not in q]
        assert counts == []
        assert len([q for q in sql if q.endswith("LIMIT 1001")]) == 1
        assert response.context["cl"].result_count == 1

    def test_the_created_filter_replaces_the_date_hierarchy(self, agent_client, case):
        response = agent_client.get(
            reverse("admin:cases_case_changelist"), {"created_at__gte": "2000-01-01 00:00:00+00:00"}
        )

        assert list(response.context["cl"].result_list) == [case]

    def test_finds_a_case_by_its_number(self, agent_client, case, seller_user):
        create_case(seller_user, subject="Otro")

        response = agent_client.get(reverse("admin:cases_case_changelist"), {"q": case.number})

        assert list(response.context["cl"].result_list) == [case]

    def test_finds_a_case_by_seller_code_and_by_words_of_the_answers(self, agent_client, case):
        other = SellerFactory(code="ZZ-999")
        other_case = create_case(UserFactory(seller=other))
        cause = CauseFactory()
        CaseFieldFactory(cause=cause, key="sku", field_type="sku")
        with_sku = create_case(case.created_by, cause=cause, answers={"sku": "ZAPATO-ROJO-42"})

        by_code = agent_client.get(reverse("admin:cases_case_changelist"), {"q": "ZZ-999"})
        by_answer = agent_client.get(reverse("admin:cases_case_changelist"), {"q": "zapato-rojo"})

        assert list(by_code.context["cl"].result_list) == [other_case]
        assert list(by_answer.context["cl"].result_list) == [with_sku]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"open_tasks": "yes"}, {"waiting"}),
            ({"open_tasks": "no"}, {"open", "mine"}),
            ({"assignee": "me"}, {"mine"}),
            ({"assignee": "none"}, {"open", "waiting"}),
        ],
    )
    def test_filters(self, agent_client, agent, seller_user, params, expected):
        from cases.services.cases import case_assign

        cases = {
            "open": create_case(seller_user),
            "waiting": create_case(seller_user),
            "mine": create_case(seller_user),
        }
        task_open(case=cases["waiting"], requested_by=agent, request_text="x")
        case_assign(case=cases["mine"], assignee=agent, actor=agent)

        response = agent_client.get(reverse("admin:cases_case_changelist"), params)

        found = {c.pk for c in response.context["cl"].result_list}
        assert found == {cases[name].pk for name in expected}

    def test_resolve_action_goes_through_the_services(self, agent_client, agent, seller_user):
        first, second = create_case(seller_user), create_case(seller_user)

        response = agent_client.post(
            reverse("admin:cases_case_changelist"),
            {
                "action": "mark_resolved",
                "_selected_action": [first.pk, second.pk],
                "confirmado": "1",
                "message": "Reprocesamos los pagos.",
            },
            follow=True,
        )

        assert "2 casos resueltos." in response.content.decode()
        for case in (first, second):
            case.refresh_from_db()
            assert case.status == S.RESOLVED
            event = case.events.get(kind=EventKind.STATUS_CHANGED, data__to=S.RESOLVED)
            assert event.actor == agent
            assert case.comments.get().body == "Reprocesamos los pagos."

    def test_an_action_that_does_not_apply_says_so_per_case(self, agent_client, case):
        response = agent_client.post(
            reverse("admin:cases_case_changelist"),
            {"action": "mark_closed", "_selected_action": [case.pk], "confirmado": "1"},
            follow=True,
        )

        assert f"{case.number}: Un caso no puede pasar de «Abierto» a «Cerrado»." in (
            response.content.decode()
        )
        case.refresh_from_db()
        assert case.status == S.OPEN

    def test_assign_to_me_action(self, agent_client, agent, case):
        agent_client.post(
            reverse("admin:cases_case_changelist"),
            {"action": "assign_to_me", "_selected_action": [case.pk]},
        )

        case.refresh_from_db()
        assert case.assigned_to == agent


class TestCasePage:
    def test_shows_the_answers_readably_with_their_files(self, agent_client, seller_user):
        cause = CauseFactory()
        CaseFieldFactory(
            cause=cause, key="order", label="Número de orden", field_type="order_number"
        )
        CaseFieldFactory(cause=cause, key="photo", label="Foto", field_type="file")
        case = create_case(
            seller_user,
            cause=cause,
            answers={"order": "123456789", "photo": [upload("evidencia.pdf")]},
        )

        page = agent_client.get(change_url(case)).content.decode()

        assert "<th>Número de orden</th><td>123456789</td>" in page
        attachment = case.attachments.get()
        download = reverse("admin:cases_case_attachment", args=[case.pk, attachment.pk])
        assert f'<a href="{download}">evidencia.pdf</a>' in page
        response = agent_client.get(download)
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_the_request_information_button_opens_a_task(self, agent_client, agent, case):
        page = agent_client.get(change_url(case)).content.decode()
        url = reverse("admin:cases_case_request_information", args=[case.pk])
        assert f'formaction="{url}">Solicitar información al seller</button>' in page

        response = act(agent_client, case, "request_information", body="Envía la cartola bancaria")

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == change_url(case) + "#solicitudes"
        task = PendingTask.objects.get(case=case)
        assert task.request_text == "Envía la cartola bancaria"
        assert task.requested_by == agent
        case.refresh_from_db()
        assert case.status == S.WAITING_ON_SELLER

    def test_an_empty_request_is_refused_on_the_form_keeping_what_was_typed(
        self, agent_client, case
    ):
        response = act(agent_client, case, "request_information", body=" ", due_date="31-12-2099")

        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        assert "Escribe qué información necesitas del seller." in page
        assert 'value="31-12-2099"' in page
        assert not PendingTask.objects.exists()

    def test_a_public_reply_and_an_internal_note(self, agent_client, agent, case):
        act(agent_client, case, "reply", body="Estamos revisando tu pago")
        act(agent_client, case, "internal_note", note="Revisar con finanzas")

        public, internal = Comment.objects.filter(case=case).order_by("id")
        assert (public.body, public.is_internal) == ("Estamos revisando tu pago", False)
        assert (internal.body, internal.is_internal) == ("Revisar con finanzas", True)
        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS

    def test_a_reply_with_a_disguised_file_is_refused_on_the_form(self, agent_client, case):
        from cases.tests.factories import EXE_BYTES

        response = act(
            agent_client, case, "reply", body="Adjunto", files=upload("manual.pdf", EXE_BYTES)
        )

        assert response.status_code == HTTPStatus.OK
        assert "no es un archivo permitido" in response.content.decode()
        assert not Comment.objects.exists()

    def test_status_buttons_go_through_the_services(self, agent_client, agent, case):
        act(agent_client, case, "status", status=S.IN_PROGRESS)

        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS
        assert case.events.filter(kind=EventKind.STATUS_CHANGED, actor=agent).exists()

    def test_an_impossible_status_is_explained_not_applied(self, agent_client, case):
        response = act(agent_client, case, "status", status=S.REOPENED)

        assert response.status_code == HTTPStatus.OK
        assert "Un caso no puede pasar de «Abierto» a «Reabierto»." in response.content.decode()
        case.refresh_from_db()
        assert case.status == S.OPEN

    def test_cancelling_a_task(self, agent_client, agent, case):
        task = task_open(case=case, requested_by=agent, request_text="x")

        agent_client.post(reverse("admin:cases_case_cancel_task", args=[case.pk, task.pk]))

        task.refresh_from_db()
        assert task.status == TaskStatus.CANCELLED

    def test_priority_and_assignee_changes_are_recorded(self, agent_client, agent, case):
        post_case(agent_client, case, priority="urgent", assigned_to=agent.pk, _continue="1")

        case.refresh_from_db()
        assert case.priority == "urgent"
        assert case.assigned_to == agent
        assert {e.kind for e in case.events.all()} >= {
            EventKind.PRIORITY_CHANGED,
            EventKind.ASSIGNED,
        }


class TestAnAgentsDay:
    def test_a_case_goes_from_open_to_closed_and_the_history_shows_each_step(
        self, agent_client, agent, seller_user, case
    ):
        act(agent_client, case, "assign_me")
        act(agent_client, case, "request_information", body="Envía la cartola")
        task_answer(
            task=PendingTask.objects.get(case=case),
            answered_by=seller_user,
            answer_text="Adjunto la cartola",
        )
        act(agent_client, case, "reply_resolve", body="Pago reprocesado")
        act(agent_client, case, "status", status=S.CLOSED)

        case.refresh_from_db()
        assert case.status == S.CLOSED
        changes = [
            (e.data["from"], e.data["to"])
            for e in case.events.filter(kind=EventKind.STATUS_CHANGED).order_by("id")
        ]
        assert changes == [
            (S.OPEN, S.IN_PROGRESS),
            (S.IN_PROGRESS, S.WAITING_ON_SELLER),
            (S.WAITING_ON_SELLER, S.IN_PROGRESS),
            (S.IN_PROGRESS, S.RESOLVED),
            (S.RESOLVED, S.CLOSED),
        ]
        page = agent_client.get(change_url(case)).content.decode()
        for line in [
            "Asignado a Agente Uno",
            "Soporte solicitó información: «Envía la cartola»",
            "Ana Pérez respondió la solicitud de información",
            "Estado: En progreso → Resuelto",
            "Estado: Resuelto → Cerrado",
        ]:
            assert line in page


class TestTaxonomyAdmin:
    def test_an_agent_adds_a_field_to_a_cause_inline(self, agent_client):
        cause = CauseFactory()
        url = reverse("admin:cases_cause_change", args=[cause.pk])
        data = {
            "area": cause.area_id,
            "name": cause.name,
            "description": "",
            "order": 0,
            "is_active": "on",
            "seller_help": "",
            "target_value": 2,
            "target_unit": "days",
            "default_priority": "normal",
            "fields-TOTAL_FORMS": 1,
            "fields-INITIAL_FORMS": 0,
            "fields-0-label": "Número de guía",
            "fields-0-key": "tracking",
            "fields-0-field_type": "short_text",
            "fields-0-required": "on",
            "fields-0-is_active": "on",
            "fields-0-order": 1,
            "example_phrases-TOTAL_FORMS": 0,
            "example_phrases-INITIAL_FORMS": 0,
        }

        response = agent_client.post(url, data)

        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        assert cause.fields.get().label == "Número de guía"

    def test_deactivating_a_cause_keeps_its_cases(self, agent_client, seller_user):
        cause = CauseFactory()
        case = create_case(seller_user, cause=cause)

        agent_client.post(
            reverse("admin:cases_cause_changelist"),
            {"action": "deactivate", "_selected_action": [cause.pk]},
        )

        cause.refresh_from_db()
        assert not cause.is_active
        assert Case.objects.get(pk=case.pk).cause == cause
        assert agent_client.get(change_url(case)).status_code == 200

    def test_record_type_and_area_admins_list_with_counts(self, agent_client):
        area = AreaFactory(record_type=RecordTypeFactory(name="Consulta"))
        CauseFactory(area=area)

        page = agent_client.get(reverse("admin:cases_area_changelist")).content.decode()

        assert area.name in page
