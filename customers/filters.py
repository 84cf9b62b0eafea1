"""The list filters: kind, status, order number, dates received, and a search box. All
GET parameters, so a filtered list is a link that can be shared."""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller
from cases.filters import FormHtmlKeyMixin, SearchFilter, within_filter_dates

from .inbox import RequestList
from .models import RequestKind, RequestStatus
from .search import matching

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Enter a valid date, e.g. 27-11-2026.")}
CHOICE_ERRORS = {"invalid_choice": _("Choose one of the options in the list.")}


def local_midnight(day: date) -> datetime:
    # The active zone: the seller's for a seller's user (a day typed is their own day).
    return timezone.make_aware(datetime.combine(day, time.min))


class RequestFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            self.add_error(
                "received_to",
                ValidationError(
                    _("The end date must not be before the start date."), code="date_range"
                ),
            )
        return cleaned


class RequestFilter(FormHtmlKeyMixin, django_filters.FilterSet):
    q = SearchFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        help_text=_("The buyer, the product or SKU, the order or words of the message."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=RequestKind.choices,
        empty_label=_("All"),
        error_messages=CHOICE_ERRORS,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), error_messages=CHOICE_ERRORS
    )
    order_number = SearchFilter(label=_("Order number"), max_length=40, method="order")
    received_from = django_filters.DateFilter(
        label=_("Received from"),
        method="since",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        validators=[within_filter_dates],
    )
    received_to = django_filters.DateFilter(
        label=_("Received until"),
        method="until",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        # The day after 31-12-9999 does not exist: dates outside a sane range are refused.
        validators=[within_filter_dates],
    )

    class Meta:
        form = RequestFilterForm

    def __init__(
        self,
        *args,
        seller: Seller,
        request_list: RequestList,
        words_row_by_row: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.seller = seller  # whose words the search looks up (customers/search.py)
        # A short list is read in its order, each request's words checked (search.py).
        self.words_row_by_row = words_row_by_row
        if len(request_list.statuses) > 1:
            self.filters["status"].extra["choices"] = [
                (value, RequestStatus(value).label) for value in request_list.statuses
            ]
        else:
            del self.filters["status"]

    @property
    def narrowing(self) -> dict:
        """The valid filters typed, empty ones left out."""
        cleaned = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        return {name: value for name, value in cleaned.items() if value not in (None, "")}

    @property
    def is_filtering(self) -> bool:
        return bool(self.narrowing)

    @property
    def is_searching(self) -> bool:
        """Words typed in the search box (the list is then counted up to a cap)."""
        return bool(str(self.narrowing.get("q", "")).strip())

    def statuses_listed(self, request_list: RequestList) -> tuple[str, ...] | None:
        """The statuses listed when only the status narrows the list (its length is then
        a sum of the kept counts); None otherwise."""
        if request_list.due_today:
            return None
        narrowing = self.narrowing
        status = narrowing.pop("status", None)
        if narrowing:
            return None
        return (status,) if status else request_list.statuses

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return matching(
            queryset,
            value.strip(),
            seller_id=self.seller.pk,
            indexed=not self.words_row_by_row,
        )

    def order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(order_number=value.strip()) if value.strip() else queryset

    def since(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(received_at__gte=local_midnight(value))

    def until(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(received_at__lt=local_midnight(value + timedelta(days=1)))
