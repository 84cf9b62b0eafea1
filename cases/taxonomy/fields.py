"""A cause's field definitions turned into form fields, and answers into what is stored.

The wizard builds its "Datos del caso" form from these; `case_create` stores the answers
with the label that was asked, so renaming a field later never rewrites a filed case.
"""

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from supportcenter.text import MultiLineField, SingleLineField

from .. import money
from ..files.uploads import ACCEPT_ATTRIBUTE, check_uploads
from ..models import CaseField, FieldType

DEFAULT_PATTERNS = {
    FieldType.ORDER_NUMBER: (
        r"^[0-9]{6,20}$",
        _("Enter the order number with digits only (6 to 20)."),
    ),
    # Sellers make up their SKUs: any letter (Ñ, accents) and spaces inside; 50 at most.
    FieldType.SKU: (
        r"^(?=.{1,50}$)[^\W_](?: *[\w.\-/])*$",
        _("Enter a SKU with letters, digits, spaces, dots, dashes, slashes or underscores."),
    ),
}
# A date field without its own range: five years back, one year ahead (CaseField's help).
DATE_DAYS_PAST = 5 * 365 + 1
DATE_DAYS_AHEAD = 365


class AmountField(forms.DecimalField):
    """An amount in a currency, as sellers of its country type it: 15000, 15.000 or
    15.000,50 in Chile; 1500.50 or 1,500.50 in Peru and Mexico. Pesos of Chile and
    Colombia take no decimals."""

    default_error_messages = {
        "max_digits": _("The amount is too large."),
        "max_whole_digits": _("The amount is too large."),
        "max_decimal_places": _("Use at most 2 decimals."),
    }

    def __init__(self, *, currency: str, **kwargs):
        self.currency = currency
        decimals = money.convention(currency).decimals
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(max_digits=14, decimal_places=decimals, **kwargs)
        example = money.number(Decimal("15000.5") if decimals else Decimal(15000), currency)
        self.error_messages["invalid"] = _("Enter an amount, e.g. %(example)s.") % {
            "example": example
        }
        if not decimals:
            self.error_messages["max_decimal_places"] = _("Enter the amount without decimals.")

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            parsed = money.parse_amount(value, self.currency)
            if parsed is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            # 15.000,00 is 15.000: only cents that are there count as decimals.
            value = parsed.quantize(Decimal(1)) if parsed == parsed.to_integral() else parsed
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


def _bounds_validators(definition: CaseField, currency: str | None) -> list:
    """Minimum and maximum, written in the message as the seller writes numbers (an
    amount in its currency's way)."""

    def shown(bound, *, lower: bool) -> str:
        if currency:
            return money.bound_text(bound, currency, lower=lower)
        decimals = 0 if definition.field_type == FieldType.INTEGER else None
        return formats.number_format(bound, decimals, use_l10n=True)

    found = []
    if definition.min_value is not None:
        found.append(
            MinValueValidator(
                definition.min_value,
                _("Enter a value of at least %(bound)s.")
                % {"bound": shown(definition.min_value, lower=True)},
            )
        )
    if definition.max_value is not None:
        found.append(
            MaxValueValidator(
                definition.max_value,
                _("Enter a value of at most %(bound)s.")
                % {"bound": shown(definition.max_value, lower=False)},
            )
        )
    return found


def date_range(definition: CaseField, today: date) -> tuple[date, date]:
    """The earliest and latest answer a date field takes on this day."""
    past = DATE_DAYS_PAST if definition.date_days_past is None else definition.date_days_past
    ahead = DATE_DAYS_AHEAD if definition.date_days_ahead is None else definition.date_days_ahead
    return today - timedelta(days=past), today + timedelta(days=ahead)


def _date_field(common: dict, definition: CaseField) -> forms.DateField:
    """A date within the field's range around today (the seller's day), in the browser's
    date picker too."""
    earliest, latest = date_range(definition, timezone.localdate())
    shown = {
        "earliest": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
        "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
    }
    return forms.DateField(
        widget=forms.DateInput(
            attrs={"type": "date", "min": earliest.isoformat(), "max": latest.isoformat()},
            format="%Y-%m-%d",
        ),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        validators=[
            MinValueValidator(earliest, _("Enter a date from %(earliest)s to %(latest)s.") % shown),
            MaxValueValidator(latest, _("Enter a date from %(earliest)s to %(latest)s.") % shown),
        ],
        **common,
    )


def build_form_field(definition: CaseField, *, country: str) -> forms.Field:
    """The Django form field that asks one CaseField of a seller of this country (its
    options and currency can differ by country; prefetch `per_country`)."""
    kind = definition.field_type
    currency = definition.currency_for(country) if kind == FieldType.AMOUNT else None
    common = {
        "label": definition.label,
        "required": definition.required,
        # Django and crispy-forms render a help text as HTML: an agent's is made text here.
        "help_text": escape(definition.help_text),
        "error_messages": {
            "required": _("This field is required."),
            **ERROR_MESSAGES.get(kind, {}),
        },
    }
    if kind in (FieldType.INTEGER, FieldType.AMOUNT):
        common["validators"] = _bounds_validators(definition, currency)
    if kind == FieldType.LONG_TEXT:
        field = MultiLineField(
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=definition.max_length or 5000,
            **common,
        )
    elif kind == FieldType.INTEGER:
        field = forms.IntegerField(**common)
    elif kind == FieldType.AMOUNT:
        note = _("Amount in %(currency)s.") % {"currency": money.Currency(currency).label}
        help_text = common["help_text"]
        common["help_text"] = format_html("{} {}", help_text, note) if help_text else escape(note)
        field = AmountField(currency=currency, **common)
    elif kind == FieldType.DATE:
        field = _date_field(common, definition)
    elif kind == FieldType.MONTH:
        field = MonthField(**common)
    elif kind == FieldType.CHOICE:
        options = definition.options_for(country)
        choices = [("", _("Choose an option"))] + [(o, o) for o in options]
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


def serialize_answer(definition: CaseField, value, *, country: str) -> dict:
    """What is stored for one answer of a seller of this country: the label asked, the
    value as JSON, a display, and an amount's currency."""
    kind = definition.field_type
    extra = {}
    if value in (None, "", []):
        stored, display = None, ""
    elif kind == FieldType.AMOUNT:
        extra["currency"] = currency = definition.currency_for(country)
        stored = str(Decimal(value).quantize(money.quantum(currency)))
        display = money.format_amount(Decimal(stored), currency)
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
        **extra,
    }


def answer_display(answer: dict, *, country: str) -> str:
    """What a stored answer shows. An amount is written again in its currency's way:
    answers filed before fields had currencies showed pesos with cents ($ 15.000,00)."""
    if answer.get("type") == FieldType.AMOUNT and answer.get("value") is not None:
        currency = answer.get("currency") or money.COUNTRY_CURRENCY.get(country, "CLP")
        try:
            return money.format_amount(Decimal(answer["value"]), currency)
        except (InvalidOperation, TypeError):
            pass
    return answer.get("display") or ""
