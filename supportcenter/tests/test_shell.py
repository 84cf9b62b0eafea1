from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.html import escape

pytestmark = pytest.mark.django_db

SUPPORT_HOME = reverse("cases:support_home")
SELLER_PAGES = ["home", "accounts:profile", "accounts:password_change", "cases:support_home"]


def help_and_menu_links(page: str) -> tuple[bool, bool]:
    has_help = f'href="{SUPPORT_HOME}" data-testid="help-button">AYUDA</a>' in page
    has_menu_entry = f'href="{SUPPORT_HOME}">Centro de soporte</a>' in page
    return has_help, has_menu_entry


class TestTheShell:
    @pytest.mark.parametrize("url_name", SELLER_PAGES)
    def test_every_seller_page_has_help_and_my_account_support_center(
        self, seller_client, url_name
    ):
        page = seller_client.get(reverse(url_name)).content.decode()

        assert 'id="account-menu"' in page and "Mi cuenta" in page
        assert help_and_menu_links(page) == (True, True)

    def test_the_top_bar_shows_the_brand_and_the_seller_trade_name(self, seller_client, seller):
        page = seller_client.get(reverse("home")).content.decode()

        assert "Seller Center" in page
        assert escape(seller.trade_name) in page

    def test_both_ways_reach_the_support_center(self, seller_client):
        response = seller_client.get(SUPPORT_HOME)

        assert response.status_code == HTTPStatus.OK
        assert "<h1" in response.content.decode()
        assert "Centro de soporte</h1>" in response.content.decode()

    def test_the_page_is_spanish_with_a_skip_link_and_landmarks(self, seller_client):
        page = seller_client.get(reverse("home")).content.decode()

        assert '<html lang="es-cl">' in page
        assert 'href="#main"' in page and "Saltar al contenido" in page
        assert '<main id="main"' in page and "<header" in page and "<nav" in page

    def test_bootstrap_is_served_locally(self, seller_client):
        page = seller_client.get(reverse("home")).content.decode()

        assert "/static/bootstrap/css/bootstrap.min.css" in page
        assert "cdn" not in page.lower()

    def test_the_icon_browsers_ask_for_exists(self, client):
        """Browsers fetch /favicon.ico on every page (the admin's too): no 404 there."""
        icon = client.get("/favicon.ico", follow=True)

        assert icon.status_code == HTTPStatus.OK
        assert icon.redirect_chain[0][0] == "/static/img/favicon.svg"
        assert b"<svg" in b"".join(icon.streaming_content)


class TestWhoReachesWhat:
    def test_staff_reach_the_admin(self, agent_client):
        assert agent_client.get(reverse("admin:index")).status_code == HTTPStatus.OK

    def test_sellers_never_reach_the_admin(self, seller_client):
        response = seller_client.get(reverse("admin:index"))

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("admin:login"))

    def test_an_agent_opening_the_seller_home_is_sent_to_the_admin(self, agent_client):
        response = agent_client.get(reverse("home"))

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("admin:index")

    def test_an_agent_gets_a_403_on_seller_only_pages(self, agent_client):
        response = agent_client.get(SUPPORT_HOME)

        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Esta sección es para los usuarios de un seller" in response.content.decode()
