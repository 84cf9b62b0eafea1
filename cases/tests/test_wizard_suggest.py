"""CREAR CASO's "Cuéntanos qué pasó": suggested reasons by a plain form post and as JSON."""

import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cases.models import Case
from cases.status import CaseStatus
from cases.tests.factories import case_in_status
from cases.tests.wizard_helpers import (
    PREFIX,
    cause,
    confirm,
    go_back,
    messages_of,
    post_step,
    step_url,
    valid_answers,
)
from cases.triage import suggest
from cases.triage.services import triage_model_train

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_taxonomy")]

COURIER = "el courier no vino a retirar los pedidos"
SUGGESTIONS_URL = reverse("cases:cause_suggestions")


@pytest.fixture(autouse=True)
def fresh_process_and_counters():
    suggest._loaded = None
    cache.clear()
    yield
    suggest._loaded = None
    cache.clear()


def press_suggest(client, text, **data):
    return client.post(
        step_url("tipo"),
        {f"{PREFIX}-current_step": "tipo", "tipo-problem": text, "suggest_cause": "1", **data},
    )


def pick(client, text, cause_id):
    return client.post(
        step_url("tipo"),
        {f"{PREFIX}-current_step": "tipo", "tipo-problem": text, "pick_cause": str(cause_id)},
    )


def start(client):
    return client.get(reverse("cases:create") + "?reset=1", follow=True)


class TestTheBoxWithoutJavaScript:
    def test_the_first_step_offers_the_box_with_a_label_and_its_button(self, seller_client):
        page = start(seller_client).content.decode()

        assert '<label class="form-label" for="id_tipo-problem">Cuéntanos qué pasó' in page
        assert 'name="suggest_cause"' in page and ">Sugerir motivo</button>" in page
        assert "cases/cause-suggest.js" in page

    def test_suggest_offers_three_reasons_with_their_path_best_first(self, seller_client):
        start(seller_client)

        response = press_suggest(seller_client, COURIER)

        assert response.status_code == HTTPStatus.OK
        offered = response.context["suggestions"]
        assert len(offered) == 3
        assert offered[0].cause == "El courier no retiró"
        courier = cause("El courier no retiró")
        html = response.content.decode()
        assert f'name="pick_cause" value="{courier.pk}"' in html
        assert "Solicitud › Órdenes y despacho ›</span>" in html
        # What was typed is still in the box.
        assert COURIER in html

    def test_an_empty_box_says_what_is_missing_in_spanish(self, seller_client):
        start(seller_client)

        response = press_suggest(seller_client, "   ")

        assert response.status_code == HTTPStatus.OK
        assert "Escribe qué pasó y te sugerimos un motivo." in response.content.decode()
        assert response.context["suggestions"] is None

    def test_a_text_too_long_is_refused_and_kept(self, seller_client):
        start(seller_client)
        text = "el courier no retiró " * 300

        response = press_suggest(seller_client, text)

        html = response.content.decode()
        assert "El texto debe tener menos de 5000 caracteres." in html
        assert text.strip()[:200] in html

    def test_the_record_type_chosen_by_hand_stays_chosen(self, seller_client):
        start(seller_client)
        consulta = cause("El courier no retiró").area.record_type

        response = press_suggest(seller_client, COURIER, **{"tipo-record_type": consulta.pk})

        assert re.search(rf'value="{consulta.pk}" id="[^"]+" checked', response.content.decode())

    def test_picking_one_fills_the_steps_and_lands_on_its_form_with_the_text(self, seller_client):
        start(seller_client)
        courier = cause("El courier no retiró")

        response = pick(seller_client, COURIER, courier.pk)

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == step_url("datos")
        page = seller_client.get(response["Location"])
        assert page.context["form"].cause == courier
        assert page.context["form"]["description"].value() == COURIER
        html = page.content.decode()
        assert "Solicitud</span> › <span" in html and "El courier no retiró</span>" in html

    def test_the_picked_case_is_filed_under_that_cause_with_the_text(self, seller_client):
        start(seller_client)
        courier = cause("El courier no retiró")
        pick(seller_client, COURIER, courier.pk)
        answers, files = valid_answers(courier)
        answers.update(subject="Retiro no realizado", description=COURIER + " desde el lunes")

        assert post_step(seller_client, "datos", answers, files).status_code == HTTPStatus.FOUND
        confirm(seller_client)

        case = Case.objects.get()
        assert case.cause == courier
        assert case.description == COURIER + " desde el lunes"

    def test_the_seller_can_still_walk_back_and_choose_by_hand(self, seller_client):
        start(seller_client)
        courier = cause("El courier no retiró")
        pick(seller_client, COURIER, courier.pk)

        back = go_back(seller_client, "datos", "tipo")
        page = seller_client.get(back["Location"]) if back.status_code == 302 else back

        assert COURIER in page.content.decode()
        other = cause("Pago no recibido")
        # The box still holds the text: the browser posts it with the step.
        post_step(
            seller_client, "tipo", {"record_type": other.area.record_type.pk, "problem": COURIER}
        )
        post_step(seller_client, "area", {"area": other.area.pk})
        post_step(seller_client, "causa", {"cause": other.pk})
        datos = seller_client.get(step_url("datos"))
        assert datos.context["form"].cause == other
        assert datos.context["form"]["description"].value() == COURIER

    def test_the_text_written_before_continuing_by_hand_becomes_the_description(
        self, seller_client
    ):
        start(seller_client)
        chosen = cause("Pago no recibido")

        post_step(
            seller_client,
            "tipo",
            {"record_type": chosen.area.record_type.pk, "problem": "no me pagaron octubre"},
        )
        post_step(seller_client, "area", {"area": chosen.area.pk})
        post_step(seller_client, "causa", {"cause": chosen.pk})

        datos = seller_client.get(step_url("datos"))
        assert datos.context["form"]["description"].value() == "no me pagaron octubre"

    def test_picking_another_reason_clears_the_answers_that_no_longer_apply(self, seller_client):
        start(seller_client)
        courier, pago = cause("El courier no retiró"), cause("Pago no recibido")
        pick(seller_client, COURIER, courier.pk)
        answers, files = valid_answers(courier)
        post_step(seller_client, "datos", {**answers, "subject": "S", "description": "D"}, files)
        go_back(seller_client, "resumen", "tipo")

        response = pick(seller_client, "no me pagaron", pago.pk)

        assert "Elegiste otro motivo: borramos las respuestas que ya no aplican." in (
            messages_of(response)
        )
        datos = seller_client.get(step_url("datos"))
        assert datos.context["form"].cause == pago
        assert datos.context["form"]["description"].value() == "no me pagaron"

    def test_a_reason_no_longer_offered_cannot_be_picked(self, seller_client):
        start(seller_client)
        courier = cause("El courier no retiró")
        courier.is_active = False
        courier.save()

        response = pick(seller_client, COURIER, courier.pk)

        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert "Ese motivo ya no está disponible." in html
        assert COURIER in html

    def test_too_many_suggestions_in_a_minute_are_refused_in_spanish(self, seller_client, settings):
        settings.TRIAGE_SUGGESTIONS_PER_MINUTE = 2
        start(seller_client)
        press_suggest(seller_client, COURIER)
        press_suggest(seller_client, COURIER)

        response = press_suggest(seller_client, COURIER)

        assert "Pediste muchas sugerencias seguidas" in response.content.decode()
        assert response.context["suggestions"] is None


