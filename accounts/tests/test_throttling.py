"""Login throttling counts failures per person and per client address (django-axes)."""

from http import HTTPStatus
from importlib import import_module

import pytest
from django.apps import apps
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from accounts.throttling import client_address

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
EMAIL = "kiosko.sur@tiendauno.cl"
# Spellings of EMAIL that the login form accepts and that mean the same person: case,
# surrounding spaces (also the ideographic one), and compatibility characters the email
# validator lets through (Kelvin sign, long s, fullwidth letters in the domain).
SAME_PERSON = [
    EMAIL,
    "KIOSKO.SUR@TIENDAUNO.CL",
    "  Kiosko.Sur@TiendaUno.cl ",
    "kiosko.sur@tiendauno.cl\u3000",
    "\u212aiosko.sur@tiendauno.cl",  # KELVIN SIGN
    "kiosko.\u017fur@tiendauno.cl",  # LATIN SMALL LETTER LONG S
    "kiosko.sur@tiendauno.\uff43\uff4c",  # FULLWIDTH c l
    "kiosko.sur@\uff34iendauno.cl",  # FULLWIDTH T
]
# Valid addresses that only look like EMAIL: another mailbox, never a way in to this one.
LOOKALIKES = [
    "kiosko.sur@t\u0131endauno.cl",  # LATIN SMALL LETTER DOTLESS I
    "KIOSKO.SUR@T\u0130ENDAUNO.CL",  # LATIN CAPITAL LETTER I WITH DOT ABOVE
]
ATTACKER = "198.51.100.66"
VICTIM = "203.0.113.10"
PROXIES = ["10.0.0.2", "10.0.0.3", "10.0.0.4"]


@pytest.fixture
def kiosko(seller):
    return UserFactory(seller=seller, email=EMAIL, full_name="Kiosko Sur")


def log_in(client, username, password, **headers):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **headers)


def signed_in(response) -> bool:
    return response.status_code == HTTPStatus.FOUND and response.wsgi_request.user.is_authenticated


class TestOnePerson:
    @pytest.mark.parametrize("spelling", SAME_PERSON)
    def test_every_spelling_of_the_email_signs_in(self, client, kiosko, password, spelling):
        assert signed_in(log_in(client, spelling, password))

    def test_failures_with_any_spelling_count_against_one_lockout(
        self, client, kiosko, password, settings
    ):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, SAME_PERSON[attempt % len(SAME_PERSON)], "wrong")

        for spelling in SAME_PERSON:
            response = log_in(client, spelling, password)
            assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS, spelling
            assert not response.wsgi_request.user.is_authenticated

    def test_spelling_it_another_way_each_time_gives_no_extra_tries(
        self, client, kiosko, password, settings
    ):
        for spelling in SAME_PERSON[: settings.AXES_FAILURE_LIMIT - 1]:
            log_in(client, spelling, "wrong")

        last_try = log_in(client, SAME_PERSON[-1], "wrong")
        after = log_in(client, EMAIL, password)

        assert last_try.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert after.status_code == HTTPStatus.TOO_MANY_REQUESTS

    @pytest.mark.parametrize("lookalike", LOOKALIKES)
    def test_a_lookalike_address_never_signs_in_as_them(self, client, kiosko, password, lookalike):
        response = log_in(client, lookalike, password)

        assert response.status_code == HTTPStatus.OK
        assert "El email o la contraseña no son correctos." in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated

    def test_the_admin_login_counts_against_the_same_lockout(
        self, client, agent, password, settings
    ):
        spellings = [agent.email.upper(), f" {agent.email} "]
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, spellings[attempt % 2], "wrong")

        response = client.post(
            reverse("admin:login"), {"username": agent.email.title(), "password": password}
        )

        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def through_proxies(count: int, client_ip: str, sent: str | None = None) -> dict:
    """The request headers after `count` proxies (each appends where it got the request
    from to X-Forwarded-For), with `sent` the X-Forwarded-For the client wrote itself."""
    if count == 0:
        return {"REMOTE_ADDR": client_ip, **({"HTTP_X_FORWARDED_FOR": sent} if sent else {})}
    hops = [client_ip, *PROXIES[: count - 1]]
    chain = ", ".join([sent, *hops] if sent is not None else hops)
    return {"REMOTE_ADDR": PROXIES[count - 1], "HTTP_X_FORWARDED_FOR": chain}


