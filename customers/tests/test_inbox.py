"""Atención al cliente's home and lists: the indicators equal the lists, the filters, the
order by time left, the same few queries whatever the number of requests."""

import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.inbox import LISTS
from customers.models import CustomerRequest, SellerRequestCount
from customers.search import matching
from customers.selectors import kept_counts
from customers.services import request_answer, request_close, request_counts_rebuild

from .factories import make_integration, receive

pytestmark = pytest.mark.django_db

HOME = reverse("customers:home")
# Wednesday 25 November 2026, 10:30 in Santiago (UTC-3).
WEDNESDAY_MORNING = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)


def list_url(slug: str, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("customers:list", args=[slug]) + (f"?{query}" if query else "")


def count_on(page: str, slug: str) -> int:
    return int(re.search(rf'data-testid="count-{slug}">(\d+)<', page).group(1))


def listed(page: str) -> list[str]:
    """The buyers of the requests in the list's table, in order."""
    table = page.split('data-testid="request-table"')[1].split("</table>")[0]
    return re.findall(r'<a class="fw-semibold" href="[^"]+">([^<]+)</a>', table)


@pytest.fixture
def inbox(seller, seller_user, other_seller):
    """Seller A's requests in every state, at Wednesday 10:30; and one of seller B's."""
    with time_machine.travel(WEDNESDAY_MORNING - timedelta(days=3), tick=False):
        integration, _token = make_integration(seller, other_seller)
        late = receive(integration, seller, kind="post_sale", buyer_name="Vencida Pérez")
    with time_machine.travel(WEDNESDAY_MORNING - timedelta(hours=3), tick=False):
        today = receive(integration, seller, kind="post_sale", buyer_name="Hoy Soto")
        question = receive(integration, seller, kind="question", buyer_name="Pregunta Rojas")
        claim = receive(integration, seller, kind="claim", buyer_name="Reclamo Díaz")
        answered = receive(integration, seller, buyer_name="Respondida Vera")
        closed = receive(integration, seller, buyer_name="Cerrada Muñoz")
        receive(integration, other_seller, buyer_name="De Otra Tienda")
    with time_machine.travel(WEDNESDAY_MORNING - timedelta(hours=1), tick=False):
        request_answer(request=answered, author=seller_user, body="Listo.")
        request_close(request=closed, actor=seller_user)
    return {
        "late": late,
        "today": today,
        "question": question,
        "claim": claim,
        "answered": answered,
        "closed": closed,
    }


@pytest.fixture
def at_wednesday():
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        yield


class TestHome:
    def test_each_indicator_counts_what_its_list_shows(self, seller_client, inbox, at_wednesday):
        home = seller_client.get(HOME).content.decode()

        expected = {
            "sin-responder": {"Vencida Pérez", "Hoy Soto", "Pregunta Rojas", "Reclamo Díaz"},
            "vencen-hoy": {"Vencida Pérez", "Hoy Soto"},
            "respondidas": {"Respondida Vera"},
            "todas": {
                "Vencida Pérez",
                "Hoy Soto",
                "Pregunta Rojas",
                "Reclamo Díaz",
                "Respondida Vera",
                "Cerrada Muñoz",
            },
        }
        for request_list in LISTS:
            page = seller_client.get(list_url(request_list.slug)).content.decode()
            assert set(listed(page)) == expected[request_list.slug], request_list.slug
            assert count_on(home, request_list.slug) == len(expected[request_list.slug])
            tab = re.search(rf'data-testid="tab-count-{request_list.slug}">(\d+)<', page)
            assert int(tab.group(1)) == len(expected[request_list.slug])

    def test_shows_the_tab_the_labels_and_the_most_urgent_first(
        self, seller_client, inbox, at_wednesday
    ):
        page = seller_client.get(HOME).content.decode()

        for label in (
            "Atención al cliente",
            "Solicitudes sin responder",
            "Vencen hoy",
            "Respondidas",
            "Todas las solicitudes",
            "Respuestas guardadas",
            "Tu nivel de atención",
            'data-testid="overdue">Vencida<',
            "Vence en ",
        ):
            assert label in page, label
        urgent = page.split('data-testid="urgent"')[1]
        assert urgent.index("Vencida Pérez") < urgent.index("Hoy Soto")
        assert "De Otra Tienda" not in page

    def test_the_support_center_and_my_account_lead_here(self, seller_client):
        support = seller_client.get(reverse("cases:support_home")).content.decode()
        profile = seller_client.get(reverse("accounts:profile")).content.decode()

        assert f'href="{HOME}"' in support and "Atención al cliente" in support
        assert profile.count(f'href="{HOME}"') >= 2  # the menu and the page's own links

    def test_an_agent_is_sent_to_the_admin(self, agent_client):
        assert agent_client.get(HOME).status_code == HTTPStatus.FORBIDDEN


class TestLists:
    def test_are_sorted_by_time_left_then_the_latest_message(
        self, seller_client, inbox, at_wednesday
    ):
        page = seller_client.get(list_url("todas")).content.decode()

        assert listed(page)[:4] == ["Vencida Pérez", "Hoy Soto", "Pregunta Rojas", "Reclamo Díaz"]
        assert set(listed(page)[4:]) == {"Respondida Vera", "Cerrada Muñoz"}

    @pytest.mark.parametrize(
        ("params", "buyers"),
        [
            ({"kind": "claim"}, {"Reclamo Díaz"}),
            ({"status": "closed"}, {"Cerrada Muñoz"}),
            ({"q": "reclamo"}, {"Reclamo Díaz"}),
            ({"q": "rojas"}, {"Pregunta Rojas"}),
            (
                {"received_from": "2026-11-24"},
                {"Hoy Soto", "Pregunta Rojas", "Reclamo Díaz", "Respondida Vera", "Cerrada Muñoz"},
            ),
            ({"received_to": "2026-11-22"}, {"Vencida Pérez"}),
        ],
    )
    def test_filters_narrow_the_list(self, seller_client, inbox, at_wednesday, params, buyers):
        page = seller_client.get(list_url("todas", **params)).content.decode()

        assert set(listed(page)) == buyers
        assert f"{len(buyers)} solicitud" in page

    def test_a_word_is_looked_up_among_the_sellers_own_requests(
        self, seller_client, seller, other_seller, at_wednesday
    ):
        integration, _token = make_integration(seller, other_seller)
        mine = receive(integration, seller, body="¿La cafetera trae filtro?")
        theirs = receive(integration, other_seller, body="Mi cafetera llegó rota")

        page = seller_client.get(list_url("todas", q="cafeteras")).content.decode()
        # A request moved to the other seller has its words under that seller's id.
        CustomerRequest.objects.filter(pk=mine.pk).update(seller=other_seller)
        moved = matching(
            CustomerRequest.objects.filter(seller=other_seller),
            "cafetera",
            seller_id=other_seller.pk,
        )

        assert listed(page) == [mine.buyer_name]
        assert set(moved) == {mine, theirs}
        assert not matching(CustomerRequest.objects.all(), "cafetera", seller_id=seller.pk)

    def test_filter_by_order_number(self, seller_client, inbox, at_wednesday):
        order = inbox["claim"].order_number

        page = seller_client.get(list_url("todas", order_number=order)).content.decode()

        assert listed(page) == ["Reclamo Díaz"]

    def test_a_wrong_filter_is_reported_and_the_list_still_shows(
        self, seller_client, inbox, at_wednesday
    ):
        page = seller_client.get(list_url("todas", kind="nada")).content.decode()

        assert "Elige una de las opciones de la lista." in page
        assert len(listed(page)) == 6

    def test_an_empty_list_says_so(self, seller_client):
        page = seller_client.get(list_url("respondidas")).content.decode()

        assert "Aún no has respondido solicitudes." in page


class TestSearchCount:
    def test_a_search_counts_only_the_sellers_own_matches(
        self, seller_client, seller, other_seller, at_wednesday
    ):
        integration, _token = make_integration(seller, other_seller)
        receive(integration, seller, body="¿La tetera es eléctrica?")
        for _ in range(2):
            receive(integration, other_seller, body="Mi tetera llegó rota")

        page = seller_client.get(list_url("todas", q="tetera")).content.decode()

        assert re.search(r'data-testid="result-count">\s*1 solicitud\s*<', page)

    def test_a_search_past_the_cap_says_more_and_offers_the_first_pages(
        self, seller_client, seller, at_wednesday, settings
    ):
        settings.CUSTOMER_SEARCH_COUNT_CAP = 3
        integration, _token = make_integration(seller)
        for n in range(4):
            receive(integration, seller, buyer_name=f"Comprador {n}", body="Cafetera rota")
        receive(integration, seller, body="Una tetera")

        capped = seller_client.get(list_url("todas", q="cafetera")).content.decode()
        narrow = seller_client.get(list_url("todas", q="tetera")).content.decode()

        assert "Más de 3 solicitudes coinciden" in capped
        assert "Acota la búsqueda o los filtros para ver el resto." in capped
        assert len(listed(capped)) == 3
        assert "Más de" not in narrow
        assert re.search(r'data-testid="result-count">\s*1 solicitud\s*<', narrow)

    def test_the_count_is_kept_until_a_request_arrives_or_changes_status(
        self, seller_client, seller, seller_user, at_wednesday
    ):
        integration, _token = make_integration(seller)
        first = receive(integration, seller, body="¿La cafetera trae filtro?")
        receive(integration, seller, body="Mi cafetera no enciende")

        def count_shown(slug: str) -> tuple[str, list[str]]:
            with CaptureQueriesContext(connection) as captured:
                page = seller_client.get(list_url(slug, q="cafetera")).content.decode()
            shown = re.search(r'data-testid="result-count">\s*([^<]+?)\s*<', page).group(1)
            return shown, [q["sql"] for q in captured.captured_queries]

        shown, _ = count_shown("sin-responder")
        again, queries = count_shown("sin-responder")
        receive(integration, seller, body="Cafetera de regalo")
        after_new, _ = count_shown("sin-responder")
        request_answer(request=first, author=seller_user, body="Sí, trae filtro.")
        after_answer, _ = count_shown("sin-responder")

        assert shown == again == "2 solicitudes"
        assert not any("COUNT(*) FROM (SELECT" in sql for sql in queries)  # kept, not counted
        assert after_new == "3 solicitudes"
        assert after_answer == "2 solicitudes"

    @pytest.mark.parametrize("slug", ["todas", "sin-responder", "respondidas"])
    def test_a_short_list_checks_each_requests_words_and_finds_what_the_index_finds(
        self, seller_client, seller, seller_user, other_seller, at_wednesday, settings, slug
    ):
        integration, _token = make_integration(seller, other_seller)
        for n, body in enumerate(["Cafetera rota", "¿Y la tetera?", "Cafeteras en oferta"]):
            request = receive(integration, seller, buyer_name=f"Comprador {n}", body=body)
        receive(integration, other_seller, buyer_name="De Otra Tienda", body="Cafetera")
        request_answer(request=request, author=seller_user, body="Sí.")

        def search() -> tuple[list[str], str, bool]:
            cache.clear()  # counted each time, not kept
            with CaptureQueriesContext(connection) as captured:
                page = seller_client.get(list_url(slug, q="cafetera")).content.decode()
            shown = re.search(r'data-testid="result-count">\s*([^<]+?)\s*<', page)
            checked = any("COALESCE" in q["sql"] for q in captured.captured_queries)
            return listed(page), shown.group(1) if shown else "", checked

        settings.CUSTOMER_SEARCH_ROW_BY_ROW_UP_TO = 0  # the words' index
        *indexed, checked_before = search()
        settings.CUSTOMER_SEARCH_ROW_BY_ROW_UP_TO = 5000  # each request checked
        *row_by_row, checked_after = search()

        assert (checked_before, checked_after) == (False, True)
        assert row_by_row == indexed
        assert "De Otra Tienda" not in row_by_row[0]
        assert len(row_by_row[0]) == {"todas": 2, "sin-responder": 1, "respondidas": 1}[slug]

    def test_the_kept_counts_version_grows_with_every_change_also_after_a_rebuild(
        self, seller, seller_user
    ):
        integration, _token = make_integration(seller)
        versions = [kept_counts(seller=seller).version]
        request = receive(integration, seller)
        versions.append(kept_counts(seller=seller).version)
        request_answer(request=request, author=seller_user, body="Listo.")
        versions.append(kept_counts(seller=seller).version)
        request_counts_rebuild(seller_ids=[seller.pk])
        versions.append(kept_counts(seller=seller).version)

        assert versions == sorted(set(versions))
        assert kept_counts(seller=seller).by_status["answered"] == 1

    def test_a_seller_counted_for_the_first_time_by_a_rebuild_gets_a_new_version(self, seller):
        integration, _token = make_integration(seller)
        receive(integration, seller)
        SellerRequestCount.objects.filter(seller=seller).delete()  # as after a bulk load
        before = kept_counts(seller=seller).version

        request_counts_rebuild(seller_ids=[seller.pk])

        assert kept_counts(seller=seller).version > before == 0
        assert kept_counts(seller=seller).by_status["awaiting"] == 1


class TestQueries:
    @pytest.mark.parametrize("path", [HOME, *[list_url(rl.slug) for rl in LISTS]])
    def test_every_page_runs_at_most_8_queries_whatever_the_number_of_requests(
        self, seller_client, seller, path, django_assert_max_num_queries
    ):
        integration, _token = make_integration(seller)
        for _ in range(3):
            receive(integration, seller)
        with django_assert_max_num_queries(8):
            few = seller_client.get(path)
        for _ in range(30):
            receive(integration, seller, kind="claim")

        with django_assert_max_num_queries(8) as captured:
            many = seller_client.get(path)

        assert few.status_code == many.status_code == HTTPStatus.OK
        assert len(captured.captured_queries) <= 8

    def test_a_request_page_runs_at_most_8_queries(
        self, seller_client, seller, seller_user, django_assert_max_num_queries
    ):
        integration, _token = make_integration(seller)
        request = receive(integration, seller)
        for n in range(10):
            request_answer(request=request, author=seller_user, body=f"Respuesta {n}")

        with django_assert_max_num_queries(8):
            response = seller_client.get(request.get_absolute_url())

        assert response.status_code == HTTPStatus.OK
        assert CustomerRequest.objects.get().messages.count() == 11


class TestSupportTrays:
    def test_never_show_customer_requests(self, seller_client, inbox, at_wednesday):
        support = seller_client.get(reverse("cases:support_home")).content.decode()
        tray = seller_client.get(reverse("cases:tray", args=["todos"])).content.decode()

        assert re.search(r'data-testid="count-todos">0<', support)
        for buyer in ("Vencida Pérez", "Hoy Soto", "Reclamo Díaz"):
            assert buyer not in support and buyer not in tray
