"""The wizard cannot be broken: back and forth, double submits, tampering, stale data."""

import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.models import Area, Case, CaseField, Cause, FieldType, RecordType
from cases.taxonomy.defaults import load_default_taxonomy
from cases.tests.factories import upload
from cases.tests.wizard_helpers import (
    PREFIX,
    cause,
    confirm,
    go_back,
    messages_of,
    post_step,
    run_wizard,
    step_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_taxonomy")]


class TestBackAndForth:
    def test_back_keeps_the_answers_of_earlier_steps(self, seller_client):
        chosen = cause("Pago no recibido")
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})

        response = go_back(seller_client, "causa", "area")

        assert response["Location"] == step_url("area")
        page = seller_client.get(step_url("area")).content.decode()
        assert f'value="{chosen.area.pk}" id="id_area-area_0" checked' in page or (
            f'value="{chosen.area.pk}"' in page and "checked" in page
        )
        assert seller_client.get(step_url("area")).context["form"]["area"].value() == str(
            chosen.area.pk
        )

    def test_back_from_the_case_details_keeps_what_was_typed_there(self, seller_client):
        chosen = cause("Pago no recibido")
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        post_step(seller_client, "causa", {"cause": chosen.pk})

        seller_client.post(
            step_url("datos"),
            {
                f"{PREFIX}-current_step": "datos",
                "wizard_goto_step": "causa",
                "datos-subject": "Pago de la semana 47",
            },
        )
        post_step(seller_client, "causa", {"cause": chosen.pk})

        page = seller_client.get(step_url("datos")).content.decode()
        assert 'value="Pago de la semana 47"' in page

    def test_changing_an_earlier_choice_drops_what_no_longer_applies_and_says_so(
        self, seller_client
    ):
        first = cause("Pago no recibido")
        other = cause("Devolución no llegó")
        run_wizard(seller_client, first)

        response = post_step(seller_client, "tipo", {"record_type": other.area.record_type.pk})

        assert any("borramos las respuestas que ya no aplican" in m for m in messages_of(response))
        assert seller_client.get(step_url("area")).context["form"]["area"].value() is None
        page = seller_client.get(step_url("datos"), follow=True)
        assert page.redirect_chain  # the details step cannot be reached anymore

    def test_choosing_the_same_option_again_keeps_everything(self, seller_client):
        chosen = cause("Pago no recibido")
        run_wizard(seller_client, chosen, subject="Se conserva")

        response = post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})

        assert messages_of(response) == []
        assert 'value="Se conserva"' in seller_client.get(step_url("datos")).content.decode()


class TestExactlyOneCase:
    def test_confirming_twice_creates_one_case(self, seller_client):
        run_wizard(seller_client, cause("Pago no recibido"))
        first, key = confirm(seller_client)

        second = post_step(seller_client, "resumen", {"submission_key": key})

        assert Case.objects.count() == 1
        assert second["Location"] == first["Location"]
        assert any("ya fue creado" in m for m in messages_of(second))

    def test_back_and_resubmit_of_an_old_summary_creates_nothing_new(self, seller_client):
        run_wizard(seller_client, cause("Pago no recibido"))
        first, key = confirm(seller_client)
        seller_client.get(first["Location"])

        resubmit = seller_client.post(
            step_url("resumen"),
            {f"{PREFIX}-current_step": "resumen", "resumen-submission_key": key},
        )

        assert Case.objects.count() == 1
        assert resubmit["Location"] == first["Location"]

    def test_a_refreshed_summary_page_shows_the_same_case(self, seller_client):
        run_wizard(seller_client, cause("Pago no recibido"))
        response, _ = confirm(seller_client)

        first = seller_client.get(response["Location"])
        again = seller_client.get(response["Location"])

        assert first.context["case"] == again.context["case"]
        assert Case.objects.count() == 1

    def test_two_tabs_confirming_the_same_wizard_create_one_case(self, seller_client, seller_user):
        run_wizard(seller_client, cause("Pago no recibido"))
        other_tab = Client()
        other_tab.cookies = seller_client.cookies
        summary = seller_client.get(step_url("resumen"))
        key = summary.context["wizard"]["form"].initial["submission_key"]

        a = post_step(seller_client, "resumen", {"submission_key": key})
        b = post_step(other_tab, "resumen", {"submission_key": key})

        assert Case.objects.count() == 1
        assert a["Location"] == b["Location"]

    def test_the_done_url_never_creates_a_case_on_a_get(self, seller_client):
        run_wizard(seller_client, cause("Pago no recibido"))

        response = seller_client.get(step_url("listo"))

        assert response.status_code == HTTPStatus.FOUND
        assert Case.objects.count() == 0


