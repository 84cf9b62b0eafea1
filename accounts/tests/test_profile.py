from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


class TestMiCuenta:
    def test_shows_the_user_and_the_seller_data(self, seller_client, seller_user, seller):
        page = seller_client.get(PROFILE_URL).content.decode()

        assert seller_user.email in page
        assert seller.trade_name in page
        assert seller.legal_name in page
        assert seller.code in page
        assert seller.notification_email in page
        assert "Chile" in page

    def test_the_user_renames_themself(self, seller_client, seller_user):
        response = seller_client.post(PROFILE_URL, {"full_name": "Ana María Pérez"}, follow=True)

        assert "Tu perfil fue guardado." in response.content.decode()
        seller_user.refresh_from_db()
        assert seller_user.full_name == "Ana María Pérez"

    def test_an_empty_name_is_refused_in_spanish(self, seller_client, seller_user):
        response = seller_client.post(PROFILE_URL, {"full_name": ""})

        assert response.status_code == HTTPStatus.OK
        assert "Ingresa tu nombre." in response.content.decode()
        seller_user.refresh_from_db()
        assert seller_user.full_name == "Ana Pérez"

    def test_a_name_too_long_is_refused_and_kept_as_typed(self, seller_client, seller_user):
        name = "Ana " + "Pérez " * 30

        response = seller_client.post(PROFILE_URL, {"full_name": name})

        page = response.content.decode()
        assert "Asegúrese de que este valor tenga menos de 150 caracteres" in page
        assert f'value="{name}"' in page
        seller_user.refresh_from_db()
        assert seller_user.full_name == "Ana Pérez"
