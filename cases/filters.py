"""The tray filters: status, reason, creation dates, a search box and the sort order.

Everything is a GET parameter, so a filtered, sorted page is a link that can be shared.
"""

import hashlib
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, QuerySet
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller
from supportcenter.text import SingleLineField

from .models import Cause
from .search import WordQuery, case_number, matching, stems_of, words_of
from .status import CaseStatus
from .trays import Tray

# `orden` values → ORDER BY. Anything else is refused by the form (a whitelist).
SORTS = {
    "-created": ("-created_at", "-pk"),
    "created": ("created_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "updated": ("updated_at", "pk"),
    "eta": (F("eta_due_at").asc(nulls_last=True), "pk"),
    "-eta": (F("eta_due_at").desc(nulls_last=True), "-pk"),
    "-number": ("-number",),
    "number": ("number",),
}
SORT_LABELS = {
    "-created": _("Newest first"),
    "created": _("Oldest first"),
    "-updated": _("Recently updated first"),
    "updated": _("Longest without updates first"),
    "eta": _("Estimated resolution, soonest first"),
    "-eta": _("Estimated resolution, latest first"),
    "-number": _("Case number, highest first"),
    "number": _("Case number, lowest first"),
}
DEFAULT_SORT = "-created"
# The orders a word search can read from the words' index (creation date): True when the
# newest come first.
WORD_INDEX_SORTS = {"-created": True, "created": False}
# Which way a column sorts first when its header is clicked.
FIRST_DIRECTION = {"number": "-number", "created": "-created", "updated": "-updated", "eta": "eta"}

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Enter a valid date, e.g. 27-11-2026.")}
# The dates a filter takes. Outside them a date is a typo, and at the calendar's edges
# the day after 31-12-9999 (the end of "created until") does not exist.
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)
# "Todas" for the feminine nouns (área, causa), "Todos" for the others.
ALL_FEMININE = pgettext_lazy("filter option, feminine noun", "All")
CHOICE_ERRORS = {"invalid_choice": _("Choose one of the options in the list.")}


def within_filter_dates(value: date) -> None:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="out_of_range",
            params={
                "first": formats.date_format(FIRST_DATE, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(LAST_DATE, "SHORT_DATE_FORMAT"),
            },
        )


class SearchFilter(django_filters.CharFilter):
    # Without invisible and control characters (NUL included): supportcenter/text.py.
    field_class = SingleLineField


def local_midnight(day: date) -> datetime:
    # In the active time zone: for a seller's user, the seller's (accounts.time_zones), so a
    # day typed in the filters is the seller's own day.
    return timezone.make_aware(datetime.combine(day, time.min))


class CaseFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("created_from"), cleaned.get("created_to")
        if start and end and start > end:
            self.add_error(
                "created_to",
                ValidationError(
                    _("The end date must not be before the start date."), code="date_range"
                ),
            )
        return cleaned


class FormHtmlKeyMixin:
    """For a FilterSet whose form's HTML a template caches (tray_filters.html, the
    inbox's request_filters.html): the key it is cached under."""

    def html_key(self) -> str:
        """Everything this form's HTML depends on: what was typed, every option offered,
        the language. The template caches the HTML under it: the same key is the same
        HTML, so a cached form is never out of date (renaming a cause changes it)."""
        fields = self.form.fields
        typed = (
            sorted((name, tuple(self.data.getlist(name))) for name in self.data if name in fields)
            if self.is_bound
            else []
        )
        offered = [(name, _flat(getattr(field, "choices", ()))) for name, field in fields.items()]
        state = repr((typed, offered, get_language()))
        return hashlib.sha256(state.encode()).hexdigest()


