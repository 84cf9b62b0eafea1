"""The agent's forms on the case page: the plain fields (priority, assignee) and one form
per action (cases/admin/case_actions.py). Checks here use the services' own rules, so
errors land on the form with what the agent typed; the services check again under lock."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from supportcenter.text import MultiLineField

from ..models import Case, QuickReply
from ..policies import (
    agent_comment_error,
    status_change_error,
    task_open_error,
)
from ..quick_replies import quick_replies_for_case
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
    # The Respuesta rápida the text came from (set by the picker): sent with "Send", its
    # action (resolve, request information) is done too; any button counts its use.
    quick_reply = forms.ModelChoiceField(
        queryset=QuickReply.objects.filter(is_active=True),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That quick reply no longer exists.")},
    )
    # The case's version when the page was loaded (cases.history.latest_change_id): a
    # reply sent after someone else changed the case is shown back, not sent.
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    required_message = _("Write the message.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body", "").strip():
            self.add_error("body", ValidationError(self.required_message, code="required"))
        return cleaned


class ReplyForm(ReplyBoxForm):
    def clean(self):
        cleaned = super().clean()
        quick_reply = cleaned.get("quick_reply")
        if quick_reply and quick_reply.action == "request_information" and cleaned.get("files"):
            self.add_error(
                "files",
                ValidationError(
                    _("This quick reply requests information, which carries no files."),
                    code="files_on_request",
                ),
            )
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


class QuickReplyPickForm(CaseActionForm):
    """The picker of Respuestas rápidas; "Use" fills the reply box without JavaScript."""

    quick_reply_choice = forms.ModelChoiceField(
        label=_("Quick replies"),
        queryset=QuickReply.objects.none(),
        empty_label=_("Choose a quick reply…"),
        error_messages={
            "required": _("Choose a quick reply."),
            "invalid_choice": _("That quick reply does not apply to this case."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quick_reply_choice"].queryset = quick_replies_for_case(self.case)


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


class BulkAssignForm(forms.Form):
    """The confirmation page of "Assign to…": any agent, or nobody (unassign)."""

    assignee = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=User.objects.filter(is_staff=True, is_active=True, seller__isnull=True),
        required=False,
        empty_label=_("Nobody (unassign)"),
        help_text=_("Each case's history records the assignment."),
        error_messages={"invalid_choice": _("Choose an active agent.")},
    )
