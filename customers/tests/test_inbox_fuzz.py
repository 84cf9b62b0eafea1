"""Every GET parameter of every Atención al cliente list, fed odd values: always a page,
never a server error, and a refused value said in Spanish next to what the seller typed.

The parameters are found, not listed (the list's FilterSet and the page), as in the
support trays' fuzz test (cases/tests/test_tray_fuzz.py). "Todas las solicitudes" gets
every odd value; the other lists, which share its FilterSet, a sample.
"""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.models import Seller
from customers.filters import RequestFilter
from customers.inbox import ALL, LISTS
from customers.models import CustomerRequest
from customers.views.inbox import RequestListView
from supportcenter.tests.hostile import HOSTILE_SAMPLE, HOSTILE_VALUES, raw_query_strings

pytestmark = pytest.mark.django_db


def list_parameters(request_list) -> list[str]:
    filters = RequestFilter(
        queryset=CustomerRequest.objects.none(), seller=Seller(), request_list=request_list
    )
    return [*filters.filters, RequestListView.page_kwarg]


PARAMETERS = [(lst, name) for lst in LISTS for name in list_parameters(lst)]


def problems_with(response, name, typed) -> list[str]:
    sent = f"{name}={typed!r}"
    if response.status_code != HTTPStatus.OK:
        return [f"{sent}: HTTP {response.status_code}"]
    found = []
    page = response.content.decode()
    filterset = response.context["filter"]
    with translation.override("en"):
        english = RequestFilter(
            filterset.data,
            queryset=CustomerRequest.objects.none(),
            seller=response.context["view"].seller,
            request_list=response.context["view"].request_list,
        ).form.errors
        english = {field: list(messages) for field, messages in english.items()}
    for field, messages in filterset.form.errors.items():
        for message in messages:
            if escape(message) not in page:
                found.append(f"{sent}: {message!r} is not on the page")
            if message in english.get(field, []):
                found.append(f"{sent}: {message!r} is not in Spanish")
    field = filterset.form.fields.get(name)
    boxed = field is not None and field.widget.input_type in {"text", "search", "date"}
    if typed and boxed and f'value="{escape(typed)}"' not in page:
        found.append(f"{sent}: not kept in the form")
    return found


@pytest.fixture
def seller_client(seller_client):
    seller_client.raise_request_exception = False
    return seller_client


@pytest.mark.parametrize(
    ("request_list", "name"), PARAMETERS, ids=[f"{lst.slug}-{name}" for lst, name in PARAMETERS]
)
def test_odd_values_give_a_page_with_a_clear_message(seller_client, request_list, name):
    url = reverse("customers:list", args=[request_list.slug])
    values = HOSTILE_VALUES if request_list is ALL else HOSTILE_SAMPLE

    problems = [
        problem
        for value in values
        for problem in problems_with(seller_client.get(url, {name: value}), name, value)
    ]

    assert problems == []


@pytest.mark.parametrize("name", list_parameters(ALL))
def test_malformed_query_strings_give_a_page(seller_client, name):
    url = reverse("customers:list", args=[ALL.slug])

    statuses = [seller_client.get(f"{url}?{raw}").status_code for raw in raw_query_strings(name)]

    assert set(statuses) == {HTTPStatus.OK}
