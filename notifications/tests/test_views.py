import re
from http import HTTPStatus

import pytest
from django.contrib.messages import SUCCESS
from django.urls import reverse
from django.utils.html import escape

from notifications.models import NotificationPreference
from notifications.registry import MANDATORY_NOTE
from notifications.selectors import user_wants

from .factories import HOOKED_KIND, MANDATORY_KIND, OPTIONAL_KIND, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("notifications:preferences")


def checkbox(page: str, name: str) -> str:
    """The <input> tag of the checkbox called `name`."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no checkbox {name!r} on the page"
    return match.group(0)


class TestPreferencesPage:
    def test_is_at_the_documented_address(self):
        assert PREFERENCES == "/cuenta/notificaciones/"

    def test_asks_an_anonymous_visitor_to_log_in(self, client):
        response = client.get(PREFERENCES)

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_shows_one_checkbox_per_kind_with_its_label_and_description(self, seller_client, kinds):
        response = seller_client.get(PREFERENCES)

        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        for kind in (kinds.optional, kinds.mandatory, kinds.hooked):
            assert 'type="checkbox"' in checkbox(page, kind.key)
            assert escape(kind.label) in page
        assert escape(kinds.optional.description) in page

    def test_shows_the_users_current_choices(self, seller_client, seller_user, kinds):
        NotificationPreferenceFactory(user=seller_user, kind=OPTIONAL_KIND, enabled=False)

        page = seller_client.get(PREFERENCES).content.decode()

        assert "checked" not in checkbox(page, OPTIONAL_KIND)
        assert "checked" in checkbox(page, HOOKED_KIND)

    def test_a_mandatory_kind_is_checked_disabled_and_says_why(self, seller_client, kinds):
        page = seller_client.get(PREFERENCES).content.decode()

        tag = checkbox(page, MANDATORY_KIND)
        assert "checked" in tag and "disabled" in tag
        assert escape(str(MANDATORY_NOTE)) in page

    def test_saving_switches_a_kind_off_and_back_on(self, seller_client, seller_user, kinds):
        response = seller_client.post(PREFERENCES, {HOOKED_KIND: "on"}, follow=True)

        assert response.redirect_chain == [(PREFERENCES, HTTPStatus.FOUND)]
        assert [m.level for m in response.context["messages"]] == [SUCCESS]
        assert not user_wants(seller_user, OPTIONAL_KIND)
        assert user_wants(seller_user, HOOKED_KIND)

        seller_client.post(PREFERENCES, {OPTIONAL_KIND: "on"})

        assert user_wants(seller_user, OPTIONAL_KIND)
        assert not user_wants(seller_user, HOOKED_KIND)

    @pytest.mark.parametrize("forged", [{}, {MANDATORY_KIND: ""}, {MANDATORY_KIND: "false"}])
    def test_a_mandatory_kind_stays_on_whatever_the_post_says(
        self, seller_client, seller_user, kinds, forged
    ):
        response = seller_client.post(PREFERENCES, forged)

        assert response.status_code == HTTPStatus.FOUND
        assert user_wants(seller_user, MANDATORY_KIND)
        assert not NotificationPreference.objects.filter(kind=MANDATORY_KIND).exists()

    def test_says_so_when_there_is_nothing_to_choose(self, seller_client, monkeypatch):
        monkeypatch.setattr("notifications.views.all_kinds", list)

        page = seller_client.get(PREFERENCES).content.decode()

        assert 'data-testid="no-kinds"' in page
        assert 'data-testid="preferences-form"' not in page

    def test_agents_have_preferences_too(self, agent_client, kinds):
        assert agent_client.get(PREFERENCES).status_code == HTTPStatus.OK


class TestTheWayThere:
    def test_mi_cuenta_and_its_menu_link_to_the_page(self, seller_client):
        page = seller_client.get(reverse("accounts:profile")).content.decode()

        assert page.count(f'href="{PREFERENCES}"') == 2  # the Mi cuenta menu and the page

    def test_every_page_menu_links_to_it(self, seller_client):
        page = seller_client.get(reverse("cases:support_home")).content.decode()

        assert f'class="dropdown-item" href="{PREFERENCES}"' in page


class TestKindsNoUserChooses:
    def test_are_not_offered_on_the_page(self, kinds, client, seller_user):
        from notifications.registry import EmailKind, register_kind, unregister_kind

        register_kind(
            EmailKind(key="test_to_buyers", label="Copia al comprador", user_choice=False)
        )
        client.force_login(seller_user)
        try:
            page = client.get(reverse("notifications:preferences")).content.decode()
        finally:
            unregister_kind("test_to_buyers")

        assert "Copia al comprador" not in page
        assert "Case updates" in page
