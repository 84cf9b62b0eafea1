"""Respuestas guardadas: a seller's own, shared by its users, invisible to other sellers."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from customers.models import SavedAnswer

pytestmark = pytest.mark.django_db
LIST = reverse("customers:saved_answers")


def edit_url(answer):
    return reverse("customers:saved_answer_edit", args=[answer.pk])


def delete_url(answer):
    return reverse("customers:saved_answer_delete", args=[answer.pk])


class TestSavedAnswers:
    def test_a_user_saves_one_and_a_colleague_uses_it(self, client, seller_user, seller_colleague):
        client.force_login(seller_user)
        response = client.post(
            LIST, {"title": "Despacho", "body": "Despachamos en 24 horas hábiles."}, follow=True
        )
        assert "Guardamos la respuesta." in response.content.decode()

        client.force_login(seller_colleague)
        page = client.get(LIST).content.decode()

        assert "Despacho" in page and "Despachamos en 24 horas hábiles." in page
        assert SavedAnswer.objects.get().created_by == seller_user

    def test_the_same_title_twice_is_refused_on_the_form(self, seller_client, seller):
        SavedAnswer.objects.create(seller=seller, title="Despacho", body="Uno")

        response = seller_client.post(LIST, {"title": "Despacho", "body": "Dos"})

        assert response.status_code == HTTPStatus.OK
        assert "Ya tienes una respuesta guardada con este título." in response.content.decode()
        assert SavedAnswer.objects.count() == 1

    def test_edit_and_delete(self, seller_client, seller):
        answer = SavedAnswer.objects.create(seller=seller, title="Garantía", body="6 meses")

        seller_client.post(edit_url(answer), {"title": "Garantía", "body": "12 meses"})
        answer.refresh_from_db()
        assert answer.body == "12 meses"
        seller_client.post(delete_url(answer))

        assert not SavedAnswer.objects.exists()

    def test_another_sellers_answers_are_not_there(self, client, other_seller_user, seller):
        answer = SavedAnswer.objects.create(seller=seller, title="Secreta", body="De A")
        client.force_login(other_seller_user)

        assert "Secreta" not in client.get(LIST).content.decode()
        for url in (edit_url(answer), delete_url(answer)):
            assert client.get(url).status_code == HTTPStatus.NOT_FOUND
            assert client.post(url, {"title": "X", "body": "Y"}).status_code == HTTPStatus.NOT_FOUND
        answer.refresh_from_db()
        assert answer.body == "De A"
