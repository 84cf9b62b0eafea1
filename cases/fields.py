"""A cause's field definitions turned into form fields, and answers into what is stored.

The wizard builds its "Datos del caso" form from these; `case_create` stores the answers
with the label that was asked, so renaming a field later never rewrites a filed case.
"""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from supportcenter.text import MultiLineField, SingleLineField

from .models import CaseField, FieldType
from .uploads import ACCEPT_ATTRIBUTE, check_uploads

DEFAULT_PATTERNS = {
    FieldType.ORDER_NUMBER: (
        r"^[0-9]{6,20}$",
        _("Enter the order number with digits only (6 to 20)."),
    ),
    FieldType.SKU: (
        r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,49}$",
        _("Enter a SKU with letters, digits, dots, dashes or underscores."),
    ),
}
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class AmountField(forms.DecimalField):
    """An amount as sellers type it: 15000, 15.000, 15.000,50 or 15000.50."""

    default_error_messages = {
        "invalid": _("Enter an amount, e.g. 15.000 or 15000,50."),
        "max_digits": _("The amount is too large."),
        "max_whole_digits": _("The amount is too large."),
        "max_decimal_places": _("Use at most 2 decimals."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace("$", "").replace(" ", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif THOUSANDS.match(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


class MonthField(forms.CharField):
    """A month as YYYY-MM (what <input type="month"> sends)."""

    widget = forms.DateInput(attrs={"type": "month"})
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, e.g. 2026-10.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
        if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return f"{int(match[1]):04d}-{int(match[2]):02d}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked for size and real type."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        return check_uploads(files)


ERROR_MESSAGES = {
    FieldType.INTEGER: {"invalid": _("Enter a whole number.")},
    FieldType.DATE: {"invalid": _("Enter a valid date.")},
    FieldType.EMAIL: {"invalid": _("Enter a valid email, e.g. name@store.cl.")},
    FieldType.URL: {"invalid": _("Enter a valid web address, e.g. https://www.store.cl/product.")},
    FieldType.CHOICE: {"invalid_choice": _("Choose one of the options.")},
}


def _bounds_validators(definition: CaseField) -> list:
    """Minimum and maximum with the numbers written the Chilean way in the message."""
    decimals = 0 if definition.field_type == FieldType.INTEGER else None
    found = []
    if definition.min_value is not None:
        found.append(
            MinValueValidator(
                definition.min_value,
                _("Enter a value of at least %(bound)s.")
                % {"bound": formats.number_format(definition.min_value, decimals, use_l10n=True)},
            )
        )
    if definition.max_value is not None:
        found.append(
            MaxValueValidator(
                definition.max_value,
                _("Enter a value of at most %(bound)s.")
                % {"bound": formats.number_format(definition.max_value, decimals, use_l10n=True)},
            )
        )
    return found


def build_form_field(definition: CaseField) -> forms.Field:
    """The Django form field that asks for one CaseField."""
    kind = definition.field_type
    common = {
        "label": definition.label,
        "required": definition.required,
        "help_text": definition.help_text,
        "error_messages": {
            "required": _("This field is required."),
            **ERROR_MESSAGES.get(kind, {}),
        },
    }
    if kind in (FieldType.INTEGER, FieldType.AMOUNT):
        common["validators"] = _bounds_validators(definition)
    if kind == FieldType.LONG_TEXT:
        field = MultiLineField(
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=definition.max_length or 5000,
            **common,
        )
    elif kind == FieldType.INTEGER:
        field = forms.IntegerField(**common)
    elif kind == FieldType.AMOUNT:
        field = AmountField(
            max_digits=14,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    elif kind == FieldType.DATE:
        field = forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
            **common,
        )
    elif kind == FieldType.MONTH:
        field = MonthField(**common)
    elif kind == FieldType.CHOICE:
        choices = [("", _("Choose an option"))] + [(o, o) for o in definition.option_list]
        field = forms.ChoiceField(choices=choices, **common)
    elif kind == FieldType.EMAIL:
        field = forms.EmailField(max_length=254, **common)
    elif kind == FieldType.URL:
        field = forms.URLField(max_length=500, assume_scheme="https", **common)
    elif kind == FieldType.FILE:
        field = MultipleFileField(**common)
    else:  # short text, order number, SKU
        field = SingleLineField(max_length=definition.max_length or 200, **common)
        pattern, message = DEFAULT_PATTERNS.get(kind, ("", ""))
        if definition.pattern:
            pattern, message = (
                definition.pattern,
                definition.pattern_message or _("The value does not have the expected format."),
            )
        if pattern:
            field.validators.append(RegexValidator(pattern, message, code="pattern"))
        if kind == FieldType.ORDER_NUMBER:
            field.widget.attrs["inputmode"] = "numeric"
    return field


def serialize_answer(definition: CaseField, value) -> dict:
    """What is stored for one answer: the label asked, the value as JSON, and a display."""
    kind = definition.field_type
    if value in (None, "", []):
        stored, display = None, ""
    elif kind == FieldType.AMOUNT:
        stored = str(Decimal(value).quantize(Decimal("0.01")))
        display = (
            f"$ {formats.number_format(Decimal(stored), 2, use_l10n=True, force_grouping=True)}"
        )
    elif kind == FieldType.DATE:
        stored = value.isoformat() if isinstance(value, date) else str(value)
        display = formats.date_format(date.fromisoformat(stored), "SHORT_DATE_FORMAT")
    elif kind == FieldType.MONTH:
        stored = value
        display = formats.date_format(date.fromisoformat(f"{value}-01"), "YEAR_MONTH_FORMAT")
    elif kind == FieldType.FILE:
        stored = [str(a) for a in value]  # attachment ids, filled in by case_create
        display = ""
    else:
        stored = value
        display = str(value)
    return {
        "key": definition.key,
        "label": definition.label,
        "type": kind,
        "value": stored,
        "display": display,
    }
