from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ketenkoppeling.model import (
    BenefitPeriod,
    format_euro,
    is_valid_bsn,
    normalise_bsn,
    parse_amount,
)
from ketenkoppeling.model.names import initials_key, surname_key
from ketenkoppeling.model.responsibility import period_on, regime_on, segments


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "012345672"])
def test_valid_bsns(bsn: str) -> None:
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("bsn", ["000000000", "123456789", "12345678", "11122233a"])
def test_invalid_bsns(bsn: str) -> None:
    assert not is_valid_bsn(bsn)


def test_bsn_normalisation() -> None:
    assert normalise_bsn(12345672) == "012345672"
    assert normalise_bsn(" 111222333 ") == "111222333"
    assert normalise_bsn(12345672.0) == "012345672"
    assert normalise_bsn("1234567") is None
    assert normalise_bsn(None) is None


def test_money_text() -> None:
    assert format_euro(Decimal("1234.5")) == "€ 1.234,50"
    assert format_euro(Decimal("-0.05")) == "€ -0,05"
    assert parse_amount("€ 1.234,56") == Decimal("1234.56")
    assert parse_amount("1.234") == Decimal("1234")


@pytest.mark.parametrize(
    "a, b",
    [
        ("van der Berg", "Berg, van der"),
        ("Berg", "BERG"),
        ("'t Hart", "Hart"),
        ("Çelik", "celik"),
        ("de Vries-van Dijk", "Vries van Dijk"),
    ],
)
def test_surname_key(a: str, b: str) -> None:
    assert surname_key(a) == surname_key(b)


def test_initials_key() -> None:
    assert initials_key("J.P.") == initials_key("jp") == "JP"


def test_responsibility_latest_start_wins_and_segments() -> None:
    ww = BenefitPeriod("1", "WW", "UWV", date(2008, 1, 1), date(2008, 6, 10))
    wwb = BenefitPeriod("1", "WWB", "GEM-0392", date(2008, 6, 1))
    assert period_on([ww, wwb], date(2008, 6, 5)) == wwb
    assert regime_on([ww], date(2008, 7, 1)) == "NUG"
    parts = list(segments([ww], date(2008, 6, 1), date(2008, 6, 30)))
    assert [(p.regime, p.days) for p in parts] == [("WW", 10), ("NUG", 20)]
