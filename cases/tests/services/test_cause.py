"""Agents move a case to another cause (cases.services.case_change_cause), and the desk
counts the causes sellers confuse (cases.triage.selectors.recategorised_per_cause)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.admin.cause_forms import CaseCauseChangeForm
from cases.history import describe_event
from cases.models import CaseCauseChange, Cause, EventKind, PendingTask, TargetUnit
from cases.services.cause import case_change_cause
from cases.status import CaseStatus
from cases.tests.factories import CaseFieldFactory, CauseFactory, case_in_status, create_case
from cases.triage.selectors import recategorised_per_cause
from cases.triage.services import triage_model_train
from cases.triage.suggest import suggest_causes

pytestmark = pytest.mark.django_db
# A Wednesday, 10:00 in Santiago: business hours.
NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def chosen():
    """The cause the seller chose: it asks for an order number."""
    cause = CauseFactory(name="Orden bloqueada", target_value=1, target_unit=TargetUnit.DAYS)
    CaseFieldFactory(cause=cause, key="order_number", label="Número de orden")
    return cause


@pytest.fixture
def right():
    """The cause the agent moves it to: the order number, and a tracking number too."""
    cause = CauseFactory(name="Courier no retiró", target_value=10, target_unit=TargetUnit.DAYS)
    CaseFieldFactory(cause=cause, key="order_number", label="Número de orden")
    CaseFieldFactory(cause=cause, key="tracking_number", label="Número de guía")
    CaseFieldFactory(cause=cause, key="notes", label="Notas", required=False)
    return cause


@pytest.fixture
def case(seller_user, chosen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = create_case(
            seller_user,
            cause=chosen,
            subject="El camión no pasó",
            answers={"order_number": "2026112701"},
        )
    case.refresh_from_db()
    mail.outbox.clear()
    return case


def change(case, cause, agent, capture):
    with capture(execute=True):
        case = case_change_cause(case=case, cause=cause, changed_by=agent)
    case.refresh_from_db()
    return case


class TestChangingTheCause:
    def test_the_case_takes_the_new_cause_and_keeps_its_answers(
        self, case, right, agent, django_capture_on_commit_callbacks
    ):
        answers = case.answers

        case = change(case, right, agent, django_capture_on_commit_callbacks)

        assert case.cause == right
        assert (case.area, case.record_type) == (right.area, right.area.record_type)
        assert case.cause_name == "Courier no retiró"
        assert case.reason.endswith("/ Courier no retiró")
        assert case.answers == answers

    def test_the_history_says_from_what_to_what_and_by_whom(
        self, case, chosen, right, agent, django_capture_on_commit_callbacks
    ):
        before = case.reason

        case = change(case, right, agent, django_capture_on_commit_callbacks)

        event = case.events.get(kind=EventKind.CAUSE_CHANGED)
        assert describe_event(event) == (
            f"Motivo cambiado de «{before}» a «{case.reason}» por Agente Uno"
        )
        assert describe_event(event, for_seller=True).endswith("por Soporte")
        assert not event.is_internal  # the seller sees why their form changed

    def test_the_missing_required_fields_become_a_task_emailed_to_the_seller(
        self, case, right, agent, seller_user, django_capture_on_commit_callbacks
    ):
        case = change(case, right, agent, django_capture_on_commit_callbacks)

        task = PendingTask.objects.get(case=case)
        # The order number was answered; the optional notes are not asked.
        assert task.request_text == (
            "Movimos tu caso al motivo «Courier no retiró». Para atenderlo también "
            "necesitamos: Número de guía."
        )
        assert task.requested_by == agent
        assert case.status == CaseStatus.WAITING_ON_SELLER
        to_the_user = [m for m in mail.outbox if m.to == [seller_user.email]]
        assert len(to_the_user) == 1
        assert "Número de guía" in to_the_user[0].body

    def test_nothing_is_asked_when_the_case_has_every_answer(
        self, case, agent, django_capture_on_commit_callbacks
    ):
        same_fields = CauseFactory(name="Otra causa")
        CaseFieldFactory(cause=same_fields, key="order_number", label="Número de orden")

        case = change(case, same_fields, agent, django_capture_on_commit_callbacks)

        assert not PendingTask.objects.filter(case=case).exists()
        assert case.status == CaseStatus.OPEN
        assert mail.outbox == []

    def test_the_estimate_is_computed_again_with_the_new_target(
        self, case, right, agent, django_capture_on_commit_callbacks
    ):
        one_day = case.eta_due_at
        assert one_day is not None

        case = change(case, right, agent, django_capture_on_commit_callbacks)

        assert case.eta_target_seconds == 10 * 9 * 3600  # ten business days of 9 hours
        assert case.eta_due_at > one_day + timedelta(days=7)
        last = case.events.filter(kind=EventKind.ETA_CHANGED).latest("id")
        assert last.data["reason"] == "cause_changed"
        assert "según el nuevo motivo del caso" in describe_event(last, for_seller=True)

    def test_the_sellers_choice_is_kept_and_only_the_first_change_is_theirs(
        self, case, chosen, right, agent, django_capture_on_commit_callbacks
    ):
        third = CauseFactory(name="Tercera")
        change(case, right, agent, django_capture_on_commit_callbacks)
        change(case, third, agent, django_capture_on_commit_callbacks)

        changes = list(CaseCauseChange.objects.filter(case=case).order_by("id"))
        assert [(c.from_cause, c.to_cause, c.from_seller_choice) for c in changes] == [
            (chosen, right, True),
            (right, third, False),
        ]


class TestWhatIsRefused:
    def test_the_same_cause(self, case, chosen, agent):
        with pytest.raises(ValidationError, match="El caso ya tiene este motivo."):
            case_change_cause(case=case, cause=chosen, changed_by=agent)

    def test_a_cause_not_offered_to_sellers(self, case, agent):
        hidden = CauseFactory(name="Vieja", is_active=False)

        with pytest.raises(ValidationError, match="no se ofrece a los sellers"):
            case_change_cause(case=case, cause=hidden, changed_by=agent)

    def test_a_resolved_case(self, seller_user, agent, chosen, right):
        resolved = case_in_status(
            seller_user,
            agent,
            CaseStatus.RESOLVED,
            cause=chosen,
            answers={"order_number": "2026112701"},
        )

        with pytest.raises(ValidationError, match="reábrelo primero"):
            case_change_cause(case=resolved, cause=right, changed_by=agent)
        assert not CaseCauseChange.objects.exists()

    def test_a_seller(self, case, right, seller_user):
        with pytest.raises(PermissionDenied):
            case_change_cause(case=case, cause=right, changed_by=seller_user)
        case.refresh_from_db()
        assert case.cause_id != right.pk


class TestTheDeskCount:
    def test_counts_the_sellers_choices_that_agents_changed_most_first(
        self, seller_user, agent, chosen, right, django_capture_on_commit_callbacks
    ):
        other = CauseFactory(name="Pago no recibido")
        for _ in range(2):
            filed = create_case(seller_user, cause=chosen, answers={"order_number": "1234567"})
            change(filed, right, agent, django_capture_on_commit_callbacks)
        filed = create_case(seller_user, cause=chosen, answers={"order_number": "1234567"})
        change(filed, other, agent, django_capture_on_commit_callbacks)
        change(filed, right, agent, django_capture_on_commit_callbacks)  # an agent's own fix
        once = create_case(seller_user, cause=other)
        change(once, chosen, agent, django_capture_on_commit_callbacks)

        rows = recategorised_per_cause()

        assert [(r.cause, r.count, r.moved_to) for r in rows] == [
            ("Orden bloqueada", 3, [("Courier no retiró", 2), ("Pago no recibido", 1)]),
            ("Pago no recibido", 1, [("Orden bloqueada", 1)]),
        ]

    def test_older_changes_fall_out_of_the_window(
        self, case, right, agent, django_capture_on_commit_callbacks
    ):
        change(case, right, agent, django_capture_on_commit_callbacks)
        CaseCauseChange.objects.update(changed_at=NOW - timedelta(days=91))

        assert recategorised_per_cause() == []

    def test_is_one_query(self, case, right, agent, django_capture_on_commit_callbacks):
        change(case, right, agent, django_capture_on_commit_callbacks)

        with CaptureQueriesContext(connection) as queries:
            recategorised_per_cause()
        assert len(queries) == 1


@pytest.mark.usefixtures("default_taxonomy")
class TestTheModelLearnsFromIt:
    def test_a_recategorised_cases_words_are_learned_under_the_final_cause(
        self, seller_user, agent, django_capture_on_commit_callbacks
    ):
        filed_under = Cause.objects.get(name="Pago no recibido")
        right = Cause.objects.get(name="Usuarios y roles")
        for cause in (filed_under, right):
            cause.fields.update(required=False)
        case = create_case(
            seller_user,
            cause=filed_under,
            subject="El zorblaxo no me deja entrar",
            description="Mi zorblaxo está bloqueado.",
        )
        change(case, right, agent, django_capture_on_commit_callbacks)

        model = triage_model_train()

        assert model.case_count == 1  # still open: learned as recategorised only
        assert suggest_causes("problema con el zorblaxo", k=1)[0].cause == "Usuarios y roles"


class TestTheAgentsForm:
    def test_offers_every_active_cause_but_the_current_one_by_its_path(self, case, chosen, right):
        hidden = CauseFactory(name="Vieja", is_active=False)

        form = CaseCauseChangeForm(case=case)

        offered = list(form.fields["cause"].queryset)
        assert right in offered and chosen not in offered and hidden not in offered
        label = dict(form.fields["cause"].choices)[right.pk]
        assert label == f"{right.area.record_type.name} › {right.area.name} › Courier no retiró"

    def test_says_in_spanish_what_is_wrong(self, seller_user, agent, chosen, right):
        resolved = case_in_status(
            seller_user,
            agent,
            CaseStatus.RESOLVED,
            cause=chosen,
            answers={"order_number": "2026112701"},
        )

        empty = CaseCauseChangeForm({}, case=resolved)
        closed = CaseCauseChangeForm({"cause": right.pk}, case=resolved)

        assert empty.errors["cause"] == ["Elige el nuevo motivo."]
        assert closed.errors["cause"] == [
            "El motivo de un caso resuelto o cerrado no puede cambiar: reábrelo primero."
        ]
