"""Amount bounds (model/money.py): every amount read is finite and less than 10^11 euro in
size; a separator in the wrong place is refused, never read as another amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ketenkoppeling.mapping.transforms import FieldError, as_decimal, parse_date
from ketenkoppeling.model.money import MAX_AMOUNT, decimal_to_cents, parse_amount


@pytest.mark.parametrize(
    "value",
    [
        10**20, -(10**11), 10**11, 1e20, float("inf"), float("-inf"), float("nan"),
        Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("1E+400"),
        "100000000000000000000", "1" * 29, "9" * 27 + ",99", "100.000.000.000,00",
        "NaN", "nan", "Infinity", "-Infinity", "inf", "1e400", "1E5", "0x10", "١٢٣", "12,5e3",
        "1" * 41, "--1", "1..0", "1,,0", "€", "EUR", ",", "+",
    ],
)  # fmt: skip
def test_refused_amounts(value: object) -> None:
    with pytest.raises(ValueError) as caught:
        parse_amount(value)
    assert "Error" not in str(caught.value)
    assert len(str(caught.value)) < 150  # a long value is cut in the reason


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        ("99.999.999.999,99", None, "99999999999.99"),
        ("-99999999999.99", None, "-99999999999.99"),
        (99_999_999_999, None, "99999999999"),
        ("1,234.56", None, "1234.56"),
        ("1.234,56", None, "1234.56"),
        ("1.234,56", True, "1234.56"),
        ("1,234.56", False, "1234.56"),
        ("1250.00", False, "1250.00"),
        ("1.250", True, "1250"),
        ("€ 12,50", True, "12.50"),
        (",50", True, "0.50"),
    ],
)
def test_accepted_amounts(value: object, mode: bool | None, expected: str) -> None:
    assert parse_amount(value, decimal_comma=mode) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "mode"),
    [("1,234.56", True), ("1250.00", True), ("1.234,56", False), ("1,5", False)],
)
def test_a_separator_of_the_other_convention_is_refused(value: str, mode: bool) -> None:
    """Issue 11: ``1,234.56`` with a decimal comma was read as 1.23456."""
    with pytest.raises(ValueError, match="geen geldig bedrag"):
        parse_amount(value, decimal_comma=mode)


def test_the_largest_amount_fits_bigint_cents_with_margin() -> None:
    largest = MAX_AMOUNT - Decimal("0.01")
    assert decimal_to_cents(largest) * 900_000 < 2**63 - 1


def test_percentages_and_dates_refuse_absurd_values() -> None:
    with pytest.raises(FieldError, match="te groot"):
        as_decimal(Decimal("1E+30"))
    with pytest.raises(FieldError, match="geen geldig bedrag"):
        as_decimal(float("nan"))
    for value in (10**400, 1e300, float("inf"), "9" * 5000):
        with pytest.raises(FieldError, match="geen leesbare datum"):
            parse_date(value)
