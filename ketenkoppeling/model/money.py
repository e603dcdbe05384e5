"""Exact money: Decimal euros with 2 fraction digits, stored as whole cents."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 11
"""Every amount read is less than 10^11 euro in size (at most € 99.999.999.999,99): far above
any real payment or budget, and in whole cents (10^13) still so small that 900,000 of the
largest amounts add up within a signed 64-bit integer (BIGINT, SQLite's INTEGER)."""
MAX_AMOUNT_TEXT = 40  # characters of an amount's text, without spaces and the euro sign
# a thousands separator groups at least 3 digits after it: "1,5" is never fifteen
_COMMA_AMOUNT = re.compile(r"^[+-]?(\d+(\.\d{3,})*)?(,\d+)?$", re.ASCII)
_POINT_AMOUNT = re.compile(r"^[+-]?(\d+(,\d{3,})*)?(\.\d+)?$", re.ASCII)


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


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def check_amount(value: Decimal, shown: object = None) -> Decimal:
    """``value`` when it is a finite amount within :data:`MAX_AMOUNT`; raises ValueError with
    a Dutch message otherwise."""
    shown = value if shown is None else shown
    if not value.is_finite():
        raise ValueError(f"'{_shown(shown)}' is geen geldig bedrag (geen eindig getal)")
    if abs(value) >= MAX_AMOUNT:
        raise ValueError(
            f"bedrag '{_shown(shown)}' is te groot: een bedrag moet kleiner zijn dan "
            "€ 100.000.000.000 (10^11 euro)"
        )
    return value


def parse_amount(value: object, *, decimal_comma: bool | None = None) -> Decimal:
    """Parse an amount from a source cell: a number, or text such as ``€ 1.234,56``,
    ``1234,56``, ``1.234,56``, ``1,234.56`` or ``1250.00``.

    ``decimal_comma`` True forces a comma as the decimal mark (a point may then only group
    thousands: ``1.234,56``), False a point (``1,234.56``); None decides from the text (a comma
    anywhere after the last point means decimal comma). A separator of the other kind in the
    wrong place (``1,234.56`` with a decimal comma, ``1,5`` with a decimal point) is refused.
    Raises ValueError with a Dutch message when the value is no amount, is not finite, or is
    not below :data:`MAX_AMOUNT` in size.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("geen bedrag")
    if isinstance(value, int):
        return check_amount(Decimal(value))
    if isinstance(value, float):
        # Spreadsheet numbers are binary floats; Excel shows and keeps 15 significant digits,
        # so 0.1+0.2 is 0.3 there, while 12.505 stays 12.505 (and is refused later).
        return check_amount(Decimal(format(value, ".15g")), value)
    if isinstance(value, Decimal):
        return check_amount(value)
    text = str(value).strip().replace("\u00a0", " ").replace("€", "").replace("EUR", "")
    text = text.replace(" ", "")
    if not text:
        raise ValueError("geen bedrag")
    if len(text) > MAX_AMOUNT_TEXT:
        raise ValueError(f"'{_shown(value)}' is geen geldig bedrag (te lang)")
    if decimal_comma is None:
        decimal_comma = "," in text and text.rfind(",") > text.rfind(".")
        if "," not in text and text.count(".") == 1 and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", text):
            # 1.234 is ambiguous; in Dutch sources a lone point with 3 digits is a thousands mark
            decimal_comma = True
    pattern = _COMMA_AMOUNT if decimal_comma else _POINT_AMOUNT
    if not pattern.fullmatch(text) or not any(c.isdigit() for c in text):
        raise ValueError(f"'{_shown(value)}' is geen geldig bedrag")
    text = text.replace(".", "").replace(",", ".") if decimal_comma else text.replace(",", "")
    try:
        return check_amount(Decimal(text), value)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern
        raise ValueError(f"'{_shown(value)}' is geen geldig bedrag") from exc
