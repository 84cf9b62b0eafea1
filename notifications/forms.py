from collections.abc import Iterable

from django import forms
from django.utils.text import format_lazy

from .registry import MANDATORY_NOTE, EmailKind


class PreferencesForm(forms.Form):
    """One checkbox per kind of email, named by the kind's key."""

    def __init__(self, *args, kinds: Iterable[EmailKind], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            help_text = kind.description
            if kind.mandatory:
                help_text = (
                    format_lazy("{} {}", kind.description, MANDATORY_NOTE)
                    if kind.description
                    else MANDATORY_NOTE
                )
            self.fields[kind.key] = forms.BooleanField(
                label=kind.label,
                help_text=help_text,
                required=False,
                # A disabled field keeps its initial value whatever the POST says.
                disabled=kind.mandatory,
                initial=True if kind.mandatory else None,
            )
