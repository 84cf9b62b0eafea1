"""A cause with the fields of a settlement dispute, for the service tests."""

from decimal import Decimal

import pytest

from cases.models import FieldType
from cases.tests.factories import CaseFieldFactory, CauseFactory


@pytest.fixture
def cause():
    cause = CauseFactory(name="Diferencia en liquidación")
    CaseFieldFactory(
        cause=cause,
        key="order_number",
        label="Número de orden",
        field_type=FieldType.ORDER_NUMBER,
        order=1,
    )
    CaseFieldFactory(
        cause=cause,
        key="amount",
        label="Monto en disputa",
        field_type=FieldType.AMOUNT,
        min_value=Decimal("0.01"),
        order=2,
    )
    CaseFieldFactory(
        cause=cause, key="period", label="Período", field_type=FieldType.MONTH, order=3
    )
    CaseFieldFactory(
        cause=cause, key="photos", label="Fotos", field_type=FieldType.FILE, required=False, order=4
    )
    return cause
