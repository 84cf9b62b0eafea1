"""Who must act next on a case, set by the services with each change (never by a page):
every transition, and the seller's message that answers the open request."""

import pytest
from django.urls import reverse

from cases.models import PendingTask, TaskStatus
from cases.services.cases import case_assign, case_change_status
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_answer, task_cancel, task_open
from cases.services.resolve import case_resolve
from cases.services.seller_messages import seller_message_add
from cases.status import CaseStatus, WaitingOn
from cases.tests.factories import case_in_status, create_case, upload

pytestmark = pytest.mark.django_db
S, W = CaseStatus, WaitingOn


def waiting_on(case) -> str:
    case.refresh_from_db()
    return case.waiting_on


class TestEveryTransition:
    def test_a_new_case_waits_on_support(self, seller_user):
        case = create_case(seller_user)

        assert waiting_on(case) == W.SUPPORT
        assert case.last_activity_by == seller_user

    def test_an_agents_public_reply_hands_it_to_the_seller(self, seller_user, agent):
        case = create_case(seller_user)

        comment_add(case=case, author=agent, body="¿Puedes revisar de nuevo?")

        assert waiting_on(case) == W.SELLER
        assert case.status == S.IN_PROGRESS
        assert case.response_due_at is None  # the clock waits for the seller
        assert case.last_activity_by == agent

    def test_an_internal_note_changes_nothing(self, seller_user, agent):
        case = create_case(seller_user)

        comment_add(case=case, author=agent, body="Revisar con finanzas", internal=True)

        assert waiting_on(case) == W.SUPPORT
        assert case.last_activity_by == seller_user

    def test_assigning_changes_nothing(self, seller_user, agent):
        case = create_case(seller_user)

        case_assign(case=case, assignee=agent, actor=agent)

        assert waiting_on(case) == W.SUPPORT

    def test_a_request_for_information_waits_on_the_seller(self, seller_user, agent):
        case = create_case(seller_user)

        task_open(case=case, requested_by=agent, request_text="Envía la boleta.")

        assert waiting_on(case) == W.SELLER

    def test_an_answered_request_puts_it_in_front_of_support(self, seller_user, agent):
        case = case_in_status(seller_user, agent, S.WAITING_ON_SELLER)

        task_answer(task=case.tasks.get(), answered_by=seller_user, answer_text="Adjunta.")

        assert waiting_on(case) == W.SUPPORT
        assert case.last_activity_by == seller_user

    def test_a_cancelled_request_gives_it_back_to_support(self, seller_user, agent):
        case = case_in_status(seller_user, agent, S.WAITING_ON_SELLER)

        task_cancel(task=case.tasks.get(), cancelled_by=agent)

        assert waiting_on(case) == W.SUPPORT

    def test_a_sellers_message_on_a_case_in_progress_puts_it_in_front_of_support(
        self, seller_user, agent
    ):
        case = create_case(seller_user)
        comment_add(case=case, author=agent, body="¿Puedes revisar de nuevo?")

        seller_message_add(case=case, author=seller_user, body="Ya revisé, sigue igual.")

        assert waiting_on(case) == W.SUPPORT
        assert case.status == S.IN_PROGRESS
        assert case.response_due_at is not None

    def test_resolved_and_closed_wait_on_nobody(self, seller_user, agent):
        case = create_case(seller_user)

        case_resolve(case=case, actor=agent, message="Listo.")
        assert waiting_on(case) == W.NOBODY
        case_change_status(case=case, to_status=S.CLOSED, actor=seller_user)
        assert waiting_on(case) == W.NOBODY

    def test_a_reopened_case_is_in_front_of_support(self, seller_user, agent):
        case = case_in_status(seller_user, agent, S.RESOLVED)

        case_change_status(case=case, to_status=S.REOPENED, actor=seller_user, reason="Sigue")

        assert waiting_on(case) == W.SUPPORT
        assert case.last_activity_by == seller_user


class TestTheSellersMessageAnswersTheOpenRequest:
    def test_its_words_answer_the_request_and_the_case_goes_back_to_support(
        self, seller_user, agent
    ):
        case = case_in_status(seller_user, agent, S.WAITING_ON_SELLER)

        written = seller_message_add(case=case, author=seller_user, body="Adjunto la boleta.")

        task = case.tasks.get()
        assert written == task
        assert (task.status, task.answer_text) == (TaskStatus.ANSWERED, "Adjunto la boleta.")
        assert not case.comments.exists()
        case.refresh_from_db()
        assert (case.status, case.waiting_on) == (S.IN_PROGRESS, W.SUPPORT)

    def test_files_alone_are_an_answer(self, seller_user, agent):
        case = case_in_status(seller_user, agent, S.WAITING_ON_SELLER)

        seller_message_add(
            case=case, author=seller_user, body="", attachments=[upload("boleta.pdf")]
        )

        task = PendingTask.objects.get(case=case)
        assert task.status == TaskStatus.ANSWERED
        assert [a.original_name for a in task.attachments.all()] == ["boleta.pdf"]

    def test_from_the_case_pages_message_box(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.WAITING_ON_SELLER)
        page = seller_client.get(case.get_absolute_url()).content.decode()

        response = seller_client.post(
            reverse("cases:comment", args=[case.number]), {"body": "Adjunto la boleta."}
        )

        # One reply box while a request is open: the request's own.
        assert 'action="' + reverse("cases:comment", args=[case.number]) not in page
        assert "responde la solicitud" in page.lower() or "solicitud de información" in page
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS
        assert case.tasks.get().answer_text == "Adjunto la boleta."
