"""Similar solved cases for the agent's case page (cases.triage.similar)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.services.cases import case_change_status
from cases.services.comments import comment_add
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, case_in_status, create_case
from cases.triage.similar import _ranked_by_shared_words, similar_resolved_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def cause():
    return CauseFactory(name="El courier no retiró")


@pytest.fixture
def solved(seller_user, other_seller_user, agent, cause):
    """Resolved cases of the cause, of two sellers, each with support's answer."""

    def solved(subject, description, *, user=seller_user, answer="", on_cause=None):
        case = create_case(user, cause=on_cause or cause, subject=subject, description=description)
        if answer:
            comment_add(case=case, author=agent, body=answer)
            comment_add(case=case, author=agent, body="Nota interna: era Starken.", internal=True)
        case_change_status(case=case, to_status=CaseStatus.RESOLVED, actor=agent)
        return case

    return solved


class TestSimilarSolvedCases:
    def test_ranks_the_cases_of_the_cause_that_share_the_most_words(
        self, seller_user, other_seller_user, solved, cause
    ):
        best = solved(
            "El courier no pasó a retirar",
            "El courier no pasó a retirar los paquetes de la bodega de Quilicura.",
            user=other_seller_user,
            answer="Reprogramamos el retiro con Starken para mañana en la mañana.",
        )
        second = solved("Retiro no realizado", "No pasaron a retirar los paquetes.")
        solved("Factura con datos incorrectos", "La razón social está mal escrita.")
        solved("El courier no pasó", "Quilicura paquetes", on_cause=CauseFactory())
        open_case = create_case(seller_user, cause=cause, subject="El courier no pasó a retirar")
        case = create_case(
            seller_user,
            cause=cause,
            subject="El courier no vino a retirar",
            description="Los paquetes siguen en la bodega de Quilicura, el courier no pasó.",
        )

        similar = similar_resolved_cases(case=case)

        assert [s.case for s in similar] == [best, second]
        assert open_case not in [s.case for s in similar] and case not in similar
        # Another seller's case, with support's public answer (never the internal note).
        assert similar[0].case.seller == other_seller_user.seller
        assert similar[0].case.resolution_message == (
            "Reprogramamos el retiro con Starken para mañana en la mañana."
        )
        assert similar[1].case.resolution_message == ""
        assert similar[0].score > similar[1].score > 0

    def test_gives_at_most_five(self, seller_user, solved, cause):
        for n in range(7):
            solved(f"Paquetes sin retirar {n}", "El courier no pasó a retirar los paquetes.")
        case = create_case(seller_user, cause=cause, subject="Paquetes sin retirar")

        assert len(similar_resolved_cases(case=case)) == 5

    def test_closed_cases_count_too(self, seller_user, agent, cause):
        closed = case_in_status(
            seller_user, agent, CaseStatus.CLOSED, cause=cause, subject="Paquetes sin retirar"
        )
        case = create_case(seller_user, cause=cause, subject="Paquetes sin retirar otra vez")

        assert [s.case for s in similar_resolved_cases(case=case)] == [closed]

    def test_nothing_in_common_gives_nothing(self, seller_user, solved, cause):
        solved("Paquetes sin retirar", "El courier no pasó.")
        case = create_case(seller_user, cause=cause, subject="Hola", description="???")

        assert similar_resolved_cases(case=case) == []

    def test_is_two_queries_whatever_the_number_of_cases(self, seller_user, solved, cause):
        for n in range(6):
            solved(f"Paquetes sin retirar {n}", "El courier no pasó.", answer=f"Listo {n}")
        case = create_case(seller_user, cause=cause, subject="Paquetes sin retirar")

        with CaptureQueriesContext(connection) as queries:
            similar = similar_resolved_cases(case=case)
            [(s.case.seller.trade_name, s.case.resolution_message) for s in similar]

        assert len(queries) == 2


class TestOffPostgreSQL:
    """The local run (SQLite) ranks the same window by shared words."""

    def test_ranks_by_the_share_of_the_cases_words(self, seller_user, solved, cause):
        best = solved("El courier no pasó a retirar", "Paquetes en bodega Quilicura.")
        second = solved("Retiro pendiente", "El courier nunca llegó.")
        solved("Factura", "Razón social mal escrita.")
        case = create_case(
            seller_user, cause=cause, subject="El courier no pasó", description="Bodega Quilicura"
        )

        ranked = _ranked_by_shared_words(case, 5)

        assert [pk for pk, _ in ranked] == [best.pk, second.pk]
