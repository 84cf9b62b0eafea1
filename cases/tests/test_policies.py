import itertools

import pytest
from django.core.exceptions import ValidationError

from cases.policies import can_transition, check_transition
from cases.status import CLOSED_STATUSES, OPEN_STATUSES, CaseStatus

S = CaseStatus

ALLOWED = {
    (S.OPEN, S.IN_PROGRESS),
    (S.OPEN, S.WAITING_ON_SELLER),
    (S.OPEN, S.RESOLVED),
    (S.IN_PROGRESS, S.WAITING_ON_SELLER),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.WAITING_ON_SELLER, S.IN_PROGRESS),
    (S.WAITING_ON_SELLER, S.RESOLVED),
    (S.RESOLVED, S.CLOSED),
    (S.RESOLVED, S.REOPENED),
    (S.REOPENED, S.IN_PROGRESS),
    (S.REOPENED, S.WAITING_ON_SELLER),
    (S.REOPENED, S.RESOLVED),
}
ALL_PAIRS = set(itertools.product(S.values, repeat=2))


class TestTransitions:
    @pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
    def test_each_allowed_move_is_allowed(self, from_status, to_status):
        assert can_transition(from_status, to_status)
        check_transition(from_status, to_status)

    @pytest.mark.parametrize(("from_status", "to_status"), sorted(ALL_PAIRS - ALLOWED))
    def test_every_other_move_is_refused_with_a_clear_error(self, from_status, to_status):
        assert not can_transition(from_status, to_status)
        with pytest.raises(ValidationError) as exc:
            check_transition(from_status, to_status)
        assert exc.value.code == "invalid_transition"

    def test_a_closed_case_goes_nowhere(self):
        assert not any(can_transition(S.CLOSED, to) for to in S.values)

    def test_the_error_names_both_statuses_in_spanish(self):
        with pytest.raises(ValidationError) as exc:
            check_transition(S.CLOSED, S.OPEN)
        assert exc.value.messages == ["Un caso no puede pasar de «Cerrado» a «Abierto»."]


class TestTrays:
    def test_open_and_closed_split_every_status(self):
        assert set(S.values) == OPEN_STATUSES | CLOSED_STATUSES
        assert not OPEN_STATUSES & CLOSED_STATUSES

    def test_resolved_cases_count_as_closed_for_the_seller(self):
        assert {S.RESOLVED, S.CLOSED} == CLOSED_STATUSES
