from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import Attachment, Case, EventKind, TaskStatus
from cases.services.cases import case_assign, case_change_status, case_create, case_set_priority
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_open
from cases.status import CaseStatus
from cases.tests.factories import (
    EXE_BYTES,
    PNG_BYTES,
    CauseFactory,
    create_case,
    upload,
)
from cases.tests.services.helpers import ANSWERS, kinds

pytestmark = pytest.mark.django_db
S = CaseStatus


class TestCaseCreate:
    def test_files_a_case_with_an_8_digit_number_and_the_reason_as_seen(self, seller_user, cause):
        case = create_case(seller_user, cause=cause, answers=ANSWERS)

        assert 10_000_000 <= case.number <= 99_999_999
        assert case.status == S.OPEN
        assert case.seller == seller_user.seller
        assert case.created_by == seller_user
        assert case.cause_name == "Diferencia en liquidación"
        assert case.area_name == cause.area.name
        assert case.record_type_name == cause.area.record_type.name
        assert kinds(case) == [EventKind.CREATED]

    def test_stores_typed_answers_with_the_labels_asked(self, seller_user, cause):
        case = create_case(seller_user, cause=cause, answers=ANSWERS)

        stored = {a["key"]: a for a in case.answers}
        assert stored["order_number"]["value"] == "20261127001"
        assert stored["amount"]["value"] == "15000"  # Chilean pesos have no cents
        assert stored["amount"]["display"] == "$ 15.000"
        assert stored["amount"]["currency"] == "CLP"
        assert stored["period"]["value"] == "2026-10"
        assert stored["period"]["label"] == "Período"
        assert stored["photos"]["value"] is None

    def test_renaming_the_cause_or_a_field_later_never_rewrites_the_case(self, seller_user, cause):
        case = create_case(seller_user, cause=cause, answers=ANSWERS)
        cause.name = "Otro nombre"
        cause.save()
        cause.fields.filter(key="amount").update(label="Monto")

        case.refresh_from_db()
        assert case.cause_name == "Diferencia en liquidación"
        assert {a["key"]: a["label"] for a in case.answers}["amount"] == "Monto en disputa"

    def test_stores_file_answers_as_private_attachments(self, seller_user, cause):
        answers = {**ANSWERS, "photos": [upload("foto.png", PNG_BYTES)]}

        case = create_case(seller_user, cause=cause, answers=answers)

        attachment = Attachment.objects.get(case=case)
        assert attachment.field_key == "photos"
        assert attachment.original_name == "foto.png"
        assert "foto" not in attachment.file.name
        assert {a["key"]: a for a in case.answers}["photos"]["value"] == [str(attachment.pk)]
        assert kinds(case) == [EventKind.CREATED, EventKind.ATTACHMENT_ADDED]

    def test_refuses_a_missing_required_answer_naming_the_field(self, seller_user, cause):
        with pytest.raises(ValidationError) as exc:
            create_case(seller_user, cause=cause, answers={"order_number": "20261127001"})

        assert set(exc.value.message_dict) == {"amount", "period"}
        assert Case.objects.count() == 0

    def test_refuses_a_badly_typed_answer(self, seller_user, cause):
        with pytest.raises(ValidationError) as exc:
            create_case(seller_user, cause=cause, answers={**ANSWERS, "amount": "-5"})

        assert "amount" in exc.value.message_dict

    def test_refuses_answers_the_cause_does_not_ask(self, seller_user, cause):
        with pytest.raises(ValidationError):
            create_case(seller_user, cause=cause, answers={**ANSWERS, "password": "x"})

    def test_refuses_a_disguised_executable(self, seller_user, cause):
        with pytest.raises(ValidationError):
            create_case(
                seller_user,
                cause=cause,
                answers={**ANSWERS, "photos": [upload("foto.pdf", EXE_BYTES)]},
            )

        assert Case.objects.count() == 0
        assert Attachment.objects.count() == 0

    @pytest.mark.parametrize("inactive", ["cause", "area", "record_type"])
    def test_refuses_a_cause_that_is_no_longer_offered(self, seller_user, cause, inactive):
        node = {"cause": cause, "area": cause.area, "record_type": cause.area.record_type}[inactive]
        node.is_active = False
        node.save()

        with pytest.raises(ValidationError) as exc:
            create_case(seller_user, cause=cause, answers=ANSWERS)

        assert exc.value.code == "cause_unavailable"

    def test_a_user_files_only_for_their_own_seller(self, seller_user, other_seller, cause):
        with pytest.raises(PermissionDenied):
            case_create(
                seller=other_seller,
                created_by=seller_user,
                cause=cause,
                subject="x",
                description="y",
                answers=ANSWERS,
            )

    def test_the_same_submission_key_gives_the_same_case(self, seller_user, cause):
        import uuid

        key = uuid.uuid4()
        first = create_case(seller_user, cause=cause, answers=ANSWERS, submission_key=key)
        second = create_case(seller_user, cause=cause, answers=ANSWERS, submission_key=key)

        assert first.pk == second.pk
        assert Case.objects.count() == 1

    def test_the_priority_comes_from_the_cause(self, seller_user):
        case = create_case(seller_user, cause=CauseFactory(default_priority="high"))

        assert case.priority == "high"


