"""A history event about a request for information or a message points to it with a real
foreign key (CaseEvent.task, CaseEvent.comment); migration 0022 moved the ids older events
kept in their JSON data."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from cases.models import CaseEvent, EventKind
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_answer, task_cancel, task_open
from cases.tests.factories import create_case

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cases.migrations.0022_caseevent_task_comment")


class TestEventsSayWhatTheyAreAbout:
    def test_a_request_for_information_its_answer_and_its_cancelling(self, seller_user, agent):
        case = create_case(seller_user)
        answered = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        cancelled = task_open(case=case, requested_by=agent, request_text="Y la factura.")
        task_answer(task=answered, answered_by=seller_user, answer_text="Adjunta.")
        task_cancel(task=cancelled, cancelled_by=agent)

        events = case.events.filter(kind__startswith="task_").order_by("pk")

        assert [(e.kind, e.task) for e in events] == [
            (EventKind.TASK_OPENED, answered),
            (EventKind.TASK_OPENED, cancelled),
            (EventKind.TASK_ANSWERED, answered),
            (EventKind.TASK_CANCELLED, cancelled),
        ]
        assert not any("task_id" in e.data for e in events)

    def test_a_message_and_an_internal_note(self, seller_user, agent):
        case = create_case(seller_user)
        reply = comment_add(case=case, author=agent, body="Lo revisamos.")
        note = comment_add(case=case, author=agent, body="Nota interna.", internal=True)

        events = case.events.filter(kind__in=[EventKind.COMMENT, EventKind.INTERNAL_NOTE])

        assert {(e.kind, e.comment) for e in events} == {
            (EventKind.COMMENT, reply),
            (EventKind.INTERNAL_NOTE, note),
        }
        assert not any("comment_id" in e.data for e in events)


class TestMigration0022:
    @pytest.fixture
    def old_events(self, seller_user, agent):
        """Events as the services wrote them before: the ids inside `data`."""
        case = create_case(seller_user)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        comment = comment_add(case=case, author=agent, body="Lo revisamos.")
        CaseEvent.objects.filter(case=case).update(task=None, comment=None)
        about_task = case.events.get(kind=EventKind.TASK_OPENED)
        about_task.data = {"task_id": task.pk, "text": "Envía la boleta."}
        about_task.save()
        about_comment = case.events.get(kind=EventKind.COMMENT)
        about_comment.data = {"comment_id": comment.pk, "from_support": True}
        about_comment.save()
        gone = CaseEvent.objects.create(
            case=case, kind=EventKind.TASK_CANCELLED, data={"task_id": 987654, "reason": ""}
        )
        return SimpleNamespace(
            task=task, comment=comment, about_task=about_task, about_comment=about_comment,
            gone=gone,
        )  # fmt: skip

    def test_moves_the_ids_into_the_foreign_keys(self, old_events):
        migration.ids_to_keys(apps, SimpleNamespace(connection=connection))

        about_task = CaseEvent.objects.get(pk=old_events.about_task.pk)
        about_comment = CaseEvent.objects.get(pk=old_events.about_comment.pk)
        gone = CaseEvent.objects.get(pk=old_events.gone.pk)
        assert (about_task.task, about_task.data) == (old_events.task, {"text": "Envía la boleta."})
        assert (about_comment.comment, about_comment.data) == (
            old_events.comment,
            {"from_support": True},
        )
        # A row that is no longer there: no key, and no id left behind in the data.
        assert (gone.task, gone.data) == (None, {"reason": ""})

    def test_going_back_puts_the_ids_in_the_data_again(self, old_events):
        migration.ids_to_keys(apps, SimpleNamespace(connection=connection))
        migration.keys_to_ids(apps, SimpleNamespace(connection=connection))

        assert CaseEvent.objects.get(pk=old_events.about_task.pk).data["task_id"] == (
            old_events.task.pk
        )
        assert CaseEvent.objects.get(pk=old_events.about_comment.pk).data["comment_id"] == (
            old_events.comment.pk
        )
