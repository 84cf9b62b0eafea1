"""The case taxonomy agents configure in the admin: record type → area → cause → fields."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Country

from ..money import COUNTRY_CURRENCY, Currency


class TaxonomyNode(models.Model):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown to sellers under the name.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive options are no longer offered; existing cases keep them."),
    )

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ResponseTargets(models.Model):
    """How soon support answers (business hours in the seller's calendar, cases/clocks.py):
    the first reply after filing, and each reply after the seller writes again."""

    first_response_hours = models.PositiveSmallIntegerField(
        _("first response target (business hours)"), null=True, blank=True
    )
    next_response_hours = models.PositiveSmallIntegerField(
        _("next response target (business hours)"), null=True, blank=True
    )

    class Meta:
        abstract = True


class RecordType(ResponseTargets, TaxonomyNode):
    """Tipo de registro / motivo del caso: Consulta, Solicitud, Reclamo o apelación.

    Its response targets are the defaults of its causes (empty: the site's defaults,
    CASE_FIRST_RESPONSE_HOURS and CASE_NEXT_RESPONSE_HOURS)."""

    class Meta(TaxonomyNode.Meta):
        verbose_name = _("record type")
        verbose_name_plural = _("record types")
        constraints = [models.UniqueConstraint("name", name="cases_recordtype_name_unique")]


class Area(TaxonomyNode):
    """Área / proceso, offered under one record type."""

    record_type = models.ForeignKey(
        RecordType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="areas"
    )

    class Meta(TaxonomyNode.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint("record_type", "name", name="cases_area_name_unique"),
        ]

    def __str__(self):
        return f"{self.record_type.name} › {self.name}"


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class TargetUnit(models.TextChoices):
    HOURS = "hours", _("business hours")
    DAYS = "days", _("business days")


class Cause(ResponseTargets, TaxonomyNode):
    """Causa / motivo: what the seller needs, with its resolution target and its fields.

    Empty response targets: its record type's."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="causes"
    )
    seller_help = models.TextField(
        _("help for the seller"),
        blank=True,
        help_text=_("Shown before the case form, so a seller can solve it alone when possible."),
    )
    subject_example = models.CharField(
        _("subject example"),
        max_length=120,
        blank=True,
        help_text=_("A subject a seller could write for this cause, shown under the subject."),
    )
    target_value = models.PositiveSmallIntegerField(_("resolution target"), default=3)
    target_unit = models.CharField(
        _("target unit"), max_length=5, choices=TargetUnit.choices, default=TargetUnit.DAYS
    )
    default_priority = models.CharField(
        _("default priority"), max_length=6, choices=Priority.choices, default=Priority.NORMAL
    )

    class Meta(TaxonomyNode.Meta):
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        constraints = [
            models.UniqueConstraint("area", "name", name="cases_cause_name_unique"),
            models.CheckConstraint(
                condition=models.Q(target_value__gt=0), name="cases_cause_target_positive"
            ),
        ]

    def __str__(self):
        return f"{self.area} › {self.name}"

    @property
    def target_display(self) -> str:
        """The resolution target in words: "1 día hábil", "3 días hábiles", "1 hora hábil"."""
        if self.target_unit == TargetUnit.HOURS:
            text = ngettext("%(n)d business hour", "%(n)d business hours", self.target_value)
        else:
            text = ngettext("%(n)d business day", "%(n)d business days", self.target_value)
        return text % {"n": self.target_value}

    @property
    def is_offered(self) -> bool:
        """Offered to sellers: active, and so are its area and record type."""
        return self.is_active and self.area.is_active and self.area.record_type.is_active


class FieldType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    INTEGER = "integer", _("Integer")
    AMOUNT = "amount", _("Amount")
    DATE = "date", _("Date")
    MONTH = "month", _("Month")
    CHOICE = "choice", _("Choice")
    EMAIL = "email", _("Email")
    URL = "url", _("URL")
    ORDER_NUMBER = "order_number", _("Order number")
    SKU = "sku", _("SKU")
    FILE = "file", _("File")


NUMERIC_TYPES = {FieldType.INTEGER, FieldType.AMOUNT}
PATTERN_TYPES = {FieldType.SHORT_TEXT, FieldType.ORDER_NUMBER, FieldType.SKU}


def option_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$",
    _("Use lowercase letters, digits and underscores, starting with a letter."),
    code="invalid_key",
)


def key_from_label(label: str, *, taken: set[str]) -> str:
    """A valid key for a field labelled so, none of `taken`: "Número de guía" is
    numero_de_guia (then numero_de_guia_2, ...)."""
    base = slugify(label).replace("-", "_").strip("_")[:40] or "field"
    if not base[0].isalpha():
        base = f"f_{base}"[:40]
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


