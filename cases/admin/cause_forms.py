"""The agent's "Cambiar motivo" form: validates only (cases.services.case_change_cause
checks again under the case lock)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Case, Cause
from ..policies import cause_change_error
from ..triage.training import offered_causes


class CauseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cause) -> str:
        return f"{obj.area.record_type.name} › {obj.area.name} › {obj.name}"


class CaseCauseChangeForm(forms.Form):
    cause = CauseChoiceField(
        label=_("New reason"),
        queryset=Cause.objects.none(),
        help_text=_(
            "The case keeps the seller's answers; what the new reason requires and is "
            "missing is asked to the seller as a request for information."
        ),
        error_messages={
            "required": _("Choose the new reason."),
            "invalid_choice": _("That reason is not available. Choose one of the list."),
        },
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["cause"].queryset = (
            offered_causes()
            .exclude(pk=case.cause_id)
            .select_related("area__record_type")
            .order_by(
                "area__record_type__order",
                "area__record_type__name",
                "area__order",
                "area__name",
                "order",
                "name",
            )
        )

    def clean_cause(self):
        cause = self.cleaned_data["cause"]
        error = cause_change_error(self.case, cause)
        if error is not None:
            raise error
        return cause
