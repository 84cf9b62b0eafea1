from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import UserFactory
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, case_in_status, create_case
from cases.trays import TRAYS

pytestmark = pytest.mark.django_db
S = CaseStatus
HOME = reverse("cases:support_home")
TITLES = [
    "Casos con tareas pendientes",
    "Todos los casos abiertos",
    "Casos cerrados",
    "Todos los casos",
]


@pytest.fixture
def one_case_per_status(seller_user, agent):
    return {status: case_in_status(seller_user, agent, status) for status in S.values}


def indicator_counts(response) -> dict[str, int]:
    return {tray.slug: count for tray, count in response.context["indicators"]}


class TestIndicators:
    def test_four_cards_with_exactly_these_titles_each_linking_to_its_list(self, seller_client):
        page = seller_client.get(HOME).content.decode()

        for title, tray in zip(TITLES, TRAYS, strict=True):
            link = f'href="{reverse("cases:tray", args=[tray.slug])}">{title}</a>'
            assert link in page

    def test_counts_split_open_and_closed_as_the_seller_help_page_says(
        self, seller_client, one_case_per_status
    ):
        counts = indicator_counts(seller_client.get(HOME))

        assert counts == {"pendientes": 1, "abiertos": 4, "cerrados": 2, "todos": 6}
        assert counts["abiertos"] + counts["cerrados"] == counts["todos"]

    @pytest.mark.parametrize("tray", TRAYS, ids=lambda t: t.slug)
    def test_each_count_equals_the_length_of_the_list_it_opens(
        self, seller_client, one_case_per_status, tray
    ):
        count = indicator_counts(seller_client.get(HOME))[tray.slug]

        listed = seller_client.get(reverse("cases:tray", args=[tray.slug]))

        assert listed.context["paginator"].count == count

    def test_the_counts_are_shown_on_the_cards(self, seller_client, one_case_per_status):
        page = seller_client.get(HOME).content.decode()

        assert 'data-testid="count-abiertos">4</p>' in page
        assert 'data-testid="count-todos">6</p>' in page

    def test_another_sellers_cases_are_not_counted(self, seller_client, other_seller_user, agent):
        case_in_status(other_seller_user, agent, S.WAITING_ON_SELLER)

        counts = indicator_counts(seller_client.get(HOME))

        assert counts == {"pendientes": 0, "abiertos": 0, "cerrados": 0, "todos": 0}

    def test_a_colleagues_cases_count_for_the_whole_seller(self, seller_client, seller_colleague):
        create_case(seller_colleague)

        assert indicator_counts(seller_client.get(HOME))["todos"] == 1


class TestHomeActions:
    def test_create_case_is_the_prominent_button(self, seller_client):
        page = seller_client.get(HOME).content.decode()

        assert 'data-testid="create-case">CREAR CASO</a>' in page
        assert "btn-lg" in page

    def test_the_cases_that_need_the_seller_come_first_with_a_link_to_answer(
        self, seller_client, seller_user, agent
    ):
        waiting = case_in_status(seller_user, agent, S.WAITING_ON_SELLER, subject="Falta boleta")
        create_case(seller_user, subject="Otra consulta")

        page = seller_client.get(HOME).content.decode()

        assert "Esperan tu respuesta" in page
        assert f'href="{waiting.get_absolute_url()}#tareas">Caso N° {waiting.number}</a>' in page
        assert "Otra consulta" not in page

    def test_without_pending_tasks_it_says_nothing_is_waiting(self, seller_client, seller_user):
        create_case(seller_user)

        page = seller_client.get(HOME).content.decode()

        assert "Nada espera tu respuesta" in page

    def test_the_search_box_looks_in_all_cases(self, seller_client):
        page = seller_client.get(HOME).content.decode()

        assert f'action="{reverse("cases:tray", args=["todos"])}"' in page
        assert escape("Un número de caso, o palabras del asunto o de la descripción.") in page


class TestHomeAccess:
    def test_anonymous_users_are_sent_to_log_in(self, client):
        response = client.get(HOME)

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_support_agents_get_a_403(self, agent_client):
        assert agent_client.get(HOME).status_code == HTTPStatus.FORBIDDEN


class TestHomeQueries:
    def test_a_constant_number_of_queries_for_1_or_50_cases(
        self, seller_client, seller_user, agent, django_assert_max_num_queries
    ):
        cause = CauseFactory()

        def queries():
            with CaptureQueriesContext(connection) as ctx:
                assert seller_client.get(HOME).status_code == HTTPStatus.OK
            return len(ctx)

        case_in_status(seller_user, agent, S.WAITING_ON_SELLER, cause=cause)
        with django_assert_max_num_queries(8):
            seller_client.get(HOME)
        with_one = queries()
        colleague = UserFactory(seller=seller_user.seller)
        for n in range(49):
            user = colleague if n % 2 else seller_user
            status = S.WAITING_ON_SELLER if n % 3 == 0 else S.OPEN
            case_in_status(user, agent, status, cause=cause)

        with django_assert_max_num_queries(8):
            seller_client.get(HOME)
        assert queries() == with_one
