"""What a tray shows first: "Más filtros" stays folded unless something in it is set, so
a phone shows the first case without scrolling (the browser journey in e2e/test_phone.py
measures it at 390×844)."""

import re

import pytest
from django.urls import reverse

from cases.tests.factories import CauseFactory, create_case

pytestmark = pytest.mark.django_db


def more_filters_open(client, **params) -> bool:
    page = client.get(reverse("cases:tray", args=["todos"]), params).content.decode()
    assert "Más filtros</summary>" in page
    return re.search(r"<details[^>]*\sopen>", page) is not None


@pytest.fixture
def cause(seller_user):
    cause = CauseFactory(name="Pago no recibido")
    create_case(seller_user, cause=cause)
    return cause


class TestMoreFilters:
    @pytest.mark.parametrize(
        "params",
        [{}, {"q": "etiqueta"}, {"q": "10000001"}, {"orden": "-created"}, {"q": "", "area": ""}],
        ids=["nothing", "words", "a number", "the default sort", "blanks"],
    )
    def test_stay_folded_when_nothing_in_them_is_set(self, seller_client, cause, params):
        assert not more_filters_open(seller_client, **params)

    @pytest.mark.parametrize(
        "params",
        [
            {"status": "open"},
            {"record_type": "RECORD_TYPE"},
            {"area": "AREA"},
            {"cause": "CAUSE"},
            {"created_from": "2026-11-01"},
            {"created_to": "2026-11-30"},
            {"orden": "updated"},
            {"q": "etiqueta", "orden": "-eta"},
            {"created_from": "ayer"},  # wrong: its error shows
            {"area": "999999"},
        ],
    )
    def test_unfold_when_one_of_them_is_set_or_wrong(self, seller_client, cause, params):
        ids = {"RECORD_TYPE": cause.area.record_type_id, "AREA": cause.area_id, "CAUSE": cause.pk}
        params = {name: ids.get(value, value) for name, value in params.items()}

        assert more_filters_open(seller_client, **params)
