"""The forms of the seller's Atención al cliente pages. They validate only."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.files.uploads import allowed_types_text
from cases.taxonomy.fields import MultipleFileField
from supportcenter.text import MultiLineField, SingleLineField

from .models import SavedAnswer

TEXT_LIMIT = 5000
TEXT_ERRORS = {
    "max_length": _("Keep it under %(limit_value)d characters (it has %(show_value)d)."),
}


class AnswerForm(forms.Form):
    body = MultiLineField(
        label=_("Your answer"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={**TEXT_ERRORS, "required": _("Write your answer.")},
    )
    files = MultipleFileField(label=_("Attach files (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = gettext(
            "Up to %(count)s files of %(size)s each: %(types)s."
        ) % {
            "types": allowed_types_text(),
            "count": settings.CASE_ATTACHMENT_MAX_FILES,
            "size": filesizeformat(settings.CASE_ATTACHMENT_MAX_BYTES),
        }


class PickSavedAnswerForm(forms.Form):
    """Respuestas guardadas: a GET that puts the chosen answer in the answer box (no
    JavaScript needed)."""

    respuesta = forms.TypedChoiceField(
        label=_("Saved answers"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of your saved answers.")},
    )

    def __init__(self, *args, answers: list[SavedAnswer], **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = {answer.pk: answer for answer in answers}
        self.fields["respuesta"].choices = [(answer.pk, answer.title) for answer in answers]

    def chosen(self) -> SavedAnswer | None:
        return self.answers.get(self.cleaned_data["respuesta"]) if self.is_valid() else None


class SavedAnswerForm(forms.ModelForm):
    class Meta:
        model = SavedAnswer
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        # Typed text loses invisible and bidi characters, as everywhere (supportcenter/text).
        field_classes = {"title": SingleLineField, "body": MultiLineField}
        error_messages = {
            "title": {"required": _("Give it a title you will recognise.")},
            "body": {**TEXT_ERRORS, "required": _("Write the answer.")},
        }
        help_texts = {"title": _("E.g. “Shipping times” or “Warranty”.")}
