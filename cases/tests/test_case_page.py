from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from cases.models import Case, FieldType
from cases.services.cases import case_change_status
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_answer, task_open
from cases.services.rating import case_rate
from cases.status import CaseStatus
from cases.tests.factories import (
    PNG_BYTES,
    CaseFieldFactory,
    CauseFactory,
    case_in_status,
    create_case,
    upload,
)

pytestmark = pytest.mark.django_db
# A March week without Chilean holidays (the seller of `seller_user` is Chilean).
MONDAY_10 = datetime(2026, 3, 9, 10, tzinfo=ZoneInfo("America/Santiago"))
FRIDAY_10 = datetime(2026, 3, 13, 10, tzinfo=ZoneInfo("America/Santiago"))
S = CaseStatus


def page_of(client, case) -> str:
    response = client.get(case.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.mark.clock_sensitive
class TestHeader:
    def test_number_reason_status_and_dates(self, seller_client, seller_user):
        case = create_case(seller_user)

        page = page_of(seller_client, case)

        assert f'<h1 class="h3 mb-1">Caso N° {case.number}</h1>' in page
        assert escape(f"{case.record_type_name} / {case.area_name} / {case.cause_name}") in page
        assert 'data-status="open">Abierto</span>' in page
        created = timezone.localtime(case.created_at).strftime("%d-%m-%Y %H:%M")
        assert f"{created} · {escape(str(seller_user))}" in page
        assert "Última actualización" in page

    def test_the_estimated_resolution_in_plain_words(self, seller_client, seller_user):
        with time_machine.travel(MONDAY_10, tick=False):
            case = create_case(seller_user)
            Case.objects.filter(pk=case.pk).update(eta_due_at=FRIDAY_10)

            page = page_of(seller_client, case)

        assert "13-03-2026" in page
        assert "(aprox. 4 días hábiles)" in page

    def test_the_business_days_left_are_counted_when_the_page_is_read(
        self, seller_client, seller_user
    ):
        with time_machine.travel(MONDAY_10, tick=False):
            case = create_case(seller_user)
            Case.objects.filter(pk=case.pk).update(eta_due_at=FRIDAY_10)
        # Thursday: one business day left, not the four of Monday.
        with time_machine.travel(MONDAY_10 + timedelta(days=3), tick=False):
            page = page_of(seller_client, case)
        assert "(aprox. 1 día hábil)" in page
        assert "4 días" not in page

    def test_a_date_reached_but_not_renewed_yet_reads_one_day(self, seller_client, seller_user):
        case = create_case(seller_user)
        Case.objects.filter(pk=case.pk).update(eta_due_at=timezone.now())

        assert "(aprox. 1 día hábil)" in page_of(seller_client, case)

    def test_a_late_case_says_so_with_the_new_estimated_date(self, seller_client, seller_user):
        with time_machine.travel(MONDAY_10, tick=False):
            case = create_case(seller_user)
            Case.objects.filter(pk=case.pk).update(eta_due_at=FRIDAY_10, is_overdue=True)

            page = page_of(seller_client, case)

        assert "Atrasado — nueva fecha estimada: 13-03-2026" in page
        assert "(aprox. 4 días hábiles)" in page

    def test_before_the_estimate_is_computed_it_says_so(self, seller_client, seller_user):
        assert "Calculando…" in page_of(seller_client, create_case(seller_user))


class TestPendingTasks:
    def test_come_first_with_what_support_asked_and_an_answer_form(
        self, seller_client, seller_user, agent
    ):
        case = create_case(seller_user)
        comment_add(case=case, author=agent, body="Hola, revisamos tu caso.")
        due = timezone.localdate() + timedelta(days=3)
        task = task_open(
            case=case, requested_by=agent, request_text="Envía la boleta.", due_date=due
        )

        page = page_of(seller_client, case)

        assert page.index('id="tareas"') < page.index('id="conversacion"')
        assert "Soporte espera tu respuesta" in page
        assert "Envía la boleta." in page
        assert f"Responde a más tardar el {due:%d-%m-%Y}." in page
        form = page[page.index(f'action="/soporte/casos/{case.number}/tareas/{task.pk}/') :]
        assert f'name="tarea-{task.pk}-answer"' in form
        assert f'type="file" name="tarea-{task.pk}-files"' in form and "multiple" in form
        assert '<button class="btn btn-primary" type="submit">Enviar respuesta</button>' in form

    def test_answered_requests_are_listed_below_with_the_answer_and_its_files(
        self, seller_client, seller_user, agent
    ):
        case = create_case(seller_user)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        task_answer(
            task=task,
            answered_by=seller_user,
            answer_text="Aquí va la boleta.",
            attachments=[upload("boleta.pdf")],
        )

        page = page_of(seller_client, case)

        assert "Soporte espera tu respuesta" not in page
        assert "Aquí va la boleta." in page and "Respondida" in page
        assert ">boleta.pdf</a>" in page
        assert "Enviar respuesta" not in page


class TestConversation:
    def test_shows_public_messages_with_support_labelled_and_never_internal_notes(
        self, seller_client, seller_user, agent
    ):
        case = create_case(seller_user)
        comment_add(case=case, author=agent, body="Estamos revisando.")
        comment_add(case=case, author=agent, body="Ojo: seller conflictivo", internal=True)
        comment_add(
            case=case,
            author=seller_user,
            body="Gracias",
            attachments=[upload("foto.png", PNG_BYTES, "image/png")],
        )

        page = page_of(seller_client, case)

        assert 'text-body">Soporte</span>' in page and "Estamos revisando." in page
        assert "Gracias" in page and ">foto.png</a>" in page
        assert "conflictivo" not in page

    def test_offers_a_reply_form_while_the_case_is_open(self, seller_client, seller_user):
        page = page_of(seller_client, create_case(seller_user))

        assert 'name="body"' in page and 'name="files"' in page
        assert "Enviar mensaje</button>" in page

    def test_a_closed_case_takes_no_more_messages(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.CLOSED)

        page = page_of(seller_client, case)

        assert "Enviar mensaje</button>" not in page
        assert "Este caso ya no está abierto" in page


class TestWhatTheSellerFiled:
    def test_the_wizard_answers_with_their_files_as_download_links(
        self, seller_client, seller_user
    ):
        cause = CauseFactory()
        CaseFieldFactory(cause=cause, key="order", label="Número de orden", order=1)
        CaseFieldFactory(
            cause=cause, key="photos", label="Fotos", field_type=FieldType.FILE, order=2
        )
        case = create_case(
            seller_user,
            cause=cause,
            answers={
                "order": "20261127001",
                "photos": [upload("daño.png", PNG_BYTES, "image/png")],
            },
            attachments=[upload("detalle.pdf")],
        )
        photo = case.attachments.get(field_key="photos")

        page = page_of(seller_client, case)

        assert "Número de orden</dt>" in page and "20261127001" in page
        assert f'href="{photo.get_absolute_url()}" download>daño.png</a>' in page
        assert "Otros adjuntos" in page and ">detalle.pdf</a>" in page
        assert escape(case.description) in page


class TestTimeline:
    def test_the_history_in_spanish_without_internal_events(
        self, seller_client, seller_user, agent
    ):
        from cases.services.cases import case_assign

        case = create_case(seller_user)
        case_assign(case=case, assignee=agent, actor=agent)
        comment_add(case=case, author=agent, body="nota", internal=True)
        task_open(case=case, requested_by=agent, request_text="Envía la boleta.")

        page = page_of(seller_client, case)
        timeline = page[page.index('id="historial"') :]

        assert f"Caso creado por {escape(str(seller_user))}" in timeline
        assert "Estado: Abierto → En progreso" in timeline
        assert "Soporte solicitó información: «Envía la boleta.»" in timeline
        assert "Asignado a" not in timeline and "Nota interna" not in timeline


@pytest.mark.clock_sensitive
class TestOutcome:
    def test_a_resolved_case_asks_whether_it_is_solved_with_both_choices(
        self, seller_client, seller_user, agent
    ):
        case = case_in_status(seller_user, agent, S.RESOLVED)

        page = page_of(seller_client, case)

        assert "¿Se solucionó tu problema?" in page
        assert "Sí, está solucionado</button>" in page
        assert "No, reabrir el caso</button>" in page
        assert "¿Por qué no está solucionado el problema?" in page

    def test_after_the_reopen_window_only_confirming_is_offered(
        self, seller_client, seller_user, agent, settings
    ):
        case = case_in_status(seller_user, agent, S.RESOLVED)
        past = timezone.now() - timedelta(days=settings.CASE_REOPEN_WINDOW_DAYS, minutes=1)
        Case.objects.filter(pk=case.pk).update(resolved_at=past)

        page = page_of(seller_client, case)

        assert "Sí, está solucionado</button>" in page
        assert "No, reabrir el caso" not in page
        assert "Terminó el plazo para reabrirlo" in page

    def test_a_closed_case_offers_an_accessible_rating_form(
        self, seller_client, seller_user, agent
    ):
        case = case_in_status(seller_user, agent, S.CLOSED)

        page = page_of(seller_client, case)

        assert "Califica nuestra atención" in page
        assert "<fieldset" in page and "¿Cómo fue nuestra atención en este caso?" in page
        assert page.count('type="radio"') == 5
        for n, label in enumerate(["Muy mala", "Mala", "Regular", "Buena", "Excelente"], 1):
            assert f'name="score" value="{n}"' in page
            assert f"{n} · {label}" in page

    def test_once_rated_it_shows_the_rating_instead(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.CLOSED)
        case_rate(case=case, rated_by=seller_user, score=4, comment="Rápidos")

        page = page_of(seller_client, case)

        assert "Tu calificación" in page and "4 de 5" in page and "Rápidos" in page
        assert 'name="score"' not in page


class TestLongCase:
    @pytest.fixture
    def long_case(self, seller_user, agent):
        case = create_case(seller_user)
        for n in range(55):
            comment_add(case=case, author=agent if n % 2 else seller_user, body=f"Mensaje {n}")
        return case

    def test_shows_the_latest_messages_and_history_with_a_link_to_the_rest(
        self, seller_client, long_case
    ):
        response = seller_client.get(long_case.get_absolute_url())
        page = response.content.decode()

        assert [c.body for c in response.context["comments"]] == [
            f"Mensaje {n}" for n in range(5, 55)
        ]
        assert "Mensaje 4<" not in page and "Mensaje 54" in page
        assert len(response.context["events"]) == 50
        assert response.context["events"][-1].comment_id  # the latest ones
        assert 'href="?completo=1#conversacion"' in page and "Ver los mensajes anteriores" in page
        assert 'href="?completo=1#historial"' in page and "Ver todo el historial" in page

    def test_the_link_shows_every_message_and_event(self, seller_client, long_case):
        response = seller_client.get(long_case.get_absolute_url(), {"completo": "1"})

        assert len(response.context["comments"]) == 55
        assert len(response.context["events"]) == long_case.events.visible_to_seller().count()
        assert "Ver los mensajes anteriores" not in response.content.decode()

    def test_a_short_case_has_no_link(self, seller_client, seller_user):
        page = page_of(seller_client, create_case(seller_user))

        assert "?completo=1" not in page

    def test_the_query_count_is_the_same_either_way(self, seller_client, long_case):
        def queries(params):
            with CaptureQueriesContext(connection) as ctx:
                seller_client.get(long_case.get_absolute_url(), params)
            return len(ctx)

        assert queries({}) == queries({"completo": "1"})


class TestCasePageQueries:
    def test_a_constant_number_of_queries_for_1_or_50_messages_tasks_and_files(
        self, seller_client, seller_user, seller_colleague, agent, django_assert_max_num_queries
    ):
        case = create_case(seller_user)

        def queries():
            with CaptureQueriesContext(connection) as ctx:
                assert seller_client.get(case.get_absolute_url()).status_code == HTTPStatus.OK
            return len(ctx)

        def add_round(n):
            comment_add(
                case=case,
                author=agent if n % 2 else seller_colleague,
                body=f"Mensaje {n}",
                attachments=[upload(f"m{n}.pdf")],
            )
            task = task_open(case=case, requested_by=agent, request_text=f"Pedido {n}")
            if n % 2:
                task_answer(task=task, answered_by=seller_colleague, answer_text="Listo")

        add_round(0)
        with django_assert_max_num_queries(8):
            seller_client.get(case.get_absolute_url())
        with_one = queries()
        for n in range(1, 50):
            add_round(n)

        with django_assert_max_num_queries(8):
            seller_client.get(case.get_absolute_url())
        assert queries() == with_one

    @pytest.mark.parametrize("status", [S.RESOLVED, S.CLOSED])
    def test_the_outcome_boxes_add_no_query(
        self, seller_client, seller_user, agent, django_assert_max_num_queries, status
    ):
        case = case_in_status(seller_user, agent, status)
        if status == S.CLOSED:
            case_rate(case=case, rated_by=seller_user, score=5)

        with django_assert_max_num_queries(8):
            seller_client.get(case.get_absolute_url())

    def test_status_changes_are_not_needed_to_read_the_page(
        self, seller_client, seller_user, agent
    ):
        case = case_in_status(seller_user, agent, S.RESOLVED)
        case_change_status(case=case, to_status=S.CLOSED, actor=seller_user)

        assert "Califica nuestra atención" in page_of(seller_client, case)
