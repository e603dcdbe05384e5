"""Exact money: Decimal euros with 2 fraction digits, stored as whole cents."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_AMOUNT_TEXT = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+)?([.,]\d+)?$")


def round_half_up(value: Decimal, unit: Decimal = CENT) -> Decimal:
    """Round to ``unit`` (default the cent), halves away from zero."""
    return ((value / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP) * unit).quantize(CENT)


def decimal_to_cents(value: Decimal) -> int:
    """Whole cents of an amount that has at most 2 fraction digits (raises otherwise)."""
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"bedrag {value} heeft meer dan 2 decimalen")
    return int(cents)


def cents_to_decimal(cents: int) -> Decimal:
    """The Decimal euro amount of a number of cents."""
    return (Decimal(cents) / 100).quantize(CENT)


def format_money(value: Decimal) -> str:
    """JSON form of an amount: a string with exactly 2 decimals, e.g. ``"1234.56"``."""
    return str(value.quantize(CENT))


def format_euro(value: Decimal) -> str:
    """Dutch display form: ``€ 1.234,56`` (negative: ``€ -1.234,56``)."""
    q = value.quantize(CENT)
    sign = "-" if q < 0 else ""
    whole, frac = f"{abs(q):.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"€ {sign}{groups},{frac}"


def parse_amount(value: object, *, decimal_comma: bool | None = None) -> Decimal:
    """Parse an amount from a source cell: a number, or text such as ``€ 1.234,56``,
    ``1234,56``, ``1.234,56`` or ``1250.00``.

    ``decimal_comma`` True forces a comma as the decimal mark, False a point; None decides from
    the text (a comma anywhere after the last point means decimal comma). Raises ValueError
    with a Dutch message when the value is no amount.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("geen bedrag")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Spreadsheet numbers are binary floats; Excel shows and keeps 15 significant digits,
        # so 0.1+0.2 is 0.3 there, while 12.505 stays 12.505 (and is refused later).
        return Decimal(format(value, ".15g"))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace("\u00a0", " ").replace("€", "").replace("EUR", "")
    text = text.replace(" ", "")
    if not text:
        raise ValueError("geen bedrag")
    if decimal_comma is None:
        decimal_comma = "," in text and text.rfind(",") > text.rfind(".")
        if "," not in text and text.count(".") == 1 and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", text):
            # 1.234 is ambiguous; in Dutch sources a lone point with 3 digits is a thousands mark
            decimal_comma = True
    text = text.replace(".", "").replace(",", ".") if decimal_comma else text.replace(",", "")
    if not _AMOUNT_TEXT.match(text) or text in {"+", "-", ""}:
        raise ValueError(f"'{value}' is geen geldig bedrag")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(f"'{value}' is geen geldig bedrag") from exc
