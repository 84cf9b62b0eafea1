import html
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Seller

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


def field_error(page: str, field: str) -> str:
    """The error crispy-forms shows right under a field (empty if none)."""
    match = re.search(
        rf'<(?:p|span|div) id="error_1_id_{field}"[^>]*>\s*<strong>(.*?)</strong>', page, re.S
    )
    return html.unescape(match.group(1)).strip() if match else ""


class TestLogin:
    def test_a_seller_logs_in_with_the_email_in_any_case_and_lands_on_home(
        self, client, seller_user, password
    ):
        response = client.post(
            LOGIN_URL, {"username": "ANA@TiendaUno.cl", "password": password}, follow=True
        )

        assert response.redirect_chain[-1][0] == reverse("home")
        assert response.context["user"] == seller_user
        assert "Hola, Ana" in response.content.decode()

    def test_a_wrong_password_shows_a_spanish_error_and_keeps_the_email(self, client, seller_user):
        response = client.post(LOGIN_URL, {"username": seller_user.email, "password": "nope"})

        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        assert "El email o la contraseña no son correctos." in page
        assert f'value="{seller_user.email}"' in page

    def test_an_invalid_email_is_refused_next_to_the_field_and_kept(self, client, seller_user):
        response = client.post(LOGIN_URL, {"username": "ana@tiendauno", "password": ""})

        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert (
            field_error(page, "username")
            == "Introduzca una dirección de correo electrónico válida."
        )
        assert field_error(page, "password") == "Este campo es obligatorio."
        assert 'value="ana@tiendauno"' in page
        assert not response.wsgi_request.user.is_authenticated

    def test_logging_out_ends_the_session(self, seller_client):
        response = seller_client.post(reverse("accounts:logout"), follow=True)

        assert response.redirect_chain[-1][0] == LOGIN_URL
        assert not response.context["user"].is_authenticated
        assert "Cerraste tu sesión." in response.content.decode()

    def test_repeated_failures_lock_the_login_with_a_spanish_message(
        self, client, seller_user, password, settings
    ):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(LOGIN_URL, {"username": seller_user.email, "password": "wrong"})

        response = client.post(LOGIN_URL, {"username": seller_user.email, "password": password})

        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "Demasiados intentos fallidos" in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated

    def test_repeated_failures_lock_the_admin_login_too(self, client, agent, password, settings):
        admin_login = reverse("admin:login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(admin_login, {"username": agent.email, "password": "wrong"})

        response = client.post(admin_login, {"username": agent.email, "password": password})

        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "Demasiados intentos fallidos" in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated
        assert client.get(reverse("admin:index"))["Location"].startswith(admin_login)

    def test_a_lockout_on_one_login_page_holds_on_the_other(
        self, client, agent, password, settings
    ):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(LOGIN_URL, {"username": agent.email, "password": "wrong"})

        response = client.post(
            reverse("admin:login"), {"username": agent.email, "password": password}
        )

        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert not response.wsgi_request.user.is_authenticated


SELLER_DEACTIVATED = (
    "La cuenta de seller «Tienda Uno» está desactivada, así que sus usuarios no pueden "
    "ingresar. Si crees que es un error, contacta al marketplace."
)


def deactivate(seller):
    Seller.objects.filter(pk=seller.pk).update(is_active=False)


class TestUsersOfADeactivatedSeller:
    def test_cannot_log_in_and_are_told_why(self, client, seller_user, password):
        deactivate(seller_user.seller)

        response = client.post(
            LOGIN_URL, {"username": seller_user.email, "password": password}, follow=True
        )

        assert response.status_code == HTTPStatus.OK
        assert SELLER_DEACTIVATED in html.unescape(response.content.decode())
        assert not response.wsgi_request.user.is_authenticated
        assert not client.get(reverse("accounts:profile")).wsgi_request.user.is_authenticated

    def test_learn_nothing_about_the_seller_without_the_right_password(self, client, seller_user):
        deactivate(seller_user.seller)

        response = client.post(LOGIN_URL, {"username": seller_user.email, "password": "nope"})

        page = html.unescape(response.content.decode())
        assert "El email o la contraseña no son correctos." in page
        assert "desactivada" not in page

    @pytest.mark.parametrize("url_name", ["home", "accounts:profile", "cases:support_home"])
    def test_already_logged_in_are_logged_out_on_their_next_request(
        self, seller_client, seller_user, url_name
    ):
        url = reverse(url_name)
        assert seller_client.get(url).status_code == HTTPStatus.OK

        deactivate(seller_user.seller)
        response = seller_client.get(url)

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == f"{LOGIN_URL}?next={url}"

    def test_another_sellers_users_and_the_agents_still_log_in(
        self, client, seller_user, other_seller_user, agent, password
    ):
        deactivate(seller_user.seller)

        for user in (other_seller_user, agent):
            client.post(LOGIN_URL, {"username": user.email, "password": password})
            assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
            client.logout()


class TestAnonymousUsers:
    @pytest.mark.parametrize(
        "url_name", ["home", "accounts:profile", "accounts:password_change", "cases:support_home"]
    )
    def test_are_sent_to_the_login_page(self, client, url_name):
        url = reverse(url_name)

        response = client.get(url)

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == f"{LOGIN_URL}?next={url}"


class TestPasswordReset:
    def test_sends_a_spanish_email_with_a_working_link(self, client, seller_user):
        response = client.post(reverse("accounts:password_reset"), {"email": seller_user.email})

        assert response.status_code == HTTPStatus.FOUND
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [seller_user.email]
        assert message.subject == "Restablece tu contraseña del Seller Center"
        link = next(line for line in message.body.splitlines() if "/contrasena/" in line)
        path = link.split("testserver", 1)[1]
        confirm = client.get(path, follow=True)
        assert "Elige una nueva contraseña" in confirm.content.decode()

    def test_an_invalid_email_is_refused_and_kept(self, client, db):
        response = client.post(reverse("accounts:password_reset"), {"email": "ana.tiendauno.cl"})

        page = response.content.decode()
        assert (
            field_error(page, "email") == "Introduzca una dirección de correo electrónico válida."
        )
        assert 'value="ana.tiendauno.cl"' in page
        assert mail.outbox == []

    def test_new_passwords_that_differ_are_refused_and_change_nothing(
        self, client, seller_user, password
    ):
        uid = urlsafe_base64_encode(force_bytes(seller_user.pk))
        link = reverse(
            "accounts:password_reset_confirm",
            args=[uid, default_token_generator.make_token(seller_user)],
        )
        form = client.get(link, follow=True).redirect_chain[-1][0]

        response = client.post(
            form,
            {"new_password1": "otra-clave-segura-2026", "new_password2": "una-clave-larga-2026"},
        )

        page = response.content.decode()
        assert field_error(page, "new_password2") == "Los dos campos de contraseña no coinciden."
        assert "otra-clave-segura-2026" not in page  # passwords are never sent back
        seller_user.refresh_from_db()
        assert seller_user.check_password(password)

    def test_an_unknown_email_reveals_nothing_and_sends_nothing(self, client, db):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "nadie@example.cl"}, follow=True
        )

        assert "Revisa tu email" in response.content.decode()
        assert mail.outbox == []


class TestPasswordChange:
    def test_a_user_changes_the_password_and_can_log_in_with_it(
        self, client, seller_client, seller_user, password
    ):
        new = "otra-clave-segura-2026"
        response = seller_client.post(
            reverse("accounts:password_change"),
            {"old_password": password, "new_password1": new, "new_password2": new},
            follow=True,
        )

        assert "Tu contraseña fue cambiada." in response.content.decode()
        seller_user.refresh_from_db()
        assert seller_user.check_password(new)

    def test_a_wrong_current_password_or_a_mismatch_is_refused_and_changes_nothing(
        self, seller_client, seller_user, password
    ):
        response = seller_client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "nope",
                "new_password1": "otra-clave-segura-2026",
                "new_password2": "una-clave-larga-2026",
            },
        )

        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert field_error(page, "old_password").startswith("Su contraseña antigua es incorrecta.")
        assert field_error(page, "new_password2") == "Los dos campos de contraseña no coinciden."
        assert "otra-clave-segura-2026" not in page  # passwords are never sent back
        seller_user.refresh_from_db()
        assert seller_user.check_password(password)