# What an attacker writes into X-Forwarded-For to pass as the victim.
SPOOFS = [
    VICTIM,
    f"{VICTIM},",
    f"{VICTIM}, {VICTIM}",
    f'{VICTIM}, "x',
    f'for="{VICTIM}',
    f"{VICTIM}, unknown",
    "",
]


class TestClientAddress:
    @pytest.mark.parametrize("proxies", [1, 2, 3])
    def test_behind_the_proxies_an_attacker_locks_only_themself_out(
        self, client, kiosko, password, settings, proxies
    ):
        settings.TRUSTED_PROXY_COUNT = proxies
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, EMAIL, "wrong", **through_proxies(proxies, ATTACKER))

        attacker = log_in(client, EMAIL, password, **through_proxies(proxies, ATTACKER))
        victim = log_in(client, EMAIL, password, **through_proxies(proxies, VICTIM))

        assert attacker.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert signed_in(victim)

    @pytest.mark.parametrize("proxies", [1, 2])
    @pytest.mark.parametrize("spoof", SPOOFS)
    def test_a_forged_forwarded_header_cannot_pick_another_clients_count(
        self, client, kiosko, password, settings, proxies, spoof
    ):
        settings.TRUSTED_PROXY_COUNT = proxies
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, EMAIL, "wrong", **through_proxies(proxies, ATTACKER, sent=spoof))

        attacker = log_in(client, EMAIL, password, **through_proxies(proxies, ATTACKER))
        victim = log_in(client, EMAIL, password, **through_proxies(proxies, VICTIM))

        assert attacker.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert signed_in(victim)

    @pytest.mark.parametrize("spoof", [s for s in SPOOFS if s])
    def test_without_proxies_the_forwarded_header_is_ignored(
        self, client, kiosko, password, settings, spoof
    ):
        settings.TRUSTED_PROXY_COUNT = 0
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, EMAIL, "wrong", **through_proxies(0, ATTACKER, sent=spoof))

        attacker = log_in(client, EMAIL, password, **through_proxies(0, ATTACKER))
        victim = log_in(client, EMAIL, password, **through_proxies(0, VICTIM, sent=ATTACKER))

        assert attacker.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert signed_in(victim)

    @pytest.mark.parametrize(
        ("proxies", "headers", "address"),
        [
            (1, {"HTTP_X_FORWARDED_FOR": "2001:db8::7"}, "2001:db8::7"),
            (1, {"HTTP_X_FORWARDED_FOR": " 203.0.113.10 "}, "203.0.113.10"),
            # Not through the proxies (a health check, a misrouted request): the peer.
            (1, {}, "10.0.0.9"),
            (2, {"HTTP_X_FORWARDED_FOR": "10.0.0.2"}, "10.0.0.9"),
            (1, {"HTTP_X_FORWARDED_FOR": "203.0.113.10, not-an-address"}, "10.0.0.9"),
        ],
    )
    def test_odd_forwarded_headers_give_a_real_address(self, settings, proxies, headers, address):
        settings.TRUSTED_PROXY_COUNT = proxies
        request = RequestFactory().post(LOGIN_URL, REMOTE_ADDR="10.0.0.9", **headers)

        assert client_address(request) == address


class TestStoredEmails:
    def test_are_kept_in_the_spelling_login_matches(self, seller):
        created = UserFactory.build(seller=seller, email=" Kiosko.Sur@TIENDAUNO.ｃｌ ")
        created.clean()

        assert created.email == EMAIL

    def test_stored_in_another_spelling_before_are_normalised_by_the_migration(
        self, client, kiosko, password
    ):
        migration = import_module("accounts.migrations.0002_normalize_emails")
        User.objects.filter(pk=kiosko.pk).update(email="Kiosko.Sur@TiendaUno.CL")

        migration.normalize_stored_emails(apps, schema_editor=None)

        assert User.objects.get(pk=kiosko.pk).email == EMAIL
        assert signed_in(log_in(client, "KIOSKO.sur@tiendauno.cl", password))