@pytest.mark.clock_sensitive
class TestStatusChanges:
    def test_an_agent_resolves_and_closes_with_history(self, seller_user, agent):
        case = create_case(seller_user)

        case = case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        assert case.resolved_at is not None
        case = case_change_status(case=case, to_status=S.CLOSED, actor=agent)

        assert case.status == S.CLOSED
        assert case.closed_at is not None
        changes = case.events.filter(kind=EventKind.STATUS_CHANGED).order_by("id")
        assert [(e.data["from"], e.data["to"]) for e in changes] == [
            (S.OPEN, S.RESOLVED),
            (S.RESOLVED, S.CLOSED),
        ]
        assert all(e.actor == agent for e in changes)

    def test_an_invalid_move_is_refused_and_changes_nothing(self, seller_user, agent):
        case = create_case(seller_user)

        with pytest.raises(ValidationError) as exc:
            case_change_status(case=case, to_status=S.CLOSED, actor=agent)

        assert exc.value.code == "invalid_transition"
        case.refresh_from_db()
        assert case.status == S.OPEN
        assert kinds(case) == [EventKind.CREATED]

    def test_waiting_is_reached_only_through_a_task(self, seller_user, agent):
        case = create_case(seller_user)

        with pytest.raises(ValidationError) as exc:
            case_change_status(case=case, to_status=S.WAITING_ON_SELLER, actor=agent)

        assert exc.value.code == "use_task"

    def test_a_seller_reopens_a_resolved_case_within_the_window_with_a_reason(
        self, seller_user, agent
    ):
        case = case_change_status(case=create_case(seller_user), to_status=S.RESOLVED, actor=agent)

        case = case_change_status(
            case=case, to_status=S.REOPENED, actor=seller_user, reason="Sigue sin llegar el pago"
        )

        assert case.status == S.REOPENED
        event = case.events.filter(kind=EventKind.STATUS_CHANGED).last()
        assert event.data["reason"] == "Sigue sin llegar el pago"
        assert event.actor == seller_user

    def test_a_seller_must_say_why_they_reopen(self, seller_user, agent):
        case = case_change_status(case=create_case(seller_user), to_status=S.RESOLVED, actor=agent)

        with pytest.raises(ValidationError) as exc:
            case_change_status(case=case, to_status=S.REOPENED, actor=seller_user, reason=" ")

        assert exc.value.code == "reason_required"

    def test_a_seller_cannot_reopen_after_the_window(self, seller_user, agent, settings):
        case = case_change_status(case=create_case(seller_user), to_status=S.RESOLVED, actor=agent)
        Case.objects.filter(pk=case.pk).update(
            resolved_at=timezone.now() - timedelta(days=settings.CASE_REOPEN_WINDOW_DAYS, hours=1)
        )

        with pytest.raises(ValidationError) as exc:
            case_change_status(case=case, to_status=S.REOPENED, actor=seller_user, reason="No")

        assert exc.value.code == "reopen_window_closed"

    def test_a_seller_confirms_a_resolved_case_which_closes_it(self, seller_user, agent):
        case = case_change_status(case=create_case(seller_user), to_status=S.RESOLVED, actor=agent)

        case = case_change_status(case=case, to_status=S.CLOSED, actor=seller_user)

        assert case.status == S.CLOSED

    def test_a_seller_cannot_resolve_their_own_case(self, seller_user):
        with pytest.raises(ValidationError) as exc:
            case_change_status(
                case=create_case(seller_user), to_status=S.RESOLVED, actor=seller_user
            )

        assert exc.value.code == "not_allowed"

    def test_another_seller_cannot_touch_the_case(self, seller_user, other_seller_user, agent):
        case = case_change_status(case=create_case(seller_user), to_status=S.RESOLVED, actor=agent)

        with pytest.raises(PermissionDenied):
            case_change_status(case=case, to_status=S.CLOSED, actor=other_seller_user)

    def test_resolving_a_waiting_case_cancels_its_open_tasks(self, seller_user, agent):
        case = create_case(seller_user)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta")

        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)

        task.refresh_from_db()
        assert task.status == TaskStatus.CANCELLED
        case.refresh_from_db()
        assert case.status == S.RESOLVED
        assert not case.has_open_tasks


