"""Amounts in the sellers' currencies: how each is written and read.

Chile and Colombia write pesos without decimals and with dots between thousands
($ 15.000); Peru writes soles with two decimals, commas between thousands and a
decimal point (S/ 1,500.50), and so does Mexico for its pesos ($1,500.50).
"""

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Country


class Currency(models.TextChoices):
    CLP = "CLP", _("Chilean pesos (CLP)")
    PEN = "PEN", _("Peruvian soles (PEN)")
    COP = "COP", _("Colombian pesos (COP)")
    MXN = "MXN", _("Mexican pesos (MXN)")


@dataclass(frozen=True)
class Convention:
    prefix: str  # the symbol and what separates it from the number
    decimals: int
    thousands: str
    decimal_point: str


CONVENTIONS = {
    Currency.CLP: Convention("$ ", 0, ".", ","),
    Currency.COP: Convention("$ ", 0, ".", ","),
    Currency.PEN: Convention("S/ ", 2, ",", "."),
    Currency.MXN: Convention("$", 2, ",", "."),
}
COUNTRY_CURRENCY = {
    Country.CHILE: Currency.CLP,
    Country.PERU: Currency.PEN,
    Country.COLOMBIA: Currency.COP,
    Country.MEXICO: Currency.MXN,
}
SYMBOLS = re.compile(r"(S/\.?|\$|CLP|PEN|COP|MXN|\s)", re.IGNORECASE)


def convention(currency: str) -> Convention:
    return CONVENTIONS.get(currency, CONVENTIONS[Currency.CLP])


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-convention(currency).decimals)


def number(value: Decimal, currency: str, *, rounding=None) -> str:
    """The number as the currency's country writes it: 15.000 or 1,500.50."""
    way = convention(currency)
    value = Decimal(value).quantize(quantum(currency), rounding=rounding)
    whole, _sep, cents = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", way.thousands)
    sign = "-" if value < 0 else ""
    return f"{sign}{grouped}{way.decimal_point}{cents}" if cents else f"{sign}{grouped}"


def format_amount(value, currency: str, *, rounding=None) -> str:
    """An amount with its symbol: $ 15.000, S/ 1,500.50, $1,500.50."""
    return f"{convention(currency).prefix}{number(value, currency, rounding=rounding)}"


def bound_text(value, currency: str, *, lower: bool) -> str:
    """A minimum or maximum as it can be typed in this currency (0,01 is $ 1 in pesos)."""
    return format_amount(value, currency, rounding=ROUND_CEILING if lower else ROUND_FLOOR)


def parse_amount(text: str, currency: str) -> Decimal | None:
    """What a seller typed, read the way their country writes amounts; None if unreadable.

    The currency's decimal separator wins; without it, the thousands separator is read
    as such when it groups by three (15.000, 1,500,000), else as a decimal separator
    typed the other country's way (15000.50 in Chile).
    """
    way = convention(currency)
    text = SYMBOLS.sub("", text or "")
    if way.decimal_point in text:
        text = text.replace(way.thousands, "").replace(way.decimal_point, ".")
    elif re.fullmatch(rf"\d{{1,3}}(\{way.thousands}\d{{3}})+", text):
        text = text.replace(way.thousands, "")
    elif text.count(way.thousands) == 1:
        text = text.replace(way.thousands, ".")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
