"""How a support case names and links the customer request it was escalated from
(cases.references: the case keeps "customer-request:<id>" in `external_reference`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import CustomerRequest

PREFIX = "customer-request"


def request_reference(request: CustomerRequest) -> str:
    return f"{PREFIX}:{request.pk}"


def describe_request_reference(value: str) -> tuple[str, str | None]:
    label = _("Customer request No. %(number)s") % {"number": value}
    if not value.isdigit():
        return label, None
    return label, reverse("customers:detail", kwargs={"pk": int(value)})
