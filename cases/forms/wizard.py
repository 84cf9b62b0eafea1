"""The CREAR CASO wizard's steps: one form per step, validating only."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from supportcenter.text import MultiLineField, SingleLineField

from ..models import SUBJECT_MAX_LENGTH, Area, Cause, FieldType, RecordType
from ..taxonomy.fields import MultipleFileField, build_form_field
from .suggest import problem_field

ANSWER_PREFIX = "answer_"
EXTRA_FILES = "attachments"


def file_input_names(definitions) -> list[str]:
    """The file inputs of the "Datos del caso" form for these field definitions: one per
    active file field, and the "other attachments"."""
    return [
        ANSWER_PREFIX + d.key for d in definitions if d.is_active and d.field_type == FieldType.FILE
    ] + [EXTRA_FILES]


class ChoiceStepForm(forms.Form):
    """A step where the seller picks one option (type, area, cause) from cards."""

    choice_field = ""

    @property
    def choice(self):
        """The bound field the cards are drawn from (the form may have other fields)."""
        return self[self.choice_field]


class RecordTypeForm(ChoiceStepForm):
    """The first step: a record type, and optionally the seller's own words (the box
    that suggests a cause, cases/views/wizard_suggest.py; the text becomes the case's
    description)."""

    choice_field = "record_type"
    problem = problem_field()
    record_type = forms.ModelChoiceField(
        label=_("What is your case about?"),
        queryset=RecordType.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the reason for your case."),
            "invalid_choice": _("That option is not available. Choose one of the list."),
        },
    )


class AreaForm(ChoiceStepForm):
    choice_field = "area"
    area = forms.ModelChoiceField(
        label=_("Which area or process?"),
        queryset=Area.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose an area."),
            "invalid_choice": _(
                "That area is not available for this reason. Choose one of the list."
            ),
        },
    )

    def __init__(self, *args, record_type: RecordType, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = record_type.areas.filter(is_active=True)


class CauseForm(ChoiceStepForm):
    choice_field = "cause"
    cause = forms.ModelChoiceField(
        label=_("What happened?"),
        queryset=Cause.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose what happened."),
            "invalid_choice": _(
                "That option is not available for this area. Choose one of the list."
            ),
        },
    )

    def __init__(self, *args, area: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = area.causes.filter(is_active=True)


class CaseDataForm(forms.Form):
    """The fields the chosen cause asks for, then a subject, a description and files.

    Files are not bound here (the request's files are ignored): the wizard stores
    ("stages") each valid upload as soon as it arrives, so an error elsewhere on the form
    never makes the seller upload it again. The form gets the staged files and the
    upload errors (each shown once), and checks required files.
    """

    subject = SingleLineField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        help_text=_("In a few words."),
        error_messages={
            "required": _("Write a short subject."),
            "max_length": _("Keep the subject under %(limit_value)d characters."),
        },
    )
    description = MultiLineField(
        label=_("Describe what happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Tell us what happened."),
            "max_length": _("Keep the description under %(limit_value)d characters."),
        },
    )

    def __init__(
        self,
        data=None,
        files=None,
        *,
        cause: Cause,
        country: str,
        staged=None,
        upload_errors=None,
        **kwargs,
    ):
        super().__init__(data, None, **kwargs)
        self.cause = cause
        if cause.subject_example:
            # A help text is rendered as HTML: the agents' example goes in as text.
            self.fields["subject"].help_text = escape(
                _("In a few words, e.g. “%(example)s”.") % {"example": cause.subject_example}
            )
        self.staged = staged or {}
        self.upload_errors = upload_errors or {}
        self.definitions = list(cause.fields.filter(is_active=True).prefetch_related("per_country"))
        answer_fields = {}
        for definition in self.definitions:
            field = build_form_field(definition, country=country)
            if definition.field_type == FieldType.FILE:
                field.required = False  # checked in clean(), staged files count
                field.is_required_file = definition.required
            answer_fields[ANSWER_PREFIX + definition.key] = field
        extra = MultipleFileField(
            label=_("Other attachments (optional)"),
            required=False,
            help_text=_("PDF, images, spreadsheets or documents, up to %(size)d MB each.")
            % {"size": settings.CASE_ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )
        extra.is_required_file = False
        self.fields = {**answer_fields, **self.fields, EXTRA_FILES: extra}
        for name in self.file_field_names():
            self.fields[name].staged_files = self.staged.get(name, [])

    def file_field_names(self) -> list[str]:
        return file_input_names(self.definitions)

    def clean(self):
        cleaned = super().clean()
        for name in self.file_field_names():
            for error in self.upload_errors.get(name, []):
                self.add_error(name, error)
            field = self.fields[name]
            if field.is_required_file and not self.staged.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    ValidationError(_("Attach at least one file."), code="required"),
                )
            cleaned[name] = self.staged.get(name, [])
        return cleaned

    def answers(self) -> dict:
        """Answer values by field key (file fields: their staged files)."""
        return {d.key: self.cleaned_data.get(ANSWER_PREFIX + d.key) for d in self.definitions}


class SummaryForm(forms.Form):
    """The last step: confirming creates the case, once per submission key."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
