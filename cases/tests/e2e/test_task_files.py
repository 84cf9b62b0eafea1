"""Journey 6: a seller answers support's request with files alone, on a phone; a refused
file on the way does not make them choose the good one again."""

import pytest
from playwright.sync_api import expect

from cases.demo import demo_answer
from cases.models import Cause, TaskStatus
from cases.status import CaseStatus
from cases.tests.factories import EXE_BYTES, PDF_BYTES, case_in_status
from supportcenter.tests.e2e_fixtures import PHONE

from .helpers import assert_accessible, assert_fits_the_screen, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting_case(seller_user, agent, taxonomy):
    cause = Cause.objects.get(name="Etiqueta o manifiesto no se genera")
    answers = {f.key: demo_answer(f, 1) for f in cause.fields.all() if f.required}
    return case_in_status(
        seller_user, agent, CaseStatus.WAITING_ON_SELLER, cause=cause, answers=answers
    )


class TestASellerAnswersWithFilesAlone:
    def test_a_refused_file_keeps_the_good_one_for_the_next_send(
        self, new_page, shot, seller_user, password, waiting_case, tmp_path
    ):
        invoice, bad = tmp_path / "boleta-4501.pdf", tmp_path / "factura.pdf"
        invoice.write_bytes(PDF_BYTES)
        bad.write_bytes(EXE_BYTES)
        page = new_page(viewport=PHONE)
        log_in(page, seller_user.email, password)
        page.goto(waiting_case.get_absolute_url())

        task = page.get_by_role("article").filter(has_text="Envía la boleta de la orden")
        task.get_by_label("Adjuntar archivos (opcional)").set_input_files([invoice, bad])
        task.get_by_role("button", name="Enviar respuesta").click()

        task = page.get_by_role("article").filter(has_text="Envía la boleta de la orden")
        expect(task.get_by_text("«factura.pdf» no es un archivo permitido")).to_be_visible()
        attached = task.get_by_role("list", name="Archivos ya adjuntados")
        expect(attached).to_contain_text("boleta-4501.pdf")
        expect(attached.get_by_label("Quitar boleta-4501.pdf")).not_to_be_checked()
        assert_fits_the_screen(page)
        assert_accessible(page)
        shot("a-file-refused-the-other-kept", of=page)

        task.get_by_role("button", name="Enviar respuesta").click()  # no words: files alone
        expect(page.get_by_text("Enviamos tu respuesta.")).to_be_visible()
        answered = page.get_by_role("region", name="Solicitudes de información")
        expect(answered.get_by_role("link", name="boleta-4501.pdf")).to_be_visible()
        shot("answered-with-the-file", of=page)
        assert waiting_case.tasks.get().status == TaskStatus.ANSWERED
