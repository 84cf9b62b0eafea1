import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from cases.models import Attachment, Case, CaseField, Cause, EventKind, FieldType
from cases.taxonomy.defaults import TAXONOMY
from cases.tests.factories import EXE_BYTES, PDF_BYTES, CaseFieldFactory, upload
from cases.tests.wizard_helpers import (
    PREFIX,
    cause,
    confirm,
    post_step,
    run_wizard,
    step_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_taxonomy")]

DEFAULT_CAUSES = [
    cause_name
    for _description, areas in TAXONOMY.values()
    for causes in areas.values()
    for cause_name, *_ in causes
]


class TestTheWholeFlow:
    @pytest.mark.parametrize("name", DEFAULT_CAUSES)
    def test_a_seller_creates_a_case_for_every_default_cause(self, seller_client, name):
        chosen = cause(name)
        summary = run_wizard(seller_client, chosen)
        assert summary.status_code == HTTPStatus.OK

        response, key = confirm(seller_client)

        case = Case.objects.get()
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("cases:created", args=[case.number])
        assert case.cause == chosen
        assert str(case.submission_key) == str(key)
        assert case.is_open
        assert case.events.filter(kind=EventKind.CREATED).count() == 1
        asked = list(chosen.fields.filter(is_active=True).values_list("key", flat=True))
        assert [a["key"] for a in case.answers] == asked
        files = chosen.fields.filter(field_type=FieldType.FILE).count()
        assert Attachment.objects.filter(case=case).count() == files
        # Each row of the Resumen step and of the summary sheet says what it is.
        for page in (summary, seller_client.get(response["Location"])):
            labels = re.findall(r'<dt class="col-sm-4">(.*?)</dt>', page.content.decode())
            assert len(labels) == len(set(labels)), labels

    def test_the_summary_sheet_shows_the_reason_the_answers_and_the_number(self, seller_client):
        chosen = cause("Diferencia en liquidación")
        run_wizard(seller_client, chosen, subject="Liquidación de octubre")
        response, _ = confirm(seller_client)

        page = seller_client.get(response["Location"])

        case = Case.objects.get()
        html = page.content.decode()
        assert f"Número de caso: <strong>{case.number}</strong>" in html
        assert (
            "Reclamo o apelación / Liquidaciones, facturación y pagos / Diferencia en liquidación"
            in html
        )
        assert "$ 15.000<" in html
        assert "octubre de 2026" in html
        assert f'href="{case.get_absolute_url()}">Ver caso</a>' in html
        open_tray = reverse("cases:tray", args=["abiertos"])
        assert f'href="{open_tray}">Ir a casos abiertos</a>' in html

    def test_the_summary_sheet_lists_every_file_the_summary_step_listed(self, seller_client):
        chosen = cause("Diferencia en liquidación")
        run_wizard(
            seller_client,
            chosen,
            files={"answer_detail_file": upload("detalle.pdf"), "attachments": upload("otro.pdf")},
        )
        step = seller_client.get(step_url("resumen")).content.decode()
        response, _ = confirm(seller_client)

        sheet = seller_client.get(response["Location"]).content.decode()

        for shown in ("Detalle en Excel/CSV", "detalle.pdf", "Otros adjuntos", "otro.pdf"):
            assert shown in step
            assert shown in sheet
        for attachment in Case.objects.get().attachments.all():
            assert attachment.get_absolute_url() in sheet

    def test_the_new_case_is_at_once_in_all_open_cases(self, seller_client):
        run_wizard(seller_client, cause("Pago no recibido"))
        confirm(seller_client)

        tray = seller_client.get(reverse("cases:tray", args=["abiertos"]))

        case = Case.objects.get()
        assert [c.number for c in tray.context["cases"]] == [case.number]
        home = seller_client.get(reverse("cases:support_home"))
        assert {tray.slug: n for tray, n in home.context["indicators"]}["abiertos"] == 1

    def test_the_summary_step_shows_everything_before_confirming(self, seller_client):
        page = run_wizard(seller_client, cause("Devolución llegó en mal estado")).content.decode()

        assert "Devolución llegó en mal estado" in page
        assert "Número de orden" in page
        assert "2026112701" in page
        assert "product_photos.png" in page
        assert "Confirmar y crear el caso" in page

    def test_the_subject_example_is_the_causes(self, seller_client):
        examples = {}
        for name in ("Pago no recibido", "Devolución no llegó"):
            chosen = cause(name)
            seller_client.get(step_url("tipo") + "?reset=1")
            post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
            post_step(seller_client, "area", {"area": chosen.area.pk})
            post_step(seller_client, "causa", {"cause": chosen.pk})
            form = seller_client.get(step_url("datos")).context["form"]
            examples[name] = form.fields["subject"].help_text

        assert examples == {
            "Pago no recibido": "En pocas palabras, por ejemplo: «No recibí el pago de la "
            "liquidación de octubre».",
            "Devolución no llegó": "En pocas palabras, por ejemplo: «No me llegó la devolución "
            "de la orden 2026112701».",
        }

    def test_the_cause_help_is_shown_before_the_form(self, seller_client):
        chosen = cause("Devolución llegó en mal estado")
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        causes_page = seller_client.get(step_url("causa")).content.decode()
        post_step(seller_client, "causa", {"cause": chosen.pk})

        form_page = seller_client.get(step_url("datos")).content.decode()

        assert "tres fotos del producto" in causes_page
        assert "Antes de continuar" in form_page
        assert "tres fotos del producto" in form_page


class TestSteps:
    def test_the_areas_are_those_of_the_chosen_record_type_and_active(self, seller_client):
        consulta = cause("Pago no recibido").area.record_type
        hidden = consulta.areas.get(name="Catálogo y contenido")
        hidden.is_active = False
        hidden.save()
        post_step(seller_client, "tipo", {"record_type": consulta.pk})

        page = seller_client.get(step_url("area"))

        shown = set(page.context["form"].fields["area"].queryset.values_list("name", flat=True))
        assert shown == {
            "Órdenes y despacho",
            "Liquidaciones, facturación y pagos",
            "Cuenta, usuarios e integraciones",
        }

    def test_an_area_of_another_record_type_is_refused_in_spanish(self, seller_client):
        consulta = cause("Pago no recibido").area.record_type
        foreign_area = cause("Devolución no llegó").area
        post_step(seller_client, "tipo", {"record_type": consulta.pk})

        response = post_step(seller_client, "area", {"area": foreign_area.pk})

        assert response.status_code == HTTPStatus.OK
        assert "Esa área no está disponible para este motivo" in response.content.decode()

    def test_an_inactive_cause_cannot_be_posted(self, seller_client):
        chosen = cause("Pago no recibido")
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        Cause.objects.filter(pk=chosen.pk).update(is_active=False)

        response = post_step(seller_client, "causa", {"cause": chosen.pk})

        assert response.status_code == HTTPStatus.OK
        assert "Esa opción no está disponible para esta área" in response.content.decode()

    def test_each_step_has_a_step_indicator(self, seller_client):
        page = seller_client.get(step_url("tipo")).content.decode()

        assert 'aria-current="step"' in page
        for title in [
            "Tipo de registro",
            "Área / Proceso",
            "Causa / Motivo",
            "Datos del caso",
            "Resumen",
        ]:
            assert title in page


class TestValidation:
    @pytest.fixture
    def at_data_step(self, seller_client):
        chosen = cause("Diferencia en liquidación")
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        post_step(seller_client, "causa", {"cause": chosen.pk})
        return chosen

    def post_data(self, client, **answers):
        data = {
            "answer_settlement_number": "LIQ-1",
            "answer_period": "2026-10",
            "answer_amount": "15000",
            "subject": "Asunto",
            "description": "Detalle",
            **answers,
        }
        return post_step(client, "datos", data)

    @pytest.mark.parametrize(
        ("answers", "field", "message"),
        [
            ({"answer_amount": "0"}, "answer_amount", "Ingresa un valor de al menos $ 1."),
            ({"answer_amount": "quince"}, "answer_amount", "Ingresa un monto"),
            ({"answer_period": "2026-13"}, "answer_period", "Ingresa un mes como AAAA-MM"),
            ({"answer_settlement_number": ""}, "answer_settlement_number", "obligatorio"),
            ({"answer_order_numbers": "12ab"}, "answer_order_numbers", "separados por comas"),
            ({"subject": ""}, "subject", "Escribe un asunto breve."),
            ({"description": ""}, "description", "Cuéntanos qué pasó."),
        ],
    )
    def test_each_error_is_shown_next_to_its_field_keeping_what_was_typed(
        self, seller_client, at_data_step, answers, field, message
    ):
        response = self.post_data(seller_client, **answers)

        assert response.status_code == HTTPStatus.OK
        form = response.context["form"]
        assert field in form.errors
        assert message in " ".join(form.errors[field])
        html = response.content.decode()
        assert 'value="LIQ-1"' in html or field == "answer_settlement_number"
        assert "Detalle</textarea>" in html or field == "description"

    @pytest.mark.parametrize(
        ("field_type", "value", "message"),
        [
            (FieldType.ORDER_NUMBER, "ABC123", "solo con dígitos"),
            (FieldType.SKU, "SKU#42", "Ingresa un SKU"),
            (FieldType.DATE, "2026-02-30", "fecha válida"),
            (FieldType.EMAIL, "no-es-email", "email válido"),
            (FieldType.URL, "no es url", "dirección web válida"),
            (FieldType.CHOICE, "Otro courier", "Elige una de las opciones."),
            (FieldType.INTEGER, "7", "Ingresa un valor de a lo más 5."),
        ],
    )
    def test_every_field_type_validates(
        self, seller_client, seller_user, field_type, value, message
    ):
        chosen = cause("Pago no recibido")
        CaseField.objects.filter(cause=chosen).delete()
        CaseFieldFactory(
            cause=chosen,
            key="probe",
            label="Dato",
            field_type=field_type,
            options="Starken\nChilexpress",
            max_value=5 if field_type == "integer" else None,
        )
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        post_step(seller_client, "causa", {"cause": chosen.pk})

        response = post_step(
            seller_client, "datos", {"answer_probe": value, "subject": "a", "description": "b"}
        )

        assert response.status_code == HTTPStatus.OK
        assert message in " ".join(response.context["form"].errors["answer_probe"])

    def test_a_disguised_executable_is_refused_next_to_its_field(self, seller_client, at_data_step):
        response = post_step(
            seller_client,
            "datos",
            {
                "answer_settlement_number": "L",
                "answer_period": "2026-10",
                "answer_amount": "1",
                "subject": "a",
                "description": "b",
            },
            {"answer_detail_file": upload("detalle.csv", EXE_BYTES)},
        )

        assert response.status_code == HTTPStatus.OK
        errors = response.context["form"].errors["answer_detail_file"]
        assert "no es un archivo permitido" in errors[0]

    def test_a_file_over_the_size_limit_is_refused(self, seller_client, at_data_step, settings):
        settings.CASE_ATTACHMENT_MAX_BYTES = 100

        response = post_step(
            seller_client,
            "datos",
            {"subject": "a"},
            {"answer_detail_file": upload("grande.pdf", PDF_BYTES + b"x" * 200)},
        )

        assert "es demasiado grande" in response.context["form"].errors["answer_detail_file"][0]

    def test_a_required_file_field_needs_a_file(self, seller_client):
        chosen = cause("Devolución llegó en mal estado")
        from cases.tests.wizard_helpers import valid_answers

        data, _files = valid_answers(chosen)
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        post_step(seller_client, "causa", {"cause": chosen.pk})

        response = post_step(seller_client, "datos", {**data, "subject": "a", "description": "b"})

        assert response.context["form"].errors["answer_product_photos"] == [
            "Adjunta al menos un archivo."
        ]

    def test_an_uploaded_file_survives_an_error_elsewhere(self, seller_client, at_data_step):
        first = post_step(
            seller_client,
            "datos",
            {
                "answer_settlement_number": "L",
                "answer_period": "2026-10",
                "answer_amount": "1",
                "description": "b",
            },
            {"answer_detail_file": upload("detalle.pdf")},
        )
        assert "subject" in first.context["form"].errors
        assert "detalle.pdf" in first.content.decode()

        second = post_step(
            seller_client,
            "datos",
            {
                "answer_settlement_number": "L",
                "answer_period": "2026-10",
                "answer_amount": "1",
                "subject": "Ahora sí",
                "description": "b",
            },
        )
        assert second.status_code == HTTPStatus.FOUND
        confirm(seller_client)

        case = Case.objects.get()
        assert case.attachments.get().original_name == "detalle.pdf"

    def test_a_staged_file_can_be_removed(self, seller_client, at_data_step):
        post_step(
            seller_client,
            "datos",
            {"description": "b"},
            {"answer_detail_file": upload("detalle.pdf")},
        )
        staged_id = seller_client.session[f"wizard_{PREFIX}"]["extra_data"]["staged"][
            "answer_detail_file"
        ][0]["id"]

        post_step(
            seller_client,
            "datos",
            {
                "answer_settlement_number": "L",
                "answer_period": "2026-10",
                "answer_amount": "1",
                "subject": "s",
                "description": "d",
            },
            remove_staged=staged_id,
        )
        confirm(seller_client)

        assert not Case.objects.get().attachments.exists()
