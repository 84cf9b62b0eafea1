from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import EventKind, TaskStatus
from cases.services.cases import case_change_status
from cases.services.pending_tasks import task_answer, task_cancel, task_open
from cases.status import CaseStatus
from cases.tests.factories import (
    create_case,
    upload,
)
from cases.tests.services.helpers import kinds

pytestmark = pytest.mark.django_db
S = CaseStatus


class TestPendingTasks:
    def test_opening_a_task_makes_the_case_wait_on_the_seller(self, seller_user, agent):
        case = create_case(seller_user)

        task = task_open(
            case=case,
            requested_by=agent,
            request_text="Adjunta la guía",
            due_date=timezone.localdate(),
        )

        case.refresh_from_db()
        assert case.status == S.WAITING_ON_SELLER
        assert case.has_open_tasks
        assert case.first_response_at is not None
        assert task.status == TaskStatus.OPEN
        assert kinds(case) == [EventKind.CREATED, EventKind.TASK_OPENED, EventKind.STATUS_CHANGED]

    def test_answering_the_last_open_task_hands_the_case_back_to_support(
        self, seller_user, seller_colleague, agent
    ):
        case = create_case(seller_user)
        first = task_open(case=case, requested_by=agent, request_text="La guía")
        second = task_open(case=case, requested_by=agent, request_text="La boleta")

        task_answer(task=first, answered_by=seller_user, answer_text="Adjunto la guía")
        case.refresh_from_db()
        assert case.status == S.WAITING_ON_SELLER

        task_answer(
            task=second,
            answered_by=seller_colleague,
            answer_text="Adjunto la boleta",
            attachments=[upload("boleta.pdf")],
        )
        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS
        assert not case.has_open_tasks
        second.refresh_from_db()
        assert second.answered_by == seller_colleague
        assert second.attachments.get().original_name == "boleta.pdf"

    def test_a_task_is_answered_once(self, seller_user, agent):
        task = task_open(case=create_case(seller_user), requested_by=agent, request_text="x")
        task_answer(task=task, answered_by=seller_user, answer_text="listo")

        with pytest.raises(ValidationError) as exc:
            task_answer(task=task, answered_by=seller_user, answer_text="otra vez")

        assert exc.value.code == "task_not_open"

    def test_another_seller_cannot_answer(self, seller_user, other_seller_user, agent):
        task = task_open(case=create_case(seller_user), requested_by=agent, request_text="x")

        with pytest.raises(PermissionDenied):
            task_answer(task=task, answered_by=other_seller_user, answer_text="hola")

    def test_an_empty_answer_is_refused(self, seller_user, agent):
        task = task_open(case=create_case(seller_user), requested_by=agent, request_text="x")

        with pytest.raises(ValidationError):
            task_answer(task=task, answered_by=seller_user, answer_text="  ")

    def test_cancelling_the_last_task_resumes_the_case(self, seller_user, agent):
        case = create_case(seller_user)
        task = task_open(case=case, requested_by=agent, request_text="x")

        task_cancel(task=task, cancelled_by=agent, reason="Ya no hace falta")

        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS
        assert kinds(case)[-2:] == [EventKind.TASK_CANCELLED, EventKind.STATUS_CHANGED]

    def test_only_agents_open_tasks(self, seller_user):
        with pytest.raises(PermissionDenied):
            task_open(case=create_case(seller_user), requested_by=seller_user, request_text="x")

    def test_no_task_on_a_resolved_case(self, seller_user, agent):
        case = case_change_status(case=create_case(seller_user), to_status=S.RESOLVED, actor=agent)

        with pytest.raises(ValidationError) as exc:
            task_open(case=case, requested_by=agent, request_text="x")

        assert exc.value.code == "case_not_open"

    def test_a_due_date_in_the_past_is_refused(self, seller_user, agent):
        with pytest.raises(ValidationError) as exc:
            task_open(
                case=create_case(seller_user),
                requested_by=agent,
                request_text="x",
                due_date=timezone.localdate() - timedelta(days=1),
            )

        assert exc.value.code == "due_in_past"

    def test_waiting_holds_exactly_while_a_task_is_open(self, seller_user, agent):
        case = create_case(seller_user)
        steps = [
            lambda: task_open(case=case, requested_by=agent, request_text="a"),
            lambda: task_open(case=case, requested_by=agent, request_text="b"),
            lambda: task_answer(
                task=case.tasks.filter(status="open").first(),
                answered_by=seller_user,
                answer_text="r",
            ),
            lambda: task_cancel(task=case.tasks.filter(status="open").first(), cancelled_by=agent),
            lambda: task_open(case=case, requested_by=agent, request_text="c"),
        ]
        for step in steps:
            step()
            case.refresh_from_db()
            assert case.has_open_tasks == case.tasks.filter(status=TaskStatus.OPEN).exists()
