"""The agent's forms on the case page: the plain fields (priority, assignee) and one form
per action (cases/admin/case_actions.py). Checks here use the services' own rules, so
errors land on the form with what the agent typed; the services check again under lock."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from supportcenter.text import MultiLineField

from ..models import Case
from ..policies import (
    agent_comment_error,
    status_change_error,
    task_open_error,
)
from ..status import CaseStatus
from ..taxonomy.fields import MultipleFileField


class CaseAdminForm(forms.ModelForm):
    """The only fields an agent edits by hand; everything else is an action."""

    class Meta:
        model = Case
        fields = ["priority", "assigned_to"]


class CaseActionForm(forms.Form):
    """A form about one case, which its checks need."""

    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)


def message_field(label, required_message):
    return MultiLineField(
        label=label,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        error_messages={"required": required_message},
    )


class ReplyBoxForm(CaseActionForm):
    """The reply box: one text, three buttons (Enviar, Enviar y resolver, Solicitar
    información al seller), each posting to its own action."""

    body = message_field(_("Reply"), _("Write the message."))
    files = MultipleFileField(label=_("Attachments"), required=False)
    due_date = forms.DateField(
        label=_("Due date of a request for information"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("Only for “Request information from the seller”; optional."),
    )
    required_message = _("Write the message.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body", "").strip():
            self.add_error("body", ValidationError(self.required_message, code="required"))
        return cleaned


class ReplyForm(ReplyBoxForm):
    def clean(self):
        cleaned = super().clean()
        if "body" not in self.errors and (error := agent_comment_error(self.case, internal=False)):
            self.add_error("body", error)
        return cleaned


class ReplyAndResolveForm(ReplyBoxForm):
    required_message = _(
        "Write the resolution for the seller: the case is resolved with that message."
    )

    def clean(self):
        cleaned = super().clean()
        if error := status_change_error(self.case, CaseStatus.RESOLVED):
            raise error
        return cleaned


class RequestInformationForm(ReplyBoxForm):
    required_message = _("Write what information you need from the seller.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("files"):
            self.add_error(
                "files",
                ValidationError(
                    _(
                        "A request for information carries no files: send them with "
                        "“Send”, or remove them."
                    ),
                    code="files_on_request",
                ),
            )
        if "body" not in self.errors and (
            error := task_open_error(self.case, due_date=cleaned.get("due_date"))
        ):
            self.add_error("body", error)
        return cleaned


class InternalNoteForm(CaseActionForm):
    note = message_field(_("Internal note"), _("Write the note."))
    note_files = MultipleFileField(label=_("Attachments of the note"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("note", "").strip():
            self.add_error("note", ValidationError(_("Write the note."), code="required"))
        return cleaned


# The moves of the status buttons. Resolving is not one of them: it needs the message to
# the seller ("Enviar y resolver"); waiting on the seller is a request for information.
STATUS_BUTTONS = {
    CaseStatus.IN_PROGRESS: _("Start (in progress)"),
    CaseStatus.CLOSED: _("Close"),
    CaseStatus.REOPENED: _("Reopen"),
}


class StatusForm(CaseActionForm):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=list(STATUS_BUTTONS.items()),
        error_messages={"invalid_choice": _("Unknown status.")},
    )

    def clean(self):
        cleaned = super().clean()
        if "status" in cleaned and (error := status_change_error(self.case, cleaned["status"])):
            raise error
        return cleaned


class ConfirmForm(CaseActionForm):
    """Actions with nothing to type (assign to me, cancel a request)."""


class BulkStatusForm(forms.Form):
    """The confirmation page of a bulk status change: the resolution message, when it
    resolves, goes to every seller."""

    message = MultiLineField(
        label=_("Message to the sellers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
    )

    def __init__(self, *args, to_status: str, **kwargs):
        self.to_status = to_status
        super().__init__(*args, **kwargs)
        if to_status == CaseStatus.RESOLVED:
            self.fields["message"].required = True
            self.fields["message"].label = _("Resolution sent to each seller")
            self.fields["message"].error_messages["required"] = _(
                "Write the resolution for the sellers: each case is resolved with that message."
            )
