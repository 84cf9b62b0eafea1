"""Files on the case page's forms: a task answered with files alone, and files that
survive a form's errors (a browser never fills a file input again)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Attachment, Comment, TaskStatus
from cases.services.pending_tasks import task_answer, task_open
from cases.status import CaseStatus
from cases.tests.factories import EXE_BYTES, PNG_BYTES, create_case, upload

pytestmark = pytest.mark.django_db

LONG_TEXT = "x" * 5001


def answer_url(task):
    return reverse("cases:task_answer", args=[task.case.number, task.pk])


def comment_url(case):
    return reverse("cases:comment", args=[case.number])


def field(task, name):
    return f"tarea-{task.pk}-{name}"


def hidden_value(page: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert match, f"no hidden {name} on the page"
    return match.group(1)


def kept_ids(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{re.escape(name)}" value="([^"]+)"', page)


def staged_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "wizard"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def waiting(seller_user, agent):
    case = create_case(seller_user, subject="Devolución rota")
    return task_open(case=case, requested_by=agent, request_text="Envía las fotos.")


class TestFilesAloneAnswerATask:
    def test_on_the_page_files_without_words_answer_it(self, seller_client, waiting):
        response = seller_client.post(
            answer_url(waiting),
            {field(waiting, "files"): [upload("foto1.pdf"), upload("foto2.png", PNG_BYTES)]},
            follow=True,
        )

        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.ANSWERED and waiting.answer_text == ""
        assert waiting.case.status == CaseStatus.IN_PROGRESS
        page = response.content.decode()
        assert "Enviamos tu respuesta. Soporte continuará con tu caso." in page
        assert "Respondida por Ana Pérez" in page  # the answer shows, with its files
        assert "foto1.pdf" in page and "foto2.png" in page

    @pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
    def test_the_service_takes_files_alone_whatever_the_blank(self, seller_user, waiting, text):
        task = task_answer(
            task=waiting, answered_by=seller_user, answer_text=text, attachments=[upload()]
        )

        assert task.status == TaskStatus.ANSWERED
        assert task.attachments.get().original_name == "documento.pdf"

    def test_the_agents_desk_shows_such_an_answer(self, agent_client, seller_user, waiting):
        task_answer(task=waiting, answered_by=seller_user, answer_text="", attachments=[upload()])

        page = agent_client.get(
            reverse("admin:cases_case_change", args=[waiting.case_id])
        ).content.decode()

        assert "Respuesta de Ana Pérez" in page
        assert "documento.pdf" in page

    @pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
    def test_no_words_and_no_file_is_refused_by_the_service(self, seller_user, waiting, text):
        with pytest.raises(ValidationError) as caught:
            task_answer(task=waiting, answered_by=seller_user, answer_text=text, attachments=[])

        assert caught.value.code == "required"
        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.OPEN

    @pytest.mark.parametrize("text", ["", "   ", "\r\n"])
    def test_no_words_and_no_file_says_so_in_spanish(self, seller_client, waiting, text):
        response = seller_client.post(answer_url(waiting), {field(waiting, "answer"): text})

        page = response.content.decode()
        assert "Escribe tu respuesta o adjunta un archivo." in page
        assert 'data-testid="form-errors"' in page
        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.OPEN

    def test_the_form_says_files_alone_are_an_answer(self, seller_client, waiting):
        page = seller_client.get(waiting.case.get_absolute_url()).content.decode()

        assert "Escríbela, adjunta archivos o ambas cosas." in page


# Each way a form can come back with an error while a good file was sent with it.
ANSWER_ERRORS = {
    "text too long": lambda task: {field(task, "answer"): LONG_TEXT},
    "another file refused": lambda task: {
        field(task, "answer"): "Van las fotos",
        field(task, "files"): [upload("virus.pdf", EXE_BYTES)],
    },
}


class TestFilesSurviveTheFormsErrors:
    @pytest.mark.parametrize("error", ANSWER_ERRORS.values(), ids=ANSWER_ERRORS.keys())
    def test_the_answer_lists_them_as_attached_and_the_next_send_takes_them(
        self, seller_client, waiting, error
    ):
        data = error(waiting)
        files = [upload("boleta.pdf"), *data.pop(field(waiting, "files"), [])]

        first = seller_client.post(answer_url(waiting), {**data, field(waiting, "files"): files})

        page = first.content.decode()
        assert 'data-testid="kept-files"' in page
        assert "Archivos ya adjuntados" in page and "boleta.pdf" in page
        assert not Attachment.objects.exists()
        seller_client.post(
            answer_url(waiting),
            {
                field(waiting, "answer"): "",  # files alone are an answer
                field(waiting, "kept_files"): hidden_value(page, field(waiting, "kept_files")),
            },
        )
        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.ANSWERED
        assert [a.original_name for a in waiting.attachments.all()] == ["boleta.pdf"]
        assert waiting.attachments.get().file.read().startswith(b"%PDF")
        assert staged_files() == []  # the kept copies are gone once attached

    def test_more_files_can_be_added_and_kept_ones_removed(self, seller_client, waiting):
        first = seller_client.post(
            answer_url(waiting),
            {
                field(waiting, "answer"): LONG_TEXT,
                field(waiting, "files"): [upload("uno.pdf"), upload("dos.pdf")],
            },
        ).content.decode()
        ids = kept_ids(first, field(waiting, "remove_kept"))
        assert len(ids) == 2

        seller_client.post(
            answer_url(waiting),
            {
                field(waiting, "answer"): "Listo",
                field(waiting, "kept_files"): hidden_value(first, field(waiting, "kept_files")),
                field(waiting, "remove_kept"): [ids[0]],
                field(waiting, "files"): [upload("tres.png", PNG_BYTES)],
            },
        )

        names = sorted(a.original_name for a in Attachment.objects.all())
        assert names == ["dos.pdf", "tres.png"]
        assert staged_files() == []

    def test_a_message_keeps_them_too(self, seller_client, seller_user):
        case = create_case(seller_user)

        first = seller_client.post(
            comment_url(case), {"body": " ", "files": [upload("factura.pdf")]}
        ).content.decode()

        assert "Escribe un mensaje." in first
        assert "Archivos ya adjuntados" in first and "factura.pdf" in first
        seller_client.post(
            comment_url(case),
            {"body": "Va la factura", "kept_files": hidden_value(first, "kept_files")},
        )
        comment = Comment.objects.get(case=case)
        assert comment.attachments.get().original_name == "factura.pdf"

    def test_a_list_signed_for_another_form_attaches_nothing(
        self, seller_client, seller_user, waiting
    ):
        other = create_case(seller_user)
        first = seller_client.post(
            comment_url(other), {"body": "", "files": [upload("ajeno.pdf")]}
        ).content.decode()

        response = seller_client.post(
            answer_url(waiting),
            {
                field(waiting, "answer"): "Hola",
                field(waiting, "kept_files"): hidden_value(first, "kept_files"),
            },
        )

        assert "Los archivos que habías adjuntado expiraron: elígelos de nuevo." in (
            response.content.decode()
        )
        assert not Attachment.objects.exists()
        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.OPEN

    def test_a_kept_file_deleted_meanwhile_is_named_to_choose_again(self, seller_client, waiting):
        first = seller_client.post(
            answer_url(waiting),
            {field(waiting, "answer"): LONG_TEXT, field(waiting, "files"): [upload("acta.pdf")]},
        ).content.decode()
        for path in staged_files():  # cleanup_uploads ran in between
            path.unlink()

        response = seller_client.post(
            answer_url(waiting),
            {
                field(waiting, "answer"): "Listo",
                field(waiting, "kept_files"): hidden_value(first, field(waiting, "kept_files")),
            },
        )

        assert "«acta.pdf» ya no está aquí: elígelo de nuevo." in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.status == TaskStatus.OPEN
