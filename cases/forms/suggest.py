"""The wizard's "Cuéntanos qué pasó" box: the seller's own words, and the suggested cause
they pick (cases/views/wizard_suggest.py, cases/views/cause_suggestions.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from supportcenter.text import MultiLineField

from ..triage.training import offered_causes

# The text becomes the case's description: the same limit.
PROBLEM_MAX_LENGTH = 5000


def problem_field(*, required: bool = False) -> MultiLineField:
    return MultiLineField(
        label=_("Tell us what happened"),
        required=required,
        max_length=PROBLEM_MAX_LENGTH,
        help_text=_(
            "In your own words: we suggest the reason for your case, and your text becomes "
            "its description. You can also choose the reason yourself below."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write what happened, and we will suggest a reason."),
            "max_length": _("Keep the text under %(limit_value)d characters."),
        },
    )


class ProblemForm(forms.Form):
    """ "Sugerir motivo": the text is what is asked for."""

    problem = problem_field(required=True)


class SuggestedCausePickForm(forms.Form):
    """A suggested cause picked: any cause offered to sellers (the suggestions may have
    come from the browser), with the text it was suggested for."""

    problem = problem_field()
    cause = forms.ModelChoiceField(
        queryset=offered_causes().select_related("area__record_type"),
        error_messages={
            "required": _("Choose one of the suggested reasons."),
            "invalid_choice": _(
                "That reason is no longer available. Choose another one, or choose the "
                "reason yourself below."
            ),
        },
    )
