"""Concurrent changes to one case wait their turn: every service that changes a case locks
its row first, in its transaction."""

from ..models import Case


def lock_case(case: Case) -> Case:
    """The case row, locked for this transaction: concurrent changes wait their turn."""
    return Case.objects.select_for_update().get(pk=case.pk)
