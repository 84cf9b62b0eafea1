"""The admin's forms for cause fields: a field's key is derived from its label unless an
admin types one, unique within its cause, and fixed once the cause has cases.

The uniqueness is checked here, not left to the model: its constraint is on expressions,
which Django's inline forms do not check (the cause is excluded), so a repeated key was
a database error.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from supportcenter.text import SingleLineField

from ..models import Case, CaseField
from ..models.taxonomy import key_from_label


class CaseFieldForm(forms.ModelForm):
    class Meta:
        model = CaseField
        fields = ["label", "key"]  # the admin lists the rest (its fieldsets)
        # Typed text loses invisible and bidi characters, as everywhere (supportcenter/text).
        field_classes = {"label": SingleLineField, "key": SingleLineField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_derived = False
        key = self.fields.get("key")
        if key is None:
            return
        key.required = False
        # Answers and reports know a field by its key: once the cause has cases, it stays.
        if self.instance.pk and Case.objects.filter(cause_id=self.instance.cause_id).exists():
            key.disabled = True

    def sibling_keys(self) -> set[str]:
        cause = self.cleaned_data.get("cause") or self.instance.cause_id
        if not cause:
            return set()
        siblings = CaseField.objects.filter(cause=cause).exclude(pk=self.instance.pk)
        return set(siblings.values_list("key", flat=True))

    def clean(self):
        cleaned = super().clean()
        if "key" not in self.fields or self.fields["key"].disabled:
            return cleaned
        if not cleaned.get("key") and cleaned.get("label"):
            self.key_derived = True
            cleaned["key"] = key_from_label(cleaned["label"], taken=self.sibling_keys())
        elif cleaned.get("key") in self.sibling_keys():
            self.add_error("key", duplicate_key())
        return cleaned


def duplicate_key() -> ValidationError:
    return ValidationError(_("Another field of this cause has this key."), code="duplicate_key")


class CaseFieldFormSet(BaseInlineFormSet):
    """A cause's fields: keys derived in one save never take one another's, nor a key
    typed in another row."""

    def clean(self):
        rows = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        taken = set()
        for form in (f for f in rows if not f.key_derived):
            if form.cleaned_data.get("key") in taken:
                form.add_error("key", duplicate_key())
            else:
                taken.add(form.cleaned_data.get("key"))
        for form in (f for f in rows if f.key_derived):
            key = form.cleaned_data["key"]
            if key in taken:
                key = key_from_label(form.cleaned_data["label"], taken=taken | form.sibling_keys())
                form.cleaned_data["key"] = form.instance.key = key
            taken.add(key)
        super().clean()
