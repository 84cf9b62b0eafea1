"""Migration 0012: installs that loaded the default taxonomy before get its new data
where agents have not edited it, and filed cases read as they were filed."""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from accounts.models import Country
from accounts.tests.factories import SellerFactory, UserFactory
from cases.models import CaseField, CaseFieldCountry, Cause
from cases.taxonomy.defaults import COURIERS, COURIERS_BY_COUNTRY, load_default_taxonomy
from cases.tests.factories import create_case

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cases.migrations.0012_default_taxonomy_update")


@pytest.fixture
def as_shipped_before():
    """The default taxonomy as `load_default_taxonomy` created it before this change."""
    load_default_taxonomy()
    CaseFieldCountry.objects.all().delete()
    CaseField.objects.filter(key="reason").update(label="Motivo")
    CaseField.objects.filter(key="amount").update(help_text="En pesos, mayor que cero.")
    CaseField.objects.filter(key__in=["dispatch_deadline", "received_date"]).update(
        date_days_past=None, date_days_ahead=None
    )
    Cause.objects.update(subject_example="")


def update():
    migration.update_default_taxonomy(apps, None)


@pytest.mark.usefixtures("as_shipped_before")
class TestWhatAgentsDidNotEdit:
    def test_gets_the_new_data(self):
        update()

        assert not CaseField.objects.filter(label="Motivo").exists()
        assert CaseField.objects.filter(label="Justificación").count() == 7
        for field in CaseField.objects.filter(key__in=["courier", "carrier"]):
            for country in Country.values:
                assert field.options_for(country) == COURIERS_BY_COUNTRY[country].splitlines()
        for field in CaseField.objects.filter(key="amount"):
            assert field.help_text == "Mayor que cero."
            assert {c: field.currency_for(c) for c in Country.values} == {
                "CL": "CLP",
                "PE": "PEN",
                "CO": "COP",
                "MX": "MXN",
            }
            assert field.per_country.count() == 4
        received = CaseField.objects.filter(key="received_date").first()
        assert (received.date_days_past, received.date_days_ahead) == (365, 0)
        assert not Cause.objects.filter(subject_example="").exists()

    def test_running_it_twice_changes_nothing_more(self):
        update()
        rows = CaseFieldCountry.objects.count()

        update()

        assert CaseFieldCountry.objects.count() == rows

    def test_an_install_migrated_then_loaded_again_ends_as_a_new_one(self):
        update()

        assert load_default_taxonomy() == 0


@pytest.mark.usefixtures("as_shipped_before")
class TestWhatAgentsEdited:
    def test_stays_theirs(self):
        courier = CaseField.objects.filter(key="courier").first()
        courier.options = COURIERS + "\nMi courier"
        courier.save()
        reason = CaseField.objects.filter(key="reason").first()
        reason.label = "Motivo del reclamo"
        reason.save()
        amount = CaseField.objects.filter(key="amount").first()
        CaseFieldCountry.objects.create(field=amount, country=Country.PERU, currency="")
        cause = Cause.objects.get(name="Pago no recibido")
        cause.subject_example = "Mi ejemplo"
        cause.save()
        deadline = CaseField.objects.filter(key="dispatch_deadline").first()
        deadline.date_days_ahead = 5
        deadline.save()

        update()

        assert not courier.per_country.exists()
        reason.refresh_from_db()
        assert reason.label == "Motivo del reclamo"
        assert list(amount.per_country.values_list("country", "currency")) == [("PE", "")]
        cause.refresh_from_db()
        assert cause.subject_example == "Mi ejemplo"
        deadline.refresh_from_db()
        assert (deadline.date_days_past, deadline.date_days_ahead) == (None, 5)

    def test_a_field_of_an_agents_own_cause_is_left_alone(self):
        mine = Cause.objects.create(area=Cause.objects.first().area, name="Mi causa")
        CaseField.objects.create(cause=mine, key="reason", label="Motivo", field_type="long_text")

        update()

        assert CaseField.objects.get(cause=mine).label == "Motivo"


@pytest.mark.usefixtures("as_shipped_before")
def test_a_case_filed_before_still_reads_motivo_with_its_answer():
    user = UserFactory(seller=SellerFactory(country=Country.CHILE))
    cause = Cause.objects.get(name="Penalidad a disputar")
    case = create_case(
        user,
        cause=cause,
        answers={
            "settlement_number": "L-1",
            "amount": "15000",
            "reason": "La penalidad no corresponde.",
        },
    )

    update()
    client = Client()
    client.force_login(user)
    page = client.get(case.get_absolute_url()).content.decode()

    assert '<dt class="col-sm-4 col-lg-3">Motivo</dt>' in page
    assert "La penalidad no corresponde." in page
    assert CaseField.objects.get(cause=cause, key="reason").label == "Justificación"
