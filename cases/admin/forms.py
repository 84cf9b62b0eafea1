"""The agent's case form: priority and assignee, a reply, a request to the seller, and
the buttons that move the case. Checks here use the services' own rules, so errors land
on the form with what the agent typed; the services check again under lock."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from supportcenter.text import MultiLineField

from ..models import Case, TaskStatus
from ..policies import (
    agent_comment_error,
    status_change_error,
    task_open_error,
)
from ..status import CaseStatus
from ..taxonomy.fields import MultipleFileField

# Buttons of the change page (their `name`), each an action on the case.
REPLY = "_reply"
REQUEST_INFO = "_request_info"
SET_STATUS = "_set_status"
ASSIGN_ME = "_assign_me"
CANCEL_TASK = "_cancel_task"
CASE_ACTIONS = (REPLY, REQUEST_INFO, SET_STATUS, ASSIGN_ME, CANCEL_TASK)


class CaseAdminForm(forms.ModelForm):
    reply_body = MultiLineField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
    )
    reply_internal = forms.BooleanField(
        label=_("Internal note (the seller never sees it)"), required=False
    )
    reply_files = MultipleFileField(label=_("Attachments"), required=False)
    task_request = MultiLineField(
        label=_("What do you need from the seller?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
    )
    task_due_date = forms.DateField(label=_("Due date"), required=False, widget=AdminDateWidget)

    class Meta:
        model = Case
        fields = ["priority", "assigned_to"]

    def action(self) -> str | None:
        return next((name for name in CASE_ACTIONS if name in self.data), None)

    def clean(self):
        cleaned = super().clean()
        case, action = self.instance, self.action()
        if action == REPLY:
            if not cleaned.get("reply_body", "").strip():
                self.add_error(
                    "reply_body", ValidationError(_("Write the message."), code="required")
                )
            elif error := agent_comment_error(case, internal=cleaned.get("reply_internal")):
                self.add_error("reply_body", error)
        elif action == REQUEST_INFO:
            if not cleaned.get("task_request", "").strip():
                self.add_error(
                    "task_request",
                    ValidationError(
                        _("Write what information you need from the seller."), code="required"
                    ),
                )
            elif error := task_open_error(case, due_date=cleaned.get("task_due_date")):
                self.add_error("task_request", error)
        elif action == SET_STATUS:
            to_status = self.data.get(SET_STATUS)
            if to_status not in CaseStatus.values:
                raise ValidationError(_("Unknown status."), code="invalid_status")
            if error := status_change_error(case, to_status):
                raise error
        elif action == CANCEL_TASK:
            task_id = self.data.get(CANCEL_TASK, "")
            if not (
                task_id.isdigit() and case.tasks.filter(pk=task_id, status=TaskStatus.OPEN).exists()
            ):
                raise ValidationError(
                    _("This request was already answered or cancelled."), code="task_not_open"
                )
        return cleaned