@pytest.mark.django_db(transaction=True)
class TestDoubleClick:
    def test_concurrent_confirmations_of_one_summary_make_one_case(self, seller_user):
        load_default_taxonomy()
        client = Client()
        client.force_login(seller_user)
        run_wizard(client, cause("Pago no recibido"))
        key = client.get(step_url("resumen")).context["wizard"]["form"].initial["submission_key"]
        barrier = threading.Barrier(2)
        locations = []

        def click():
            tab = Client()
            tab.cookies = client.cookies
            barrier.wait(timeout=20)
            locations.append(post_step(tab, "resumen", {"submission_key": key})["Location"])
            connection.close()

        clicks = [threading.Thread(target=click) for _ in range(2)]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join()

        assert Case.objects.count() == 1
        number = Case.objects.get().number
        assert locations == [reverse("cases:created", args=[number])] * 2


class TestTampering:
    def test_a_missing_management_form_is_not_an_error_page(self, seller_client):
        response = seller_client.post(step_url("tipo"), {"tipo-record_type": "1"})

        assert response.status_code == HTTPStatus.FOUND
        assert any("llegó incompleto" in m for m in messages_of(response))

    def test_a_forged_submission_key_creates_nothing(self, seller_client):
        run_wizard(seller_client, cause("Pago no recibido"))

        response = post_step(
            seller_client, "resumen", {"submission_key": "7d1b0a36-0000-4000-8000-000000000000"}
        )

        assert response.status_code == HTTPStatus.FOUND
        assert Case.objects.count() == 0

    def test_jumping_to_a_later_step_by_url_goes_back_to_the_start(self, seller_client):
        response = seller_client.get(step_url("resumen"))

        assert response["Location"] == step_url("tipo")
        assert any("Tu sesión expiró" in m for m in messages_of(response))

    def test_skipping_the_details_to_confirm_is_sent_back_to_them(self, seller_client):
        chosen = cause("Pago no recibido")
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        post_step(seller_client, "causa", {"cause": chosen.pk})
        key = (
            seller_client.get(step_url("resumen"))
            .context["wizard"]["form"]
            .initial["submission_key"]
        )

        response = post_step(seller_client, "resumen", {"submission_key": key})

        assert response["Location"] == step_url("datos")
        assert Case.objects.count() == 0

    def test_an_unknown_step_name_goes_to_the_first_step(self, seller_client):
        response = seller_client.get(step_url("hackeo"))

        assert response["Location"] == step_url("tipo")

    def test_a_non_numeric_choice_is_a_form_error(self, seller_client):
        response = post_step(seller_client, "tipo", {"record_type": "'; DROP TABLE"})

        assert response.status_code == HTTPStatus.OK
        assert "Esa opción no está disponible" in response.content.decode()


