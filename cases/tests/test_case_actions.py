"""The forms of the case page: answer a task, write, reopen, confirm."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment, Case, Comment, EventKind, TaskStatus
from cases.services.pending_tasks import task_answer, task_open
from cases.status import CaseStatus
from cases.tests.factories import EXE_BYTES, PDF_BYTES, case_in_status, create_case, upload

pytestmark = pytest.mark.django_db
S = CaseStatus


def answer_url(task):
    return reverse("cases:task_answer", args=[task.case.number, task.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def waiting(seller_user, agent):
    case = create_case(seller_user, subject="Devolución rota")
    task = task_open(case=case, requested_by=agent, request_text="Envía tres fotos.")
    return task


class TestAnsweringATask:
    def test_completes_the_task_and_gives_the_case_back_to_support(
        self, seller_client, seller_user, waiting
    ):
        response = seller_client.post(
            answer_url(waiting),
            {
                f"tarea-{waiting.pk}-answer": "Van las fotos.",
                f"tarea-{waiting.pk}-files": [upload("foto1.pdf"), upload("foto2.pdf")],
            },
            follow=True,
        )

        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.ANSWERED
        assert waiting.answered_by == seller_user and waiting.answer_text == "Van las fotos."
        assert waiting.attachments.count() == 2
        assert waiting.case.status == S.IN_PROGRESS
        assert response.redirect_chain == [(f"{waiting.case.get_absolute_url()}#tareas", 302)]
        assert messages_of(response) == ["Enviamos tu respuesta. Soporte continuará con tu caso."]

    def test_the_case_leaves_cases_with_pending_tasks(self, seller_client, waiting):
        pending = reverse("cases:tray", args=["pendientes"])
        home = seller_client.get(reverse("cases:support_home")).content.decode()
        assert 'data-testid="count-pendientes">1</p>' in home

        seller_client.post(answer_url(waiting), {f"tarea-{waiting.pk}-answer": "Listo"})

        assert list(seller_client.get(pending).context["cases"]) == []
        home = seller_client.get(reverse("cases:support_home")).content.decode()
        assert 'data-testid="count-pendientes">0</p>' in home

    def test_with_another_request_still_open_the_case_keeps_waiting(
        self, seller_client, agent, waiting
    ):
        task_open(case=waiting.case, requested_by=agent, request_text="Y la boleta.")

        seller_client.post(answer_url(waiting), {f"tarea-{waiting.pk}-answer": "Fotos"})

        assert Case.objects.get(pk=waiting.case_id).status == S.WAITING_ON_SELLER

    def test_a_colleague_of_the_same_seller_can_answer(self, client, seller_colleague, waiting):
        client.force_login(seller_colleague)

        client.post(answer_url(waiting), {f"tarea-{waiting.pk}-answer": "Yo respondo"})

        waiting.refresh_from_db()
        assert waiting.answered_by == seller_colleague

    def test_an_empty_answer_comes_back_with_the_error_on_the_case_page(
        self, seller_client, waiting
    ):
        response = seller_client.post(answer_url(waiting), {f"tarea-{waiting.pk}-answer": " "})

        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "Escribe tu respuesta o adjunta un archivo." in page
        assert f"Caso N° {waiting.case.number}" in page
        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.OPEN

    def test_a_refused_file_keeps_what_the_seller_typed(self, seller_client, waiting):
        response = seller_client.post(
            answer_url(waiting),
            {
                f"tarea-{waiting.pk}-answer": "Mi respuesta larga",
                f"tarea-{waiting.pk}-files": [upload("virus.pdf", EXE_BYTES)],
            },
        )

        page = response.content.decode()
        assert "«virus.pdf» no es un archivo permitido" in page
        assert "Mi respuesta larga</textarea>" in page
        assert 'data-testid="form-errors"' in page
        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.OPEN
        assert not Attachment.objects.exists()

    def test_a_file_over_the_size_limit_is_refused_keeping_the_text(
        self, seller_client, waiting, settings
    ):
        settings.CASE_ATTACHMENT_MAX_BYTES = 1024

        response = seller_client.post(
            answer_url(waiting),
            {
                f"tarea-{waiting.pk}-answer": "Va la boleta",
                f"tarea-{waiting.pk}-files": [upload("boleta.pdf", PDF_BYTES + b"0" * 2000)],
            },
        )

        page = response.content.decode()
        assert "«boleta.pdf» es demasiado grande" in page
        assert "El límite es 1,0\xa0KB por archivo." in page
        assert "Va la boleta</textarea>" in page
        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.OPEN
        assert not Attachment.objects.exists()

    def test_a_request_answered_meanwhile_shows_the_error_and_keeps_the_text(
        self, seller_client, seller_colleague, waiting
    ):
        task_answer(task=waiting, answered_by=seller_colleague, answer_text="Ya respondí")

        response = seller_client.post(answer_url(waiting), {f"tarea-{waiting.pk}-answer": "Otra"})

        page = response.content.decode()
        assert "Esta solicitud ya fue respondida o cancelada." in page
        assert "\nOtra</textarea>" in page
        assert waiting.case.events.filter(kind=EventKind.TASK_ANSWERED).count() == 1

    def test_opening_the_address_shows_the_case(self, seller_client, waiting):
        response = seller_client.get(answer_url(waiting))

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == waiting.case.get_absolute_url()

    def test_a_task_of_another_case_is_a_404(self, seller_client, seller_user, waiting):
        other_case = create_case(seller_user)
        url = reverse("cases:task_answer", args=[other_case.number, waiting.pk])

        response = seller_client.post(url, {f"tarea-{waiting.pk}-answer": "x"})

        assert response.status_code == HTTPStatus.NOT_FOUND


class TestWriting:
    def test_adds_a_public_message_with_files(self, seller_client, seller_user):
        case = create_case(seller_user)

        response = seller_client.post(
            reverse("cases:comment", args=[case.number]),
            {"body": "¿Alguna novedad?", "files": [upload("captura.pdf")]},
            follow=True,
        )

        comment = Comment.objects.get(case=case)
        assert comment.author == seller_user and not comment.is_internal
        assert comment.attachments.get().original_name == "captura.pdf"
        assert messages_of(response) == ["Enviamos tu mensaje."]
        assert "¿Alguna novedad?" in response.content.decode()

    def test_a_closed_case_refuses_and_keeps_the_text(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.CLOSED)

        response = seller_client.post(
            reverse("cases:comment", args=[case.number]), {"body": "Una duda más"}
        )

        page = response.content.decode()
        assert "Este caso ya no está abierto. Reábrelo o crea un caso nuevo." in page
        assert "Una duda más</textarea>" in page
        assert not Comment.objects.filter(case=case).exists()

    def test_an_empty_message_is_refused(self, seller_client, seller_user):
        case = create_case(seller_user)

        response = seller_client.post(reverse("cases:comment", args=[case.number]), {"body": " "})

        assert "Escribe un mensaje." in response.content.decode()
        assert not Comment.objects.exists()

    def test_a_refused_file_keeps_the_text_and_writes_nothing(self, seller_client, seller_user):
        case = create_case(seller_user)

        response = seller_client.post(
            reverse("cases:comment", args=[case.number]),
            {"body": "Adjunto la factura", "files": [upload("factura.pdf", EXE_BYTES)]},
        )

        page = response.content.decode()
        assert "«factura.pdf» no es un archivo permitido" in page
        assert "Adjunto la factura</textarea>" in page
        assert not Comment.objects.exists()
        assert not Attachment.objects.exists()


@pytest.mark.clock_sensitive
class TestReopening:
    def test_within_the_window_with_a_reason(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.RESOLVED)

        response = seller_client.post(
            reverse("cases:reopen", args=[case.number]),
            {"reason": "Sigue llegando el cobro"},
            follow=True,
        )

        case.refresh_from_db()
        assert case.status == S.REOPENED
        assert messages_of(response) == ["Reabrimos el caso. Soporte lo revisará nuevamente."]
        assert "motivo: Sigue llegando el cobro" in response.content.decode()

    def test_needs_a_reason(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.RESOLVED)

        response = seller_client.post(reverse("cases:reopen", args=[case.number]), {"reason": ""})

        assert "Cuéntanos por qué el caso no está solucionado." in response.content.decode()
        case.refresh_from_db()
        assert case.status == S.RESOLVED

    def test_after_the_window_it_is_refused_with_the_text_kept(
        self, seller_client, seller_user, agent, settings
    ):
        settings.CASE_REOPEN_WINDOW_DAYS = 3
        case = case_in_status(seller_user, agent, S.RESOLVED)
        Case.objects.filter(pk=case.pk).update(
            resolved_at=timezone.now() - timedelta(days=3, seconds=1)
        )

        response = seller_client.post(
            reverse("cases:reopen", args=[case.number]), {"reason": "Sigue igual"}
        )

        page = response.content.decode()
        assert "Terminó el plazo para reabrir este caso. Crea un caso nuevo." in page
        assert "Sigue igual</textarea>" in page
        case.refresh_from_db()
        assert case.status == S.RESOLVED

    def test_just_inside_the_window_it_still_works(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.RESOLVED)
        Case.objects.filter(pk=case.pk).update(
            resolved_at=timezone.now() - timedelta(days=7) + timedelta(minutes=5)
        )

        seller_client.post(reverse("cases:reopen", args=[case.number]), {"reason": "Sigue"})

        case.refresh_from_db()
        assert case.status == S.REOPENED


class TestConfirmingSolved:
    def test_closes_the_case_and_invites_to_rate(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.RESOLVED)

        response = seller_client.post(reverse("cases:confirm", args=[case.number]), follow=True)

        case.refresh_from_db()
        assert case.status == S.CLOSED and case.closed_at is not None
        assert messages_of(response) == ["Gracias por confirmar. El caso quedó cerrado."]
        assert "Califica nuestra atención" in response.content.decode()

    def test_works_after_the_reopen_window_too(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.RESOLVED)
        Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - timedelta(days=30))

        seller_client.post(reverse("cases:confirm", args=[case.number]))

        case.refresh_from_db()
        assert case.status == S.CLOSED

    def test_an_open_case_cannot_be_confirmed(self, seller_client, seller_user):
        case = create_case(seller_user)

        response = seller_client.post(reverse("cases:confirm", args=[case.number]))

        assert "No puedes hacer este cambio en el caso." in response.content.decode()
        case.refresh_from_db()
        assert case.status == S.OPEN
