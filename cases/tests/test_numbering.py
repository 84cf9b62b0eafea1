import threading

import pytest
from django.db import connection

from cases.models import Case, CaseEvent, EventKind
from cases.tests.factories import CauseFactory, create_case

THREADS = 20


@pytest.mark.django_db(transaction=True)
class TestCaseNumbers:
    def test_concurrent_creations_get_distinct_numbers(self, seller_user):
        cause = CauseFactory()
        barrier = threading.Barrier(THREADS)
        numbers, errors = [], []

        def file_a_case(n):
            try:
                barrier.wait(timeout=30)
                numbers.append(create_case(seller_user, cause=cause, subject=f"Caso {n}").number)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=file_a_case, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        assert len(numbers) == THREADS
        assert len(set(numbers)) == THREADS
        assert all(10_000_000 <= n <= 99_999_999 for n in numbers)
        assert Case.objects.count() == THREADS
        assert CaseEvent.objects.filter(kind=EventKind.CREATED).count() == THREADS

    def test_a_rolled_back_number_is_never_given_again(self, seller_user):
        from django.db import transaction

        cause = CauseFactory()
        lost = []

        def file_then_fail():
            with transaction.atomic():
                lost.append(create_case(seller_user, cause=cause).number)
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            file_then_fail()
        lost = lost[0]

        assert create_case(seller_user, cause=cause).number > lost
        assert not Case.objects.filter(number=lost).exists()