class TestTaxonomyChangedMidWizard:
    def test_a_cause_deactivated_before_the_details_step(self, seller_client):
        chosen = cause("Pago no recibido")
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        post_step(seller_client, "causa", {"cause": chosen.pk})
        Cause.objects.filter(pk=chosen.pk).update(is_active=False)

        response = seller_client.get(step_url("datos"))

        assert response["Location"] == step_url("causa")
        assert any("ya no está disponible" in m for m in messages_of(response))
        assert seller_client.get(step_url("causa")).status_code == HTTPStatus.OK

    @pytest.mark.parametrize(
        ("model", "step"), [(RecordType, "tipo"), (Area, "area"), (Cause, "causa")]
    )
    def test_anything_deactivated_before_confirming_creates_no_case(
        self, seller_client, model, step
    ):
        chosen = cause("Pago no recibido")
        run_wizard(seller_client, chosen)
        key = (
            seller_client.get(step_url("resumen"))
            .context["wizard"]["form"]
            .initial["submission_key"]
        )
        target = {RecordType: chosen.area.record_type, Area: chosen.area, Cause: chosen}[model]
        model.objects.filter(pk=target.pk).update(is_active=False)

        response = post_step(seller_client, "resumen", {"submission_key": key})

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == step_url(step)
        assert Case.objects.count() == 0
        assert "ya no está disponible" in " ".join(messages_of(response))
        assert seller_client.get(response["Location"]).status_code == HTTPStatus.OK

    def test_a_field_added_to_the_cause_is_asked_before_confirming(self, seller_client):
        chosen = cause("Pago no recibido")
        run_wizard(seller_client, chosen)
        CaseField.objects.create(
            cause=chosen,
            key="bank",
            label="Banco",
            field_type=FieldType.SHORT_TEXT,
            required=True,
            order=9,
        )

        response, _ = confirm(seller_client)

        assert response["Location"] == step_url("datos")
        assert Case.objects.count() == 0
        page = seller_client.get(step_url("datos"))
        assert "answer_bank" in page.context["form"].errors

    def test_a_renamed_field_keeps_the_case_consistent(self, seller_client):
        chosen = cause("Pago no recibido")
        run_wizard(seller_client, chosen)
        CaseField.objects.filter(cause=chosen, key="amount").update(label="Monto esperado")

        confirm(seller_client)

        labels = {a["key"]: a["label"] for a in Case.objects.get().answers}
        assert labels["amount"] == "Monto esperado"


class TestExpiredSession:
    def test_an_expired_session_restarts_the_wizard_with_a_message(self, seller_user, client):
        chosen = cause("Pago no recibido")
        client.force_login(seller_user)
        post_step(client, "tipo", {"record_type": chosen.area.record_type.pk})
        client.logout()
        client.force_login(seller_user)  # a new session: the wizard's data is gone

        response = post_step(client, "area", {"area": chosen.area.pk})

        assert response["Location"] == step_url("tipo")
        assert any("Tu sesión expiró" in m for m in messages_of(response))
        assert Case.objects.count() == 0

    def test_an_anonymous_user_is_sent_to_log_in(self, client):
        response = client.get(step_url("tipo"))

        assert response["Location"].startswith(reverse("accounts:login"))


class TestWhoSeesTheSummary:
    def test_another_seller_gets_a_404(self, seller_client, other_seller_user):
        run_wizard(seller_client, cause("Pago no recibido"))
        response, _ = confirm(seller_client)
        other = Client()
        other.force_login(other_seller_user)

        assert other.get(response["Location"]).status_code == HTTPStatus.NOT_FOUND

    def test_a_colleague_of_the_same_seller_sees_it(self, seller_client, seller_colleague):
        run_wizard(seller_client, cause("Pago no recibido"))
        response, _ = confirm(seller_client)
        colleague = Client()
        colleague.force_login(seller_colleague)

        assert colleague.get(response["Location"]).status_code == HTTPStatus.OK


class TestAbandonedUploads:
    def test_are_cleaned_up_by_the_command(self, seller_client, settings):
        import os
        import time
        from pathlib import Path

        from django.core.management import call_command

        chosen = cause("Diferencia en liquidación")
        post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(seller_client, "area", {"area": chosen.area.pk})
        post_step(seller_client, "causa", {"cause": chosen.pk})
        post_step(seller_client, "datos", {}, {"answer_detail_file": upload("detalle.pdf")})
        staged = list((Path(settings.MEDIA_ROOT) / "wizard").rglob("*.pdf"))
        assert len(staged) == 1
        old = time.time() - 2 * 24 * 3600
        os.utime(staged[0], (old, old))

        call_command("cleanup_uploads")

        assert not staged[0].exists()