class CaseFilter(FormHtmlKeyMixin, django_filters.FilterSet):
    q = SearchFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        error_messages={"max_length": _("Keep the search under %(limit_value)d characters.")},
        help_text=_("A case number, or words of the subject or description."),
        # A search box, as on the support home: phones show their "search" key.
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), error_messages=CHOICE_ERRORS
    )
    record_type = django_filters.ChoiceFilter(
        label=_("Record type"), empty_label=_("All"), error_messages=CHOICE_ERRORS
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), empty_label=ALL_FEMININE, error_messages=CHOICE_ERRORS
    )
    cause = django_filters.ChoiceFilter(
        label=_("Cause"), empty_label=ALL_FEMININE, error_messages=CHOICE_ERRORS
    )
    created_from = django_filters.DateFilter(
        label=_("Created from"),
        method="created_since",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        validators=[within_filter_dates],
    )
    created_to = django_filters.DateFilter(
        label=_("Created until"),
        method="created_until",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        validators=[within_filter_dates],
    )
    orden = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=list(SORT_LABELS.items()),
        empty_label=None,
        method="sort",
        error_messages=CHOICE_ERRORS,
    )

    class Meta:
        form = CaseFilterForm

    def __init__(self, *args, seller: Seller, tray: Tray, causes: list[Cause], **kwargs):
        super().__init__(*args, **kwargs)
        self.seller, self.tray = seller, tray
        if len(tray.statuses) > 1:
            self.filters["status"].extra["choices"] = [
                (value, CaseStatus(value).label) for value in tray.statuses
            ]
        else:
            del self.filters["status"]
        record_types, areas, by_area = {}, {}, {}
        for cause in causes:
            area = cause.area
            record_types[area.record_type_id] = area.record_type.name
            # Several record types have an area of the same name: each option (and the
            # closed select, which shows the chosen option alone) names both.
            areas[area.pk] = f"{area.record_type.name} › {area.name}"
            by_area.setdefault(areas[area.pk], []).append((str(cause.pk), cause.name))
        self.filters["record_type"].extra["choices"] = [
            (str(pk), name) for pk, name in record_types.items()
        ]
        self.filters["area"].extra["choices"] = [(str(pk), name) for pk, name in areas.items()]
        self.filters["cause"].extra["choices"] = list(by_area.items())

    @property
    def is_filtering(self) -> bool:
        """Whether any filter (not just the sort order) narrows the list."""
        if not self.is_bound:
            return False
        cleaned = getattr(self.form, "cleaned_data", {})
        return any(value not in (None, "") for name, value in cleaned.items() if name != "orden")

    def statuses_listed(self, tray: Tray) -> tuple[str, ...] | None:
        """The statuses the list holds when nothing but the status narrows it (then its
        length is a sum of the seller's counts); None when another filter applies."""
        cleaned = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        narrowing = {
            name: value
            for name, value in cleaned.items()
            if name != "orden" and value not in (None, "")
        }
        status = narrowing.pop("status", None)
        if narrowing:
            return None
        return (status,) if status else tray.statuses

    @cached_property
    def word_query(self) -> WordQuery | None:
        """The word search as the words' index answers it (cases/search.py), when it can:
        on PostgreSQL, words (not a case number), sorted by creation date, narrowed by
        status and dates at most. Then the list's page and length come from
        `seller_word_page` (TrayView), and the queryset is not filtered by the words."""
        cleaned = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        text = cleaned.get("q") or ""
        if (
            connections[self.queryset.db].vendor != "postgresql"
            or case_number(text) is not None
            or not (words := words_of(text))
            or (cleaned.get("orden") or DEFAULT_SORT) not in WORD_INDEX_SORTS
            or any(cleaned.get(name) for name in ("record_type", "area", "cause"))
        ):
            return None
        stems = stems_of(words, using=self.queryset.db)
        if stems is None:
            return None
        if status := cleaned.get("status"):
            statuses = (status,)
        else:  # None: every status, nothing to check ("Todos")
            statuses = None if self.tray.lists_every_status else tuple(self.tray.statuses)
        start, end = cleaned.get("created_from"), cleaned.get("created_to")
        return WordQuery(
            seller_id=self.seller.pk,
            stems=tuple(stems),
            statuses=statuses,
            since=local_midnight(start) if start else None,
            until=local_midnight(end + timedelta(days=1)) if end else None,
            newest_first=WORD_INDEX_SORTS[cleaned.get("orden") or DEFAULT_SORT],
            using=self.queryset.db,
        )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        number = case_number(value)
        if number is not None:
            # A case number: answered from its unique index (one too large finds nothing).
            return queryset.filter(number=number)
        if self.word_query is not None:
            return queryset  # the page's ids come from the words' index (TrayView)
        return matching(queryset, value, seller_id=self.seller.pk)

    def created_since(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        # A range on the column itself (not created_at__date): the indexes still apply.
        return queryset.filter(created_at__gte=local_midnight(value))

    def created_until(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(created_at__lt=local_midnight(value + timedelta(days=1)))

    def sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS[value])


def _flat(choices) -> list[tuple[str, ...]]:
    """Choices (with option groups) as plain strings, lazy labels translated."""
    flat = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat += [(str(value), *pair) for pair in _flat(label)]
        else:
            flat.append((str(value), str(label)))
    return flat
