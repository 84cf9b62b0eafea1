"""The agents' search in the case list: by case number, by a seller's code or name, and by
words of the subject, description or answers; each answered from an index."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import SellerFactory, UserFactory
from cases.admin.filters import EstimatedCountPaginator
from cases.models import Case
from cases.search import agent_matching
from cases.tests.factories import CaseFieldFactory, CauseFactory, create_case

pytestmark = pytest.mark.django_db


def found(client, text) -> set[int]:
    response = client.get(reverse("admin:cases_case_changelist"), {"q": text})
    assert response.status_code == HTTPStatus.OK
    return {case.pk for case in response.context["cl"].result_list}


@pytest.fixture
def cases(seller_user):
    cause = CauseFactory()
    CaseFieldFactory(cause=cause, key="sku", field_type="sku", required=False)
    andina = UserFactory(
        seller=SellerFactory(code="AND-77", trade_name="Cafetera Andina", legal_name="Andina SpA")
    )
    return {
        "label": create_case(
            seller_user,
            cause=cause,
            subject="La etiqueta de Chilexpress",
            description="Sale en blanco.",
        ),
        "refund": create_case(
            seller_user,
            cause=cause,
            subject="Devolución pendiente",
            description="El comprador devolvió el producto.",
            answers={"sku": "ZAPATO-ROJO-42"},
        ),
        "andina": create_case(
            andina, cause=cause, subject="Pago no recibido", description="Falta octubre."
        ),
    }


class TestTheAgentsSearch:
    def test_by_case_number(self, agent_client, cases):
        assert found(agent_client, str(cases["label"].number)) == {cases["label"].pk}

    def test_by_a_sellers_code_exactly_or_in_part(self, agent_client, cases):
        assert found(agent_client, "and-77") == {cases["andina"].pk}
        assert found(agent_client, "AND-7") == {cases["andina"].pk}

    def test_by_a_piece_of_the_sellers_name(self, agent_client, cases):
        assert found(agent_client, "cafetera and") == {cases["andina"].pk}
        assert found(agent_client, "Andina SpA") == {cases["andina"].pk}

    def test_by_words_of_the_subject_without_accents(self, agent_client, cases):
        assert found(agent_client, "devolucion") == {cases["refund"].pk}
        assert found(agent_client, "etiq chilexpress") == {cases["label"].pk}

    def test_by_words_of_the_answers(self, agent_client, cases):
        assert found(agent_client, "zapato-rojo") == {cases["refund"].pk}

    def test_every_word_must_appear(self, agent_client, cases):
        assert found(agent_client, "etiqueta devolucion") == set()


class TestItsIndexes:
    """Each part of a search can be read from an index (bitmap scans only, here: a small
    test table is otherwise read whole); the bench measures it on a million cases."""

    def plan(self, text) -> str:
        queryset = agent_matching(Case.objects.order_by("-created_at", "-id"), text)[:50]
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    @pytest.mark.parametrize("text", ["etiqueta chilexpress", "cafetera", "12345678", "AND-77"])
    def test_no_search_reads_every_case(self, cases, text):
        plan = self.plan(text)

        assert "Seq Scan on cases_case" not in plan, plan

    def test_words_use_the_documents_index(self, cases):
        assert "case_agent_search_idx" in self.plan("etiqueta chilexpress")

    def test_a_sellers_name_uses_a_seller_index_and_the_words_index(self, cases):
        plan = self.plan("cafetera")

        assert "BitmapOr" in plan, plan
        assert "case_agent_search_idx" in plan
        assert "Bitmap Index Scan on case_seller" in plan


class TestALargeTable:
    """A search's count stops at COUNT_CAP; the whole list of a large table is numbered from
    PostgreSQL's estimate (cases/admin/filters.py)."""

    @pytest.fixture
    def large(self, monkeypatch, seller_user):
        # This table is "large" from 1 row on, and a search's count stops after 3 matches.
        monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_FROM", 1)
        monkeypatch.setattr(EstimatedCountPaginator, "COUNT_CAP", 3)
        cases = [create_case(seller_user, subject=f"Etiqueta {n}") for n in range(5)]
        create_case(seller_user, subject="Pago pendiente")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Case._meta.db_table}")  # its row estimate
        return cases

    def test_a_search_with_more_matches_says_more_than_the_cap(self, agent_client, large):
        response = agent_client.get(reverse("admin:cases_case_changelist"), {"q": "etiqueta"})

        page = response.content.decode()
        assert response.context["cl"].result_count == 4  # counted up to 3 + 1
        assert "más de 3 resultados" in page
        assert "Más de 3 casos coinciden" in page

    def test_a_search_under_the_cap_is_counted_exactly(self, agent_client, large):
        response = agent_client.get(reverse("admin:cases_case_changelist"), {"q": "pago"})

        page = response.content.decode()
        assert response.context["cl"].result_count == 1
        assert "1 resultado" in page and "coinciden" not in page

    def test_the_whole_list_is_numbered_from_the_estimate(self, agent_client, large):
        response = agent_client.get(reverse("admin:cases_case_changelist"))

        assert response.context["cl"].result_count == Case.objects.count() == 6
        assert "coinciden" not in response.content.decode()

    def test_each_page_of_a_search_shows_its_cases_in_the_lists_order(
        self, agent_client, large, monkeypatch
    ):
        # The pages come from the ids the count read: every match once, newest first,
        # also on the last page of a capped list.
        from cases.admin.case import CaseAdmin

        monkeypatch.setattr(CaseAdmin, "list_per_page", 2)
        url = reverse("admin:cases_case_changelist")
        expected = list(
            agent_matching(Case.objects.all(), "etiqueta")
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
        )[:4]  # counted up to 3 + 1: two pages of two

        shown = []
        for page in (1, 2):
            response = agent_client.get(url, {"q": "etiqueta", "p": page})
            shown += [case.pk for case in response.context["cl"].result_list]

        assert shown == expected
