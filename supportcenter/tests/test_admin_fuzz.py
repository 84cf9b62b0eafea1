"""Every query-string parameter of every admin list, fed odd values: never a server error.

The lists are the ModelAdmins registered on the admin site, and their parameters are
found, not listed: each list filter's own parameters, the search, the sort order, the
page, "show all", the date hierarchy, the facets and the popup parameters. A new admin,
filter or search is fuzzed as soon as it exists.

A list answers a page (an impossible filter simply finds nothing), or sends the agent to
the whole list with a notice in Spanish (Django's answer to a filter it cannot apply), or
refuses the request with the Spanish "bad request" page.
"""

from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
)
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import SellerFactory, UserFactory
from cases.models import Case
from cases.tests.factories import create_case
from notifications.models import OutboundEmail
from supportcenter.tests.hostile import HOSTILE_SAMPLE, raw_query_strings

pytestmark = [
    pytest.mark.django_db,
    # A date filter given 9999-12-31 (axes' lists): Django warns that it is naive, rightly.
    pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime"),
]

# What an agent reads when Django drops filters it cannot apply (admin/change_list.html),
# and on the "bad request" page (400.html).
FILTERS_DROPPED = "Algunos filtros de la dirección no se pudieron aplicar"
BAD_REQUEST = "La dirección tiene valores que no podemos leer"

MODEL_ADMINS = list(admin.site._registry.values())


def list_parameters(model_admin, user) -> list[str]:
    """Every GET parameter the list of `model_admin` reads."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    if model_admin.get_search_fields(request):
        names.append(SEARCH_VAR)
    if changelist.date_hierarchy:
        names += [f"{changelist.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return [*names, ORDER_VAR, PAGE_VAR, ALL_VAR, IS_FACETS_VAR, IS_POPUP_VAR, TO_FIELD_VAR]


def problems_with(response, sent) -> list[str]:
    """Why the answer to `sent` would leave an agent stuck: nothing, or a server error,
    or an answer none of the three above."""
    status = response.status_code
    if status == HTTPStatus.OK:
        return []
    if status == HTTPStatus.FOUND and response["Location"].endswith(f"?{ERROR_FLAG}=1"):
        return []  # the whole list and its notice: TestWhatAnAgentReads
    if status == HTTPStatus.BAD_REQUEST:
        return []  # the Spanish page: TestWhatAnAgentReads
    error = response.exc_info[1] if response.exc_info else None
    return [f"{sent}: HTTP {status} {error!r}"[:300]]


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    # A server error is one more problem to list, not the end of the test.
    client.raise_request_exception = False
    return client


@pytest.fixture
def rows(seller_user, agent):
    """A row or two in every list, so that every filter offers options."""
    SellerFactory(country="PE")
    UserFactory(seller=seller_user.seller)
    return [create_case(seller_user, subject=f"Etiqueta {n}") for n in range(2)]


@pytest.mark.parametrize("model_admin", MODEL_ADMINS, ids=lambda m: m.opts.label)
def test_every_parameter_takes_any_value(superuser_client, superuser, rows, model_admin):
    opts = model_admin.opts
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    problems = []
    for name in list_parameters(model_admin, superuser):
        for value in HOSTILE_SAMPLE:
            response = superuser_client.get(url, {name: value})
            problems += problems_with(response, f"{name}={value!r}"[:80])
        for query in raw_query_strings(name, sample=True):
            problems += problems_with(superuser_client.get(f"{url}?{query}"), query)

    assert not problems, "\n".join(problems)


class TestWhatAnAgentReads:
    @pytest.mark.parametrize(
        ("model", "query"),
        [
            (Case, "status__exact=%00"),
            (Case, "rating=%00"),
            (Case, "q=%00"),
            # The case list's "created" filter (it replaced the date hierarchy there).
            (Case, "created_at__gte=9999-99-99"),
            # A date hierarchy at the calendar's end, each level at once, and past it.
            (OutboundEmail, "created_at__year=9999"),
            (OutboundEmail, "created_at__year=9999&created_at__month=12"),
            (OutboundEmail, "created_at__year=9999&created_at__month=12&created_at__day=31"),
            (OutboundEmail, f"created_at__year={10**30}"),
        ],
        ids=lambda value: value if isinstance(value, str) else value._meta.label,
    )
    def test_a_filter_that_cannot_be_applied_leaves_the_whole_list_and_a_notice(
        self, superuser_client, rows, model, query
    ):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        OutboundEmail.objects.create(
            key="fuzz-1", kind="case_created", to_email="s@x.cl", subject="Asunto"
        )

        response = superuser_client.get(f"{url}?{query}", follow=True)

        assert response.redirect_chain == [(f"{url}?{ERROR_FLAG}=1", HTTPStatus.FOUND)]
        assert response.status_code == HTTPStatus.OK
        assert FILTERS_DROPPED in response.content.decode()
        assert len(response.context["cl"].result_list) == model.objects.count() > 0

    def test_the_notice_is_only_there_when_filters_were_dropped(self, superuser_client, rows):
        page = superuser_client.get(reverse("admin:cases_case_changelist")).content.decode()

        assert FILTERS_DROPPED not in page

    def test_a_refused_request_gets_a_spanish_page(self, superuser_client, rows):
        url = reverse("admin:cases_case_changelist")

        response = superuser_client.get(url, {TO_FIELD_VAR: "password"})

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert BAD_REQUEST in response.content.decode()


def test_the_parameters_include_every_filter_and_the_search(superuser):
    names = list_parameters(admin.site._registry[Case], superuser)
    dated = list_parameters(admin.site._registry[OutboundEmail], superuser)

    assert {"q", "o", "p", "status__exact", "assignee", "rating"} <= set(names)
    assert {"created_at__year", "created_at__month", "created_at__day"} <= set(dated)
