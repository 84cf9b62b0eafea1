"""The forms of the seller's case page. They validate only: the views call the services.

Where a service rule can be checked up front (guards), the form checks it too, so the
error lands next to what the seller typed; the services check again under the case lock.
"""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from supportcenter.text import MultiLineField

from ..fields import MultipleFileField
from ..models import Case
from ..services.guards import rating_error, seller_comment_error, status_change_error
from ..status import CaseStatus

TEXT_LIMIT = 5000


def text_errors(required_message=None) -> dict:
    errors = {
        "max_length": _("Keep it under %(limit_value)d characters (it has %(show_value)d)."),
    }
    if required_message:
        errors["required"] = required_message
    return errors


def files_field() -> MultipleFileField:
    return MultipleFileField(label=_("Attach files (optional)"), required=False)


class CaseForm(forms.Form):
    """A form about one case, which its checks need."""

    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        if "files" in self.fields:
            # Built per request: the limits are settings, the sizes read in the user's language.
            self.fields["files"].help_text = gettext(
                "Up to %(count)s files of %(size)s each: PDF, PNG, JPG, WEBP, CSV, XLSX, "
                "DOCX or TXT."
            ) % {
                "count": settings.CASE_ATTACHMENT_MAX_FILES,
                "size": filesizeformat(settings.CASE_ATTACHMENT_MAX_BYTES),
            }


class TaskAnswerForm(CaseForm):
    answer = MultiLineField(
        label=_("Your answer"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=text_errors(_("Write your answer.")),
    )
    files = files_field()


class CommentForm(CaseForm):
    body = MultiLineField(
        label=_("Your message"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=text_errors(_("Write a message.")),
    )
    files = files_field()

    def clean(self):
        cleaned = super().clean()
        if error := seller_comment_error(self.case):
            raise error
        return cleaned


class ReopenForm(CaseForm):
    reason = MultiLineField(
        label=_("Why is the problem not solved?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=text_errors(_("Tell us why the case is not solved.")),
    )

    def clean(self):
        cleaned = super().clean()
        if "reason" in cleaned and (
            error := status_change_error(
                self.case, CaseStatus.REOPENED, by_seller=True, reason=cleaned["reason"]
            )
        ):
            raise error
        return cleaned


class ConfirmSolvedForm(CaseForm):
    """Nothing to type: the button confirms that support solved the problem."""

    def clean(self):
        cleaned = super().clean()
        if error := status_change_error(self.case, CaseStatus.CLOSED, by_seller=True):
            raise error
        return cleaned


SCORE_CHOICES = [
    (1, _("1 · Very poor")),
    (2, _("2 · Poor")),
    (3, _("3 · Fair")),
    (4, _("4 · Good")),
    (5, _("5 · Excellent")),
]


class RatingForm(CaseForm):
    score = forms.TypedChoiceField(
        label=_("How was our support on this case?"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    comment = MultiLineField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=text_errors(),
    )

    def clean(self):
        cleaned = super().clean()
        if error := rating_error(self.case):
            raise error
        return cleaned


def uploaded_files(form: forms.Form) -> list:
    """The raw files of a form's checked uploads, as the services take them."""
    return [upload.file for upload in form.cleaned_data.get("files") or []]


__all__ = [
    "CommentForm",
    "ConfirmSolvedForm",
    "RatingForm",
    "ReopenForm",
    "TaskAnswerForm",
    "uploaded_files",
]
