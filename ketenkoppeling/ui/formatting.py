"""How values read in the interface: dates dd-mm-jjjj, amounts € 1.234,56, masked BSNs."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from ketenkoppeling.model.money import cents_to_decimal, format_euro
from ketenkoppeling.sources.base import dutch_position as dutch_position  # re-exported

_reveal = False

MASK = "*****"
_NUMBER = re.compile(r"(?<!\d)\d{8,9}(?!\d)")


def set_reveal(reveal: bool) -> None:
    """Show BSNs in full (the user pressed 'Toon BSN'); never remembered between sessions."""
    global _reveal
    _reveal = reveal


def revealed() -> bool:
    return _reveal


def mask_bsn(bsn: str | None, *, reveal: bool | None = None) -> str:
    """``*****2333``: only the last four digits show unless revealed."""
    if not bsn:
        return ""
    if _reveal if reveal is None else reveal:
        return bsn
    return MASK + bsn[-4:] if len(bsn) > 4 else MASK


def mask_numbers(text: str, *, reveal: bool | None = None) -> str:
    """Mask every 8- or 9-digit number in a text (a BSN in a message or a raw value)."""
    if not text or (_reveal if reveal is None else reveal):
        return text
    return _NUMBER.sub(lambda m: MASK + m.group(0)[-4:], text)


def format_date(value: date | datetime | str | None) -> str:
    """``dd-mm-jjjj`` (a date and time: ``dd-mm-jjjj uu:mm``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            parsed: date = (
                date.fromisoformat(value) if len(value) <= 10 else datetime.fromisoformat(value)
            )
        except ValueError:
            return value
        value = parsed
    if isinstance(value, datetime):
        if value.tzinfo is None:  # the store keeps moments in UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone().strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def format_cents(cents: int | None) -> str:
    return "" if cents is None else format_euro(cents_to_decimal(cents))


def format_amount(value: Decimal | str | int | float | None) -> str:
    """An amount from a JSON shape (``"1234.56"``) or a Decimal as ``€ 1.234,56``."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return format_euro(Decimal(value))


def format_percentage_bp(bp: int | None) -> str:
    """Hundredths of a percent as ``33,33 %`` (whole percentages without decimals)."""
    if bp is None:
        return ""
    value = Decimal(bp) / 100
    text = f"{value:.2f}".rstrip("0").rstrip(".") if bp % 100 else f"{bp // 100}"
    return f"{text.replace('.', ',')} %"


def format_count(n: int) -> str:
    """Whole numbers with a Dutch thousands separator: ``1.234.567``."""
    return f"{n:,}".replace(",", ".")


def parse_iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def arg(text: str, *values: object) -> str:
    """Fill Qt-style placeholders ``%1``, ``%2``, … of a translated text."""
    for number in range(len(values), 0, -1):
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text