class CaseField(models.Model):
    """One field a cause asks the seller for, with its validation."""

    cause = models.ForeignKey(
        Cause, verbose_name=_("cause"), on_delete=models.CASCADE, related_name="fields"
    )
    label = models.CharField(_("label"), max_length=120)
    key = models.CharField(
        _("key"),
        max_length=50,
        validators=[key_validator],
        help_text=_(
            "Stable identifier of the answer, e.g. order_number. Empty: derived from the "
            "label. It cannot change once the cause has cases."
        ),
    )
    field_type = models.CharField(_("type"), max_length=12, choices=FieldType.choices)
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_(
            "For choice fields: one option per line. A country can have its own list "
            "(open the field)."
        ),
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveSmallIntegerField(_("maximum length"), null=True, blank=True)
    # A date's range moves with the day the seller answers: days before and after today.
    date_days_past = models.PositiveIntegerField(
        _("earliest date (days before today)"),
        null=True,
        blank=True,
        help_text=_("For date fields. Empty: up to 5 years before today."),
    )
    date_days_ahead = models.PositiveIntegerField(
        _("latest date (days after today)"),
        null=True,
        blank=True,
        help_text=_("For date fields: 0 is today at the latest. Empty: up to 1 year ahead."),
    )
    pattern = models.CharField(
        _("pattern"),
        max_length=200,
        blank=True,
        help_text=_("A regular expression the answer must match (order numbers, SKUs)."),
    )
    pattern_message = models.CharField(
        _("pattern error message"),
        max_length=200,
        blank=True,
        help_text=_("Shown to the seller when the answer does not match the pattern."),
    )

    class Meta:
        verbose_name = _("case field")
        verbose_name_plural = _("case fields")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint("cause", "key", name="cases_casefield_key_unique"),
        ]

    def __str__(self):
        return self.label

    @property
    def option_list(self) -> list[str]:
        return option_lines(self.options)

    def for_country(self, country: str) -> "CaseFieldCountry | None":
        if self.pk is None:
            return None
        # Reads the prefetched rows (forms prefetch `per_country`): no query per field.
        return next((row for row in self.per_country.all() if row.country == country), None)

    def options_for(self, country: str) -> list[str]:
        """The choice options sellers of this country see: theirs, or the field's."""
        row = self.for_country(country)
        return (row and row.option_list) or self.option_list

    def currency_for(self, country: str) -> str:
        """The currency of an amount for sellers of this country: the field's for that
        country if an agent set one, else the country's own."""
        row = self.for_country(country)
        return (row and row.currency) or COUNTRY_CURRENCY.get(country, Currency.CLP)

    def clean(self):
        errors = {}
        if self.field_type == FieldType.CHOICE and not self.option_list:
            errors["options"] = ValidationError(
                _("A choice field needs at least one option."), code="options_required"
            )
        if self.field_type not in NUMERIC_TYPES and (
            self.min_value is not None or self.max_value is not None
        ):
            errors["min_value"] = ValidationError(
                _("Minimum and maximum apply to integer and amount fields only."),
                code="bounds_not_numeric",
            )
        if self.field_type != FieldType.DATE and (
            self.date_days_past is not None or self.date_days_ahead is not None
        ):
            errors["date_days_past"] = ValidationError(
                _("The earliest and latest dates apply to date fields only."),
                code="date_range_not_date",
            )
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            errors["max_value"] = ValidationError(
                _("The maximum must not be below the minimum."), code="bounds_inverted"
            )
        if self.pattern:
            if self.field_type not in PATTERN_TYPES:
                errors["pattern"] = ValidationError(
                    _("A pattern applies to short text, order number and SKU fields."),
                    code="pattern_not_text",
                )
            else:
                try:
                    re.compile(self.pattern)
                except re.error as exc:
                    errors["pattern"] = ValidationError(
                        _("This is not a valid regular expression: %(error)s"),
                        code="pattern_invalid",
                        params={"error": exc},
                    )
        if errors:
            raise ValidationError(errors)


class CaseFieldCountry(models.Model):
    """What a cause field offers the sellers of one country, where it differs: the
    choice options (each country's couriers) and the currency of an amount."""

    field = models.ForeignKey(
        CaseField, verbose_name=_("field"), on_delete=models.CASCADE, related_name="per_country"
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_("For choice fields: one option per line. Empty: the field's options."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        blank=True,
        help_text=_("For amount fields. Empty: the country's currency."),
    )

    class Meta:
        verbose_name = _("country setting")
        verbose_name_plural = _("country settings")
        ordering = ["field", "country"]
        constraints = [
            models.UniqueConstraint("field", "country", name="cases_casefieldcountry_unique"),
        ]

    def __str__(self):
        return f"{self.field} ({self.get_country_display()})"

    @property
    def option_list(self) -> list[str]:
        return option_lines(self.options)

    def clean(self):
        kind = self.field.field_type if self.field_id else None
        if self.options.strip() and kind != FieldType.CHOICE:
            raise ValidationError(
                {"options": _("Options apply to choice fields only.")}, code="options_not_choice"
            )
        if self.currency and kind != FieldType.AMOUNT:
            raise ValidationError(
                {"currency": _("A currency applies to amount fields only.")},
                code="currency_not_amount",
            )
