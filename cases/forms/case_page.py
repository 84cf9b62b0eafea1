"""The forms of the seller's case page. They validate only: the views call the services.

Where a service rule can be checked up front (guards), the form checks it too, so the
error lands next to what the seller typed; the services check again under the case lock.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from supportcenter.text import MultiLineField

from ..files.uploads import allowed_types_text
from ..models import Case, TaskStatus
from ..policies import (
    rating_error,
    seller_comment_error,
    status_change_error,
    task_answer_error,
)
from ..status import CaseStatus
from ..taxonomy.fields import MultipleFileField

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
    """A form about one case, which its checks need.

    A form with files is not bound to the request's files: the view keeps (stages) each
    valid upload first (views/kept_files.py) and passes them as `kept`, with the errors of
    the others. Its `files` are then the kept files, which survive the form's errors.
    """

    def __init__(self, *args, case: Case, kept=None, **kwargs):
        self.case = case
        self.kept = kept
        super().__init__(*args, **kwargs)
        if "files" in self.fields:
            # Built per request: the limits are settings, the sizes read in the user's language.
            self.fields["files"].help_text = gettext(
                "Up to %(count)s files of %(size)s each: %(types)s."
            ) % {
                "types": allowed_types_text(),
                "count": settings.CASE_ATTACHMENT_MAX_FILES,
                "size": filesizeformat(settings.CASE_ATTACHMENT_MAX_BYTES),
            }

    def clean_files(self):
        if self.kept is None:
            return []
        if self.kept.errors:
            raise ValidationError(self.kept.errors)
        return self.kept.entries


class TaskAnswerForm(CaseForm):
    answer = MultiLineField(
        label=_("Your answer"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Write it, attach files, or both."),
        error_messages=text_errors(),
    )
    files = files_field()

    def clean(self):
        cleaned = super().clean()
        if "answer" in cleaned and "files" in cleaned:
            error = task_answer_error(text=cleaned["answer"], has_files=bool(cleaned["files"]))
            if error is not None:
                self.add_error("answer", error)
        return cleaned


class CommentForm(CaseForm):
    """The seller's message. With a request for information open (a page sent before it
    was asked), it answers that request: then files alone are enough."""

    body = MultiLineField(
        label=_("Your message"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=text_errors(),
    )
    files = files_field()

    def clean(self):
        cleaned = super().clean()
        if error := seller_comment_error(self.case):
            raise error
        if "body" in cleaned and "files" in cleaned:
            if self.case.tasks.filter(status=TaskStatus.OPEN).exists():
                error = task_answer_error(text=cleaned["body"], has_files=bool(cleaned["files"]))
            elif not cleaned["body"].strip():
                error = ValidationError(_("Write a message."), code="required")
            else:
                error = None
            if error is not None:
                self.add_error("body", error)
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


__all__ = [
    "CommentForm",
    "ConfirmSolvedForm",
    "RatingForm",
    "ReopenForm",
    "TaskAnswerForm",
]
