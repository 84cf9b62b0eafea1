"""What a case is linked to outside the support center (cases/references.py): another app
registers how to name and link its references; the cases app never imports it."""

import pytest
from django.urls import reverse

from cases.references import (
    ReferenceKind,
    describe_reference,
    register_reference_kind,
    unregister_reference_kind,
)
from cases.tests.factories import create_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices():
    register_reference_kind(
        ReferenceKind(prefix="test-invoice", describe=lambda v: (f"Factura {v}", f"/f/{v}/"))
    )
    yield
    unregister_reference_kind("test-invoice")


class TestReferences:
    def test_a_registered_kind_names_and_links_its_references(self, invoices):
        reference = describe_reference("test-invoice:77")

        assert (reference.label, reference.url) == ("Factura 77", "/f/77/")

    def test_an_unknown_kind_is_shown_as_it_is_and_nothing_as_nothing(self):
        assert describe_reference("elsewhere:1").label == "elsewhere:1"
        assert describe_reference("elsewhere:1").url is None
        assert describe_reference("") is None

    def test_the_case_page_links_it(self, invoices, seller_client, seller_user):
        case = create_case(seller_user, external_reference="test-invoice:77")

        page = seller_client.get(reverse("cases:detail", args=[case.number])).content.decode()

        assert '<a href="/f/77/">Factura 77</a>' in page and "Vinculado a" in page
