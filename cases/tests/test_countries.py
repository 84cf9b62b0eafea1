"""Sellers of Chile, Peru, Colombia and Mexico: each sees its own couriers and files
amounts in its own currency, written the way its country writes them."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import Country
from accounts.tests.factories import SellerFactory, UserFactory
from cases.models import Case, CaseField, CaseFieldCountry, FieldType
from cases.money import Currency, format_amount, parse_amount
from cases.taxonomy.defaults import COURIERS_BY_COUNTRY, load_default_taxonomy
from cases.taxonomy.fields import build_form_field
from cases.tests.factories import CaseFieldFactory, create_case
from cases.tests.wizard_helpers import cause, confirm, post_step, run_wizard, step_url

pytestmark = pytest.mark.django_db

# (country, what the seller types, what every page shows)
AMOUNTS = [
    (Country.CHILE, "15.000", "$ 15.000"),
    (Country.COLOMBIA, "1.250.000", "$ 1.250.000"),
    (Country.PERU, "1,500.50", "S/ 1,500.50"),
    (Country.MEXICO, "1500.5", "$1,500.50"),
]
OTHER_COUNTRYS_COURIER = {
    Country.CHILE: "Olva Courier",
    Country.PERU: "Chilexpress",
    Country.COLOMBIA: "Estafeta",
    Country.MEXICO: "Servientrega",
}


def client_of(country: str) -> Client:
    user = UserFactory(seller=SellerFactory(country=country))
    client = Client()
    client.force_login(user)
    return client


class TestMoney:
    @pytest.mark.parametrize(
        ("currency", "value", "shown"),
        [
            (Currency.CLP, Decimal("15000"), "$ 15.000"),
            (Currency.CLP, Decimal("1234567.49"), "$ 1.234.567"),
            (Currency.COP, Decimal("999"), "$ 999"),
            (Currency.PEN, Decimal("1500.5"), "S/ 1,500.50"),
            (Currency.MXN, Decimal("1234567.8"), "$1,234,567.80"),
            (Currency.MXN, Decimal("0.5"), "$0.50"),
        ],
    )
    def test_each_currency_is_written_its_countrys_way(self, currency, value, shown):
        assert format_amount(value, currency) == shown

    @pytest.mark.parametrize(
        ("currency", "typed", "read"),
        [
            (Currency.CLP, "15.000", Decimal("15000")),
            (Currency.CLP, "$ 15.000", Decimal("15000")),
            (Currency.CLP, "15.000,50", Decimal("15000.50")),
            (Currency.CLP, "15000.50", Decimal("15000.50")),
            (Currency.COP, "1.250.000", Decimal("1250000")),
            (Currency.PEN, "S/ 1,500.50", Decimal("1500.50")),
            (Currency.PEN, "S/. 1500", Decimal("1500")),
            (Currency.PEN, "1,500", Decimal("1500")),
            (Currency.MXN, "1,234,567.80", Decimal("1234567.80")),
            (Currency.MXN, "1500,5", Decimal("1500.5")),
            (Currency.CLP, "quince", None),
            (Currency.CLP, "1.2.3,4,5", None),
        ],
    )
    def test_amounts_are_read_as_their_countrys_sellers_type_them(self, currency, typed, read):
        assert parse_amount(typed, currency) == read


class TestTheForm:
    @pytest.mark.parametrize(("country", "typed", "shown"), AMOUNTS)
    def test_an_amount_is_read_in_the_sellers_currency(self, country, typed, shown):
        field = build_form_field(
            CaseFieldFactory.build(field_type=FieldType.AMOUNT), country=country
        )

        assert format_amount(field.clean(typed), Currency(field.currency)) == shown

    @pytest.mark.parametrize("country", [Country.CHILE, Country.COLOMBIA])
    def test_pesos_of_chile_and_colombia_take_no_cents(self, country):
        field = build_form_field(
            CaseFieldFactory.build(field_type=FieldType.AMOUNT), country=country
        )

        assert field.clean("15.000,00") == Decimal("15000")
        with pytest.raises(ValidationError) as exc:
            field.clean("15.000,50")
        assert exc.value.messages == ["Ingresa el monto sin decimales."]

    def test_the_minimum_is_said_in_the_currency(self):
        definition = CaseFieldFactory.build(field_type=FieldType.AMOUNT, min_value=Decimal("0.01"))

        for country, bound in [(Country.CHILE, "$ 1"), (Country.PERU, "S/ 0.01")]:
            with pytest.raises(ValidationError) as exc:
                build_form_field(definition, country=country).clean("0")
            assert exc.value.messages == [f"Ingresa un valor de al menos {bound}."]

    def test_the_help_says_the_currency(self):
        definition = CaseFieldFactory.build(field_type=FieldType.AMOUNT, help_text="Mayor a 0.")

        help_text = build_form_field(definition, country=Country.PERU).help_text

        assert help_text == "Mayor a 0. Monto en soles peruanos (PEN)."

    def test_a_country_without_its_own_options_gets_the_fields(self):
        field = CaseFieldFactory(field_type=FieldType.CHOICE, options="Uno\nDos")
        CaseFieldCountry.objects.create(field=field, country=Country.PERU, options="Tres")

        peru = build_form_field(field, country=Country.PERU)
        mexico = build_form_field(field, country=Country.MEXICO)

        assert [value for value, _ in peru.choices][1:] == ["Tres"]
        assert [value for value, _ in mexico.choices][1:] == ["Uno", "Dos"]


@pytest.mark.usefixtures("default_taxonomy")
class TestTheWizardByCountry:
    @pytest.mark.parametrize("country", Country.values)
    def test_the_courier_options_are_the_sellers_countrys(self, country):
        client = client_of(country)
        chosen = cause("El courier no retiró")
        post_step(client, "tipo", {"record_type": chosen.area.record_type.pk})
        post_step(client, "area", {"area": chosen.area.pk})
        post_step(client, "causa", {"cause": chosen.pk})

        page = client.get(step_url("datos"))

        offered = [v for v, _ in page.context["form"].fields["answer_courier"].choices][1:]
        assert offered == COURIERS_BY_COUNTRY[country].splitlines()
        response = post_step(
            client, "datos", {"answer_courier": OTHER_COUNTRYS_COURIER[country], "subject": "a"}
        )
        assert "Elige una de las opciones." in response.context["form"].errors["answer_courier"]

    @pytest.mark.parametrize(("country", "typed", "shown"), AMOUNTS)
    def test_an_amount_shows_in_the_sellers_currency_on_every_page(self, country, typed, shown):
        client = client_of(country)
        chosen = cause("Diferencia en liquidación")

        summary = run_wizard(client, chosen, data={"answer_amount": typed}, country=country)
        response, _ = confirm(client)
        sheet = client.get(response["Location"])
        case = Case.objects.get()
        case_page = client.get(case.get_absolute_url())

        for page in (summary, sheet, case_page):
            assert page.status_code == HTTPStatus.OK
            assert shown in page.content.decode()
        amount = next(a for a in case.answers if a["key"] == "amount")
        assert amount["currency"] == Currency(amount["currency"]).value
        assert amount["display"] == shown

    def test_the_service_checks_the_options_of_the_sellers_country(self):
        user = UserFactory(seller=SellerFactory(country=Country.PERU))
        chosen = cause("El courier no retiró")
        answers = {
            "order_number": "2026112701",
            "courier": "Chilexpress",
            "tracking_number": "X1",
            "dispatch_deadline": "2026-11-20",
        }

        with pytest.raises(ValidationError) as exc:
            create_case(user, cause=chosen, answers=answers)

        assert "courier" in exc.value.message_dict


class TestCasesFiledBefore:
    def test_an_amount_filed_with_cents_in_pesos_shows_without_them(self):
        load_default_taxonomy()
        user = UserFactory(seller=SellerFactory(country=Country.CHILE))
        chosen = cause("Pago no recibido")
        case = create_case(
            user,
            cause=chosen,
            answers={"settlement_number": "L-1", "period": "2026-10", "amount": "15000"},
        )
        old = [{k: v for k, v in a.items() if k != "currency"} for a in case.answers]
        for answer in old:
            if answer["key"] == "amount":
                answer.update(value="15000.00", display="$ 15.000,00")
        Case.objects.filter(pk=case.pk).update(answers=old)
        client = Client()
        client.force_login(user)

        page = client.get(case.get_absolute_url()).content.decode()

        assert "$ 15.000<" in page
        assert "15.000,00" not in page


class TestTheDefaultTaxonomy:
    def test_gives_each_country_its_couriers_and_currency(self):
        load_default_taxonomy()

        for field in CaseField.objects.filter(key__in=["courier", "carrier"]):
            for country in Country.values:
                assert field.options_for(country) == COURIERS_BY_COUNTRY[country].splitlines()
        for field in CaseField.objects.filter(field_type=FieldType.AMOUNT):
            currencies = {c: field.currency_for(c) for c in Country.values}
            assert currencies == {"CL": "CLP", "PE": "PEN", "CO": "COP", "MX": "MXN"}
            assert "pesos" not in field.help_text

    def test_loading_again_keeps_the_agents_country_edits(self):
        load_default_taxonomy()
        row = CaseFieldCountry.objects.filter(field__key="courier", country=Country.PERU).first()
        row.options = "Olva Courier\nMi courier"
        row.save()
        CaseFieldCountry.objects.filter(field__key="carrier", country=Country.MEXICO).delete()

        assert load_default_taxonomy() == 0

        row.refresh_from_db()
        assert row.options == "Olva Courier\nMi courier"
        assert not CaseFieldCountry.objects.filter(
            field__key="carrier", country=Country.MEXICO
        ).exists()


class TestAdmin:
    def test_an_agent_gives_a_field_options_for_one_country(self, agent_client):
        field = CaseFieldFactory(field_type=FieldType.CHOICE, options="Uno", label="Courier")
        url = reverse("admin:cases_casefield_change", args=[field.pk])
        data = {
            "cause": field.cause_id,
            "label": "Courier",
            "key": field.key,
            "field_type": "choice",
            "required": "on",
            "is_active": "on",
            "help_text": "",
            "options": "Uno",
            "per_country-TOTAL_FORMS": 1,
            "per_country-INITIAL_FORMS": 0,
            "per_country-0-country": "PE",
            "per_country-0-options": "Olva Courier\nShalom",
            "per_country-0-currency": "",
        }

        response = agent_client.post(url, data)

        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        assert field.options_for(Country.PERU) == ["Olva Courier", "Shalom"]

    def test_a_currency_on_a_choice_field_is_refused_in_spanish(self, agent_client):
        field = CaseFieldFactory(field_type=FieldType.CHOICE, options="Uno", label="Courier")
        url = reverse("admin:cases_casefield_change", args=[field.pk])
        data = {
            "cause": field.cause_id,
            "label": "Courier",
            "key": field.key,
            "field_type": "choice",
            "required": "on",
            "is_active": "on",
            "options": "Uno",
            "per_country-TOTAL_FORMS": 1,
            "per_country-INITIAL_FORMS": 0,
            "per_country-0-country": "PE",
            "per_country-0-options": "",
            "per_country-0-currency": "PEN",
        }

        response = agent_client.post(url, data)

        assert response.status_code == HTTPStatus.OK
        assert "La moneda se aplica solo a campos de monto." in response.content.decode()

    def test_the_cause_page_links_to_each_fields_page(self, agent_client):
        field = CaseFieldFactory()

        page = agent_client.get(reverse("admin:cases_cause_change", args=[field.cause_id]))

        assert reverse("admin:cases_casefield_change", args=[field.pk]) in page.content.decode()