@pytest.mark.clock_sensitive
class TestAssignmentAndPriority:
    def test_assigning_an_open_case_starts_it_and_is_internal(self, seller_user, agent):
        case = case_assign(case=create_case(seller_user), assignee=agent, actor=agent)

        assert case.assigned_to == agent
        assert case.status == S.IN_PROGRESS
        assigned = case.events.get(kind=EventKind.ASSIGNED)
        assert assigned.is_internal
        assert assigned.data["to"] == str(agent)

    def test_cases_are_assigned_to_agents_only(self, seller_user, agent):
        with pytest.raises(ValidationError):
            case_assign(case=create_case(seller_user), assignee=seller_user, actor=agent)

    def test_the_priority_change_is_recorded(self, seller_user, agent):
        case = case_set_priority(case=create_case(seller_user), priority="urgent", actor=agent)

        assert case.priority == "urgent"
        assert case.events.get(kind=EventKind.PRIORITY_CHANGED).data == {
            "from": "normal",
            "to": "urgent",
        }


class TestEveryServiceWritesItsEvent:
    @pytest.mark.parametrize(
        ("service", "kind"),
        [
            (lambda c, a, s: case_assign(case=c, assignee=a, actor=a), EventKind.ASSIGNED),
            (
                lambda c, a, s: case_set_priority(case=c, priority="high", actor=a),
                EventKind.PRIORITY_CHANGED,
            ),
            (lambda c, a, s: comment_add(case=c, author=s, body="hola"), EventKind.COMMENT),
            (
                lambda c, a, s: comment_add(case=c, author=a, body="n", internal=True),
                EventKind.INTERNAL_NOTE,
            ),
            (
                lambda c, a, s: task_open(case=c, requested_by=a, request_text="x"),
                EventKind.TASK_OPENED,
            ),
            (
                lambda c, a, s: case_change_status(case=c, to_status=S.RESOLVED, actor=a),
                EventKind.STATUS_CHANGED,
            ),
            (
                lambda c, a, s: comment_add(case=c, author=s, body="f", attachments=[upload()]),
                EventKind.ATTACHMENT_ADDED,
            ),
        ],
    )
    def test_in_the_same_transaction(self, seller_user, agent, service, kind):
        case = create_case(seller_user)

        service(case, agent, seller_user)

        assert case.events.filter(kind=kind).count() == 1
