"""The triage model in the admin: example phrases on the cause's page, retraining."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from cases.models import Cause, TriageModel
from cases.tests.factories import CauseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_taxonomy")]

TRAIN_URL = reverse("admin:cases_triagemodel_train")
LIST_URL = reverse("admin:cases_triagemodel_changelist")


class TestExamplePhrasesOnTheCausePage:
    def test_an_agent_sees_the_phrases_under_frases_de_ejemplo(self, agent_client):
        cause = Cause.objects.get(name="El courier no retiró")

        response = agent_client.get(reverse("admin:cases_cause_change", args=[cause.pk]))

        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        assert "Frases de ejemplo" in page
        assert "el camión no pasó a buscar los paquetes" in page

    def test_an_agent_adds_a_phrase_to_a_cause(self, agent_client):
        cause = CauseFactory()
        data = {
            "area": cause.area_id,
            "name": cause.name,
            "description": "",
            "order": 0,
            "is_active": "on",
            "seller_help": "",
            "subject_example": "",
            "target_value": 2,
            "target_unit": "days",
            "default_priority": "normal",
            "fields-TOTAL_FORMS": 0,
            "fields-INITIAL_FORMS": 0,
            "example_phrases-TOTAL_FORMS": 1,
            "example_phrases-INITIAL_FORMS": 0,
            "example_phrases-0-text": "no pasó la camioneta a buscar las cajas",
        }

        response = agent_client.post(reverse("admin:cases_cause_change", args=[cause.pk]), data)

        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
        assert list(cause.example_phrases.values_list("text", flat=True)) == [
            "no pasó la camioneta a buscar las cajas"
        ]


class TestRetraining:
    def test_an_agent_retrains_from_the_list_with_a_confirmation(self, agent_client):
        listing = agent_client.get(LIST_URL)
        assert TRAIN_URL in listing.content.decode()
        confirm = agent_client.get(TRAIN_URL)
        assert confirm.status_code == HTTPStatus.OK
        assert "Volver a entrenar" in confirm.content.decode()
        assert not TriageModel.objects.exists()  # a GET trains nothing

        response = agent_client.post(TRAIN_URL, follow=True)

        assert response.redirect_chain == [(LIST_URL, HTTPStatus.FOUND)]
        model = TriageModel.objects.get()
        assert "cv_top1" in model.metrics
        assert "Entrenamiento iniciado" in response.content.decode()
        assert "Versión" in response.content.decode()

    def test_staff_without_the_permission_can_neither_see_the_button_nor_train(self, client):
        client.force_login(UserFactory(is_staff=True))

        assert client.get(TRAIN_URL).status_code == HTTPStatus.FORBIDDEN
        assert client.post(TRAIN_URL).status_code == HTTPStatus.FORBIDDEN
        assert not TriageModel.objects.exists()

    def test_versions_are_read_only_and_only_a_superuser_deletes_them(
        self, agent_client, client, superuser
    ):
        agent_client.post(TRAIN_URL)
        model = TriageModel.objects.get()
        change = reverse("admin:cases_triagemodel_change", args=[model.pk])

        assert agent_client.get(change).status_code == HTTPStatus.OK
        assert agent_client.post(change, {}).status_code == HTTPStatus.FORBIDDEN
        delete = reverse("admin:cases_triagemodel_delete", args=[model.pk])
        assert agent_client.get(delete).status_code == HTTPStatus.FORBIDDEN
        client.force_login(superuser)
        assert client.get(delete).status_code == HTTPStatus.OK


class TestNightlyTraining:
    def test_beat_runs_the_training_task_every_night(self, settings):
        from supportcenter.celery import app

        entry = settings.CELERY_BEAT_SCHEDULE["cases-triage-train"]
        app.loader.import_default_modules()

        assert entry["task"] in app.tasks
        assert entry["schedule"].hour == {3}
        app.tasks[entry["task"]].delay()
        assert TriageModel.objects.count() == 1