class TestTheJsonEndpoint:
    def test_it_answers_cause_names_only(self, seller_client):
        response = seller_client.post(SUGGESTIONS_URL, {"texto": COURIER})

        assert response.status_code == HTTPStatus.OK
        suggestions = response.json()["suggestions"]
        assert len(suggestions) == 3
        assert suggestions[0] == {
            "cause_id": cause("El courier no retiró").pk,
            "record_type": "Solicitud",
            "area": "Órdenes y despacho",
            "cause": "El courier no retiró",
        }

    def test_another_sellers_words_never_come_back(
        self, seller_client, other_seller_user, agent, settings
    ):
        courier = cause("El courier no retiró")
        courier.fields.update(required=False)
        case_in_status(
            other_seller_user,
            agent,
            CaseStatus.RESOLVED,
            cause=courier,
            subject="Secreto de Tienda Dos: bodega Quilicura",
            description="El camión de Quilicura no vino, contacto Carla 555-1234.",
        )
        triage_model_train()

        for response in (
            seller_client.post(SUGGESTIONS_URL, {"texto": "el camión de Quilicura no vino"}),
            press_suggest(seller_client, "el camión de Quilicura no vino"),
        ):
            body = response.content.decode()
            assert "Secreto" not in body and "555-1234" not in body and "Carla" not in body
        suggestions = seller_client.post(
            SUGGESTIONS_URL, {"texto": "el camión de Quilicura no vino"}
        ).json()["suggestions"]
        assert suggestions[0]["cause"] == "El courier no retiró"

    def test_an_empty_text_is_a_400_in_spanish(self, seller_client):
        response = seller_client.post(SUGGESTIONS_URL, {"texto": ""})

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json() == {"detail": "Escribe qué pasó y te sugerimos un motivo."}

    def test_it_is_throttled_per_user(self, seller_client, settings):
        settings.TRIAGE_SUGGESTIONS_PER_MINUTE = 3
        for _ in range(3):
            assert seller_client.post(SUGGESTIONS_URL, {"texto": COURIER}).status_code == 200

        response = seller_client.post(SUGGESTIONS_URL, {"texto": COURIER})

        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert 1 <= int(response["Retry-After"]) <= 60
        assert "espera un minuto" in response.json()["detail"]

    def test_anonymous_users_and_agents_are_refused(self, client, agent):
        assert client.post(SUGGESTIONS_URL, {"texto": COURIER}).status_code == 403
        client.force_login(agent)
        assert client.post(SUGGESTIONS_URL, {"texto": COURIER}).status_code == 403

    def test_a_get_is_not_allowed_so_the_text_never_sits_in_a_url(self, seller_client):
        response = seller_client.get(SUGGESTIONS_URL, {"texto": COURIER})

        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED

    def test_it_needs_the_csrf_token(self, seller_user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(seller_user)

        assert client.post(SUGGESTIONS_URL, {"texto": COURIER}).status_code == 403


class TestQueries:
    def test_a_suggestion_costs_the_same_few_queries_whatever_the_cases(
        self, seller_client, seller_user, agent, django_assert_max_num_queries
    ):
        seller_client.post(SUGGESTIONS_URL, {"texto": COURIER})  # trains the first version
        courier = cause("El courier no retiró")
        courier.fields.update(required=False)
        for n in range(5):
            case_in_status(seller_user, agent, CaseStatus.RESOLVED, cause=courier, subject=f"S {n}")
        triage_model_train()

        with django_assert_max_num_queries(6):
            response = seller_client.post(SUGGESTIONS_URL, {"texto": COURIER})

        assert response.status_code == HTTPStatus.OK
