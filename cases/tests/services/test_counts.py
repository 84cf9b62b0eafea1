import pytest
from django.db.models import Count

from accounts.tests.factories import SellerFactory, UserFactory
from cases.models import Case, SellerCaseCount
from cases.selectors import cases as case_selectors
from cases.services.cases import case_change_status
from cases.services.counts import case_counts_rebuild
from cases.services.pending_tasks import task_answer, task_open
from cases.status import CaseStatus
from cases.tests.factories import case_in_status, create_case

pytestmark = pytest.mark.django_db
S = CaseStatus


def counted(seller) -> dict[str, int]:
    """The status counts straight from the cases table."""
    by_status = dict.fromkeys(S.values, 0)
    by_status.update(
        Case.objects.filter(seller=seller).values_list("status").annotate(n=Count("pk"))
    )
    return by_status


class TestStatusCounts:
    def test_a_sellers_first_case_starts_its_counts(self, seller_user):
        create_case(seller_user)

        assert case_selectors.status_counts(seller=seller_user.seller) == {
            **dict.fromkeys(S.values, 0),
            S.OPEN: 1,
        }
        assert SellerCaseCount.objects.filter(seller=seller_user.seller).count() == len(S)

    def test_they_follow_every_move_the_services_make(self, seller_user, agent):
        cases = [case_in_status(seller_user, agent, status) for status in S.values]
        task = task_open(case=cases[0], requested_by=agent, request_text="La boleta")
        task_answer(task=task, answered_by=seller_user, answer_text="Adjunta")
        case_change_status(case=cases[1], to_status=S.RESOLVED, actor=agent)

        assert case_selectors.status_counts(seller=seller_user.seller) == counted(
            seller_user.seller
        )

    def test_the_indicators_are_sums_of_them(self, seller_user, agent):
        for status in S.values:
            case_in_status(seller_user, agent, status)

        counts = case_selectors.case_counts(seller=seller_user.seller)

        assert counts == {"pendientes": 1, "abiertos": 4, "cerrados": 2, "todos": 6}

    def test_each_seller_has_its_own(self, seller_user, other_seller_user):
        create_case(seller_user)
        create_case(other_seller_user)
        create_case(other_seller_user)

        assert case_selectors.status_counts(seller=seller_user.seller)[S.OPEN] == 1
        assert case_selectors.status_counts(seller=other_seller_user.seller)[S.OPEN] == 2

    def test_reading_them_is_one_query_whatever_the_number_of_cases(
        self, seller_user, django_assert_num_queries
    ):
        for _ in range(5):
            create_case(seller_user)

        with django_assert_num_queries(1):
            case_selectors.case_counts(seller=seller_user.seller)


class TestRebuild:
    def test_repairs_counts_that_drifted(self, seller_user, agent):
        case = case_in_status(seller_user, agent, S.IN_PROGRESS)
        Case.objects.filter(pk=case.pk).update(status=S.CLOSED)  # behind the services' back

        case_counts_rebuild(seller_ids=[seller_user.seller_id])

        assert case_selectors.status_counts(seller=seller_user.seller) == counted(
            seller_user.seller
        )

    def test_only_touches_the_sellers_asked(self, seller_user, other_seller_user):
        create_case(seller_user)
        create_case(other_seller_user)
        SellerCaseCount.objects.filter(seller=other_seller_user.seller).update(count=9)

        case_counts_rebuild(seller_ids=[seller_user.seller_id])

        assert case_selectors.status_counts(seller=other_seller_user.seller)[S.OPEN] == 9

    def test_without_sellers_recounts_everyone(self, seller_user):
        other = UserFactory(seller=SellerFactory())
        create_case(seller_user)
        create_case(other)
        SellerCaseCount.objects.update(count=0)

        case_counts_rebuild()

        assert case_selectors.status_counts(seller=seller_user.seller)[S.OPEN] == 1
        assert case_selectors.status_counts(seller=other.seller)[S.OPEN] == 1
