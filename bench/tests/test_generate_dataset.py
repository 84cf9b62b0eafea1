from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Seller, User
from bench.dataset import AGENT_LOGIN, AGENT_PASSWORD, BIG_SELLER_LOGIN, SELLER_PASSWORD
from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseRating,
    Comment,
    PendingTask,
    SellerCaseCount,
    TaskStatus,
)
from cases.numbering import allocate_case_number
from cases.status import CLOSED_STATUSES, OPEN_STATUSES, CaseStatus
from cases.trays import TRAYS

pytestmark = [pytest.mark.django_db, pytest.mark.clock_sensitive]
S = CaseStatus
CASES, SELLERS = 300, 20


def generate(**options) -> str:
    out = StringIO()
    call_command("generate_dataset", cases=CASES, sellers=SELLERS, seed=7, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def dataset():
    return generate()


class TestGenerateDataset:
    def test_fills_every_table_in_realistic_proportions(self, dataset):
        assert Case.objects.count() == CASES
        assert Seller.objects.filter(code__startswith="GEN-").count() == SELLERS
        per_seller = sorted(
            Case.objects.values("seller").annotate(n=Count("pk")).values_list("n", flat=True)
        )
        assert len(per_seller) == SELLERS
        assert per_seller[-1] >= 5 * per_seller[len(per_seller) // 2]  # a few big sellers
        closed = Case.objects.filter(status__in=CLOSED_STATUSES).count()
        assert 0.55 * CASES <= closed <= 0.85 * CASES
        assert set(Case.objects.values_list("status", flat=True)) >= set(OPEN_STATUSES)
        assert CaseEvent.objects.count() >= 5 * CASES
        assert Comment.objects.count() >= CASES / 2
        assert PendingTask.objects.exists() and Attachment.objects.exists()
        assert not CaseRating.objects.exclude(case__status=S.CLOSED).exists()
        assert "Largest seller: GEN-00001" in dataset

    def test_every_row_agrees_with_its_case(self, dataset):
        now = timezone.now()
        cases = Case.objects.all()
        assert not cases.exclude(number__gte=10_000_000, number__lte=99_999_999).exists()
        assert not cases.filter(created_at__lt=now - timedelta(days=2 * 366)).exists()
        assert not cases.filter(updated_at__lt=F("created_at")).exists()
        assert not cases.filter(status=S.RESOLVED, resolved_at__isnull=True).exists()
        assert not cases.filter(status=S.CLOSED, closed_at__isnull=True).exists()
        assert not cases.filter(status__in=OPEN_STATUSES, eta_due_at__isnull=True).exists()
        open_tasks = Count("tasks", filter=Q(tasks__status=TaskStatus.OPEN))
        by_tasks = cases.annotate(open_tasks=open_tasks)
        assert not by_tasks.filter(status=S.WAITING_ON_SELLER).exclude(open_tasks=1).exists()
        assert not by_tasks.exclude(status=S.WAITING_ON_SELLER).exclude(open_tasks=0).exists()
        assert cases.filter(events__kind="created").distinct().count() == CASES
        assert not CaseEvent.objects.filter(created_at__gt=now).exists()
        assert not PendingTask.objects.filter(answered_at__gt=now).exists()

    def test_each_cases_history_replays_to_its_status(self, dataset):
        """Every status change starts where the previous one ended, and the last ends
        where the case stands: the history is one consistent life, on any day."""
        changes: dict[int, list[dict]] = {}
        events = CaseEvent.objects.filter(kind="status_changed").order_by("created_at", "id")
        for case_id, data in events.values_list("case_id", "data"):
            changes.setdefault(case_id, []).append(data)
        for case in Case.objects.only("pk", "status"):
            status = "open"
            for change in changes.get(case.pk, []):
                assert change["from"] == status, (case.pk, changes[case.pk])
                status = change["to"]
            assert status == case.status, (case.pk, changes.get(case.pk))

    def test_new_cases_get_numbers_after_the_generated_ones(self, dataset):
        assert allocate_case_number() > Case.objects.aggregate(m=Max("number"))["m"]

    def test_the_status_counts_are_those_of_the_cases(self, dataset):
        counted = {
            (row["seller_id"], row["status"]): row["n"]
            for row in Case.objects.values("seller_id", "status").annotate(n=Count("pk"))
        }
        kept = {
            (row.seller_id, row.status): row.count
            for row in SellerCaseCount.objects.filter(count__gt=0)
        }
        assert kept == counted

    def test_the_largest_sellers_pages_stay_within_the_query_budget(
        self, dataset, client, django_assert_max_num_queries
    ):
        seller_user = User.objects.get(email=BIG_SELLER_LOGIN)
        assert seller_user.check_password(SELLER_PASSWORD)
        client.force_login(seller_user)
        long_case = int(dataset.split("Long case (hundreds of messages): ")[1].split()[0])
        pages = [reverse("cases:support_home"), reverse("cases:detail", args=[long_case])]
        pages += [reverse("cases:tray", args=[tray.slug]) for tray in TRAYS]
        pages += [f"{reverse('cases:tray', args=['todos'])}?q=etiqueta&page=2"]
        for page in pages:
            with django_assert_max_num_queries(8):
                assert client.get(page).status_code == HTTPStatus.OK
        assert Case.objects.get(number=long_case).comments.count() >= 250

    def test_the_agent_login_reaches_the_admin(self, dataset, client):
        agent = User.objects.get(email=AGENT_LOGIN)
        assert agent.is_staff and agent.check_password(AGENT_PASSWORD)

        client.force_login(agent)
        assert client.get(reverse("admin:cases_case_changelist")).status_code == HTTPStatus.OK


class TestGenerateDatasetRefuses:
    def test_where_demo_data_is_not_allowed(self, settings):
        settings.DEMO_DATA_ALLOWED = False

        with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
            generate()
        assert not Case.objects.exists()

    def test_a_second_dataset_in_the_same_database(self, dataset):
        with pytest.raises(CommandError, match="already holds a generated dataset"):
            generate()


class TestBulkLoadWithIndexesRebuilt:
    def test_the_indexes_and_foreign_keys_are_the_same_after_the_load(self):
        def schema():
            # A partial index's WHERE comes back spelled differently (same meaning).
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT split_part(indexdef, ' WHERE ', 1) FROM pg_indexes "
                    "WHERE tablename LIKE 'cases_%%' UNION ALL "
                    "SELECT conname || pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid::regclass::text LIKE 'cases_%%' ORDER BY 1"
                )
                return [row[0] for row in cursor.fetchall()]

        before = schema()

        call_command(
            "generate_dataset", cases=40, sellers=4, rebuild_indexes=True, stdout=StringIO()
        )

        assert schema() == before
        assert Case.objects.count() == 40
