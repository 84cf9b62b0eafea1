"""Every GET parameter of every tray, fed odd values: always a page, never a server error.

The parameters are found, not listed: the tray's FilterSet's filters and the page. A new
filter is fuzzed as soon as it exists. A refused value is said on the page, in Spanish,
next to what the seller typed.

"Todos los casos" (every filter, every status) gets every odd value; the other trays,
which share its FilterSet, one or two of each kind: every value everywhere would take
minutes.
"""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.models import Seller
from cases.filters import CaseFilter
from cases.models import Case
from cases.selectors.cases import filter_taxonomy
from cases.tests.factories import create_case
from cases.trays import ALL, TRAYS
from cases.views.trays import TrayView
from supportcenter.tests.hostile import HOSTILE_SAMPLE, HOSTILE_VALUES, raw_query_strings

pytestmark = pytest.mark.django_db


def tray_parameters(tray) -> list[str]:
    return [
        *CaseFilter(queryset=Case.objects.none(), seller=Seller(), tray=tray, causes=[]).filters,
        TrayView.page_kwarg,
    ]


PARAMETERS = [(tray, name) for tray in TRAYS for name in tray_parameters(tray)]


def english_errors(response) -> dict[str, list[str]]:
    """The same form's errors in English: a message that reads the same is untranslated."""
    filterset = response.context["filter"]
    with translation.override("en"):
        again = CaseFilter(
            filterset.data,
            queryset=Case.objects.none(),
            seller=response.wsgi_request.user.seller,
            tray=response.context["tray"],
            causes=filter_taxonomy(seller=response.wsgi_request.user.seller),
        )
        return {name: list(messages) for name, messages in again.form.errors.items()}


def problems_with(response, name, typed=None, *, sent=None) -> list[str]:
    """What is wrong with the page a value got: nothing, or why a seller would be lost.
    `typed`: the value as the form got it; `sent`: the query string, when it is raw."""
    sent = sent or f"{name}={typed!r}"
    if response.status_code != HTTPStatus.OK:
        error = response.exc_info[1] if response.exc_info else None
        return [f"{sent}: HTTP {response.status_code} {error!r}"[:300]]
    found = []
    page = response.content.decode()
    form = response.context["filter"].form
    english = english_errors(response)
    for field, messages in form.errors.items():
        for message in messages:
            if escape(message) not in page:
                found.append(f"{sent}: {message!r} is not on the page")
            if message in english[field]:
                found.append(f"{sent}: {message!r} is not in Spanish")
    field = form.fields.get(name)
    typed_in_a_box = field is not None and field.widget.input_type in {"text", "search", "date"}
    # What the seller typed stays in the box, to be corrected.
    if typed and typed_in_a_box and f'value="{escape(typed)}"' not in page:
        found.append(f"{sent}: not kept in the form")
    return found


@pytest.fixture
def seller_client(seller_client):
    # A server error is one more problem to list, not the end of the test.
    seller_client.raise_request_exception = False
    return seller_client


@pytest.fixture
def some_cases(seller_user):
    return [create_case(seller_user, subject=f"Etiqueta {n}") for n in range(3)]


@pytest.mark.parametrize(
    ("tray", "name"), PARAMETERS, ids=[f"{tray.slug}-{name}" for tray, name in PARAMETERS]
)
def test_every_parameter_takes_any_value(seller_client, some_cases, tray, name):
    url = reverse("cases:tray", args=[tray.slug])
    every = tray == ALL
    problems = []
    for value in HOSTILE_VALUES if every else HOSTILE_SAMPLE:
        problems += problems_with(seller_client.get(url, {name: value}), name, value)
    for query in raw_query_strings(name, sample=not every):
        problems += problems_with(seller_client.get(f"{url}?{query}"), name, sent=query)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("tray", TRAYS, ids=lambda tray: tray.slug)
@pytest.mark.parametrize("value", HOSTILE_VALUES[::7])
def test_every_parameter_at_once(seller_client, some_cases, tray, value):
    response = seller_client.get(
        reverse("cases:tray", args=[tray.slug]), dict.fromkeys(tray_parameters(tray), value)
    )

    assert problems_with(response, "*", value) == []


class TestWhatTheIssueFound:
    @pytest.mark.parametrize("text", ["²", "³¹", "①", "١٢٣", "𝟠"])
    def test_digits_that_are_not_ascii_are_searched_as_words(self, seller_client, some_cases, text):
        response = seller_client.get(reverse("cases:tray", args=["todos"]), {"q": text})

        assert response.status_code == HTTPStatus.OK
        assert list(response.context["cases"]) == []
        assert f'value="{text}"' in response.content.decode()

    @pytest.mark.parametrize("name", ["created_from", "created_to"])
    @pytest.mark.parametrize("typed", ["9999-12-31", "31-12-9999", "0001-01-01", "1999-12-31"])
    def test_a_date_out_of_range_is_refused_in_spanish_and_kept(
        self, seller_client, some_cases, name, typed
    ):
        response = seller_client.get(reverse("cases:tray", args=["todos"]), {name: typed})

        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "Ingresa una fecha entre el 01-01-2000 y el 31-12-2099." in page
        assert f'value="{typed}"' in page
        assert len(response.context["cases"]) == len(some_cases)  # the filter is left out

    @pytest.mark.parametrize("typed", ["2000-01-01", "2099-12-31"])
    def test_the_first_and_last_dates_are_taken(self, seller_client, some_cases, typed):
        response = seller_client.get(
            reverse("cases:tray", args=["todos"]),
            {"created_from": "2000-01-01", "created_to": typed},
        )

        assert response.context["filter"].form.errors == {}

    def test_a_search_too_long_is_refused_in_spanish_and_kept(self, seller_client, some_cases):
        response = seller_client.get(reverse("cases:tray", args=["todos"]), {"q": "x" * 201})

        page = response.content.decode()
        assert "La búsqueda debe tener menos de 200 caracteres." in page
        assert f'value="{"x" * 201}"' in page

    def test_invisible_and_nul_characters_are_left_out_of_the_search(
        self, seller_client, some_cases
    ):
        response = seller_client.get(
            reverse("cases:tray", args=["todos"]), {"q": "Eti\u200bque\x00ta\u202e 1"}
        )

        assert [case.subject for case in response.context["cases"]] == ["Etiqueta 1"]


def test_the_parameters_are_every_filter_and_the_page(seller_user, some_cases):
    causes = filter_taxonomy(seller=seller_user.seller)
    filterset = CaseFilter(
        {}, queryset=Case.objects.none(), seller=seller_user.seller, tray=TRAYS[-1], causes=causes
    )

    assert set(tray_parameters(TRAYS[-1])) == {*filterset.form.fields, "page"}
