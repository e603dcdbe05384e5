from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import Transform
from ketenkoppeling.mapping.transforms import (
    FieldError,
    TransformContext,
    apply_transform,
    parse_date,
)

REF = ReferenceSet(
    partners={"GEM-0392": "Gemeente Haarlem", "IASZ": "Intergemeentelijke Afdeling Sociale Zaken"},
    instruments={"WF": "Work First", "IRO": "Individuele re-integratieovereenkomst"},
)


def run(kind: str, value: object, *entries: tuple[str, str], **params: str) -> object:
    return apply_transform(Transform(kind, params, entries), value, TransformContext(REF))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("02-06-2008", date(2008, 6, 2)),
        ("2-6-2008", date(2008, 6, 2)),
        ("2008-06-02", date(2008, 6, 2)),
        (" 02-06-2008 ", date(2008, 6, 2)),
        (datetime(2008, 6, 2), date(2008, 6, 2)),
        ("2008-06-02T00:00:00", date(2008, 6, 2)),
    ],
)
def test_dates(value: object, expected: date) -> None:
    assert parse_date(value)[0] == expected


def test_impossible_and_unreadable_dates() -> None:
    with pytest.raises(FieldError, match="geen bestaande datum"):
        parse_date("31-02-2008")
    with pytest.raises(FieldError, match="geen leesbare datum"):
        parse_date("morgen")


def test_unknown_date_parts() -> None:
    assert run("date", "20080600", formats="yyyymmdd", **{"unknown-parts": "first"}) == date(
        2008, 6, 1
    )
    assert run("date", "00000000", formats="yyyymmdd", **{"unknown-parts": "first"}) is None
    with pytest.raises(FieldError):
        run("date", "20080600", formats="yyyymmdd")


@pytest.mark.parametrize(
    "value, mode, expected",
    [
        ("€ 1.234,56", "auto", "1234.56"),
        ("1234,56", "auto", "1234.56"),
        ("1.234,56", "auto", "1234.56"),
        ("1250.00", "point", "1250.00"),
        ("1.334,96", "comma", "1334.96"),
        (1234.5, "auto", "1234.5"),
        (12, "auto", "12"),
    ],
)
def test_amounts(value: object, mode: str, expected: str) -> None:
    assert run("amount", value, decimal=mode) == Decimal(expected)


def test_bad_amount() -> None:
    with pytest.raises(FieldError, match="geen geldig bedrag"):
        run("amount", "twaalf euro")


def test_value_map_with_reference_fallback() -> None:
    entries = (("IRO-traject", "IRO"),)
    assert run("map", "iro-TRAJECT", *entries, otherwise="instrument") == "IRO"
    assert run("map", " work  first ", *entries, otherwise="instrument") == "WF"
    assert run("map", "wf", *entries, otherwise="instrument") == "WF"
    with pytest.raises(FieldError, match="onbekend instrument 'Yoga'"):
        run("map", "Yoga", *entries, otherwise="instrument")
    assert run("map", "Yoga", *entries) == "Yoga"


def test_partner_by_name() -> None:
    assert run("map", "gemeente haarlem", otherwise="partner") == "GEM-0392"
    assert run("map", "Haarlem", otherwise="partner") == "GEM-0392"
    assert run("map", "intergemeentelijke afdeling sociale zaken", otherwise="partner") == "IASZ"


def test_bsn_padding_and_split_name() -> None:
    assert run("bsn", 12345672) == "012345672"
    assert run("bsn", ["12345672", "0"][0]) == "012345672"
    with pytest.raises(FieldError):
        run("bsn", "12-34")
    assert run("split-name", "Vries, J.P. de", part="surname") == "de Vries"
    assert run("split-name", "Vries, J.P. de", part="initials") == "J.P."
    assert run("split-name", "Berg, van der", part="surname") == "van der Berg"
    assert run("split-name", "Jansen", part="initials") is None
