"""Allocation keys (verdeelsleutels): the split worked out by hand, and the refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ketenkoppeling.accounting.allocation import (
    AllocationError,
    allocate,
    allocate_json,
    allocate_stored,
    delete_key,
    list_keys,
    load_key,
    parse_key,
    save_key,
    stored_caseload,
)
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AuditLogRow
from tests.accounting.conftest import build_region

EXAMPLE = """
name = "Projectkosten voorbeeld"
unit = "cent"

[[cost]]
year = 2009
items = { "Projectleider" = "60000.00", "Opleiding" = "20000.00", "Reiskosten" = "1234.57" }

[[cost]]
year = 2010
items = { "Projectleider" = "10000.00" }

[[rule]]
partner = "CWI"
kind = "fixed"
amount = "5000.00"
years = [2009]

[[rule]]
partner = "GEM-0473"
kind = "percentage"
percentage = "4.5"

[[rule]]
kind = "caseload"
percentage = "30"
partners = ["GEM-0392", "IASZ"]
counts = { "GEM-0392" = 2100, "IASZ" = 300 }

[[rule]]
partner = "WERKBEDRIJF"
kind = "remainder"
"""


def shares(text: str, **kw: object) -> dict[int, list[tuple[str, str, str]]]:
    allocation = allocate(parse_key(text), **kw)  # type: ignore[arg-type]
    return {
        y.year: [(s.partner, s.rule, str(s.amount)) for s in y.shares] for y in allocation.years
    }


def test_fixed_percentage_caseload_remainder_by_hand() -> None:
    got = shares(EXAMPLE)
    # 2009: total 60000.00 + 20000.00 + 1234.57 = 81234.57
    #   CWI fixed                          5000.00
    #   GEM-0473 4.5 %: 81234.57 × 0.045 = 3655.55565 → 3655.56 (half-up to the cent)
    #   caseload group 30 %: 81234.57 × 0.30 = 24370.371 → 24370.37 = 2437037 cents,
    #     split 2100 : 300 (7/8 : 1/8): 2132407.375 and 304629.625 cents → floors 2132407 and
    #     304629 (2437036), one cent missing → the larger dropped fraction (.625, IASZ):
    #     GEM-0392 21324.07, IASZ 3046.30
    #   WERKBEDRIJF remainder: 81234.57 − 5000.00 − 3655.56 − 24370.37 = 48208.64
    assert got[2009] == [
        ("CWI", "fixed", "5000.00"),
        ("GEM-0473", "percentage", "3655.56"),
        ("GEM-0392", "caseload", "21324.07"),
        ("IASZ", "caseload", "3046.30"),
        ("WERKBEDRIJF", "remainder", "48208.64"),
    ]
    # 2010: total 10000.00; the fixed rule is for 2009 only
    #   GEM-0473 4.5 % = 450.00; group 30 % = 3000.00 → 7/8 = 2625.00, 1/8 = 375.00
    #   remainder 10000.00 − 450.00 − 3000.00 = 6550.00
    assert got[2010] == [
        ("GEM-0473", "percentage", "450.00"),
        ("GEM-0392", "caseload", "2625.00"),
        ("IASZ", "caseload", "375.00"),
        ("WERKBEDRIJF", "remainder", "6550.00"),
    ]


def test_allocate_json_shape() -> None:
    got = allocate_json(allocate(parse_key(EXAMPLE)))
    assert got["name"] == "Projectkosten voorbeeld"
    first = got["years"][0]
    assert (first["year"], first["total"]) == (2009, "81234.57")
    assert first["shares"][0] == {"partner": "CWI", "rule": "fixed", "amount": "5000.00",
                                  "rule_index": 1}  # fmt: skip
    assert first["shares"][2]["count"] == 2100 and first["shares"][2]["percentage"] == "30"
    for year in got["years"]:
        assert sum(Decimal(s["amount"]) for s in year["shares"]) == Decimal(year["total"])


CASELOAD_FROM_STORE = """
name = "Bestand uit de database"
[[cost]]
year = 2009
items = { "Huur" = "1000.00" }
[[rule]]
kind = "caseload"
percentage = "25"
partners = ["GEM-0392", "IASZ", "GEM-0473"]
reference_date = 2009-01-01
[[rule]]
partner = "UWV"
kind = "remainder"
"""


def test_caseload_counted_from_stored_benefit_periods(db: Database) -> None:
    build_region(db)
    with db.session() as s:
        counts = stored_caseload(s)(["GEM-0392", "IASZ", "GEM-0473", "UWV"], date(2009, 1, 1))
        # GEM-0392 on 01-01-2009: A (WWB from 01-07-2008, open) and F (WWB starting that very
        # day, and an overlapping IOAW: counted once); E's period ended 31-12-2008.
        # IASZ: G (until 01-01-2009 inclusive). GEM-0473: D. UWV: B (WIA, open).
        assert counts == {"GEM-0392": 2, "IASZ": 1, "GEM-0473": 1, "UWV": 1}
        allocation = allocate_stored(s, CASELOAD_FROM_STORE)
    # group 25 % of 1000.00 = 250.00 = 25000 cents over 2 : 1 : 1 →
    #   12500, 6250, 6250 exactly (no remainder to hand out); UWV keeps 750.00
    got = [(x.partner, x.amount, x.count) for x in allocation.years[0].shares]
    assert got == [
        ("GEM-0392", Decimal("125.00"), 2),
        ("IASZ", Decimal("62.50"), 1),
        ("GEM-0473", Decimal("62.50"), 1),
        ("UWV", Decimal("750.00"), None),
    ]
    assert allocation.caseload_dates == {1: date(2009, 1, 1)}


def test_caseload_largest_remainder_from_stored_counts(db: Database) -> None:
    build_region(db)
    text = CASELOAD_FROM_STORE.replace('"GEM-0392", "IASZ", "GEM-0473"', '"GEM-0392", "IASZ"')
    with db.session() as s:
        allocation = allocate_stored(s, text)
    # 25000 cents over 2 : 1 → 16666.67 and 8333.33: floors 16666 + 8333 = 24999, the missing
    # cent to the larger fraction (.67, GEM-0392): 166.67 and 83.33; UWV 750.00
    assert [str(x.amount) for x in allocation.years[0].shares] == ["166.67", "83.33", "750.00"]


def test_caseload_needs_the_store_when_counts_are_not_given() -> None:
    with pytest.raises(AllocationError, match=r"regel 1 .*caseload.*database"):
        allocate(parse_key(CASELOAD_FROM_STORE))


EURO = """
name = "Zaalhuur"
unit = "euro"
[[cost]]
year = 2009
items = { "Huur" = "7005.00", "Catering" = "3005.00" }
[[rule]]
partner = "CWI"
kind = "fixed"
amount = "1000.00"
[[rule]]
partner = "GEM-0473"
kind = "percentage"
percentage = 5
[[rule]]
kind = "caseload"
percentage = "20"
partners = ["GEM-0392", "GEM-0473", "IASZ"]
counts = { "GEM-0392" = 100, "GEM-0473" = 100, "IASZ" = 100 }
[[rule]]
partner = "UWV"
kind = "remainder"
"""


def test_unit_euro() -> None:
    # total 10010.00
    #   CWI fixed 1000.00 (a fixed amount is taken as given)
    #   GEM-0473 5 %: 500.50 → 501 (half-up to the euro; half-even would give 500)
    #   group 20 %: 2002.00 → 2002 euro over three equal counts: 667.33 each → floors 667 ×3
    #     = 2001; one euro missing, equal fractions → the first listed (GEM-0392): 668
    #   UWV remainder: 10010 − 1000 − 501 − 2002 = 6507.00
    assert shares(EURO)[2009] == [
        ("CWI", "fixed", "1000.00"),
        ("GEM-0473", "percentage", "501.00"),
        ("GEM-0392", "caseload", "668.00"),
        ("GEM-0473", "caseload", "667.00"),
        ("IASZ", "caseload", "667.00"),
        ("UWV", "remainder", "6507.00"),
    ]


def test_no_remainder_needed_when_nothing_is_left() -> None:
    text = """
name = "Precies verdeeld"
[[cost]]
year = 2009
items = { "x" = "100.00" }
[[rule]]
partner = "UWV"
kind = "percentage"
percentage = "60"
[[rule]]
partner = "CWI"
kind = "fixed"
amount = "40.00"
"""
    assert shares(text)[2009] == [("UWV", "percentage", "60.00"), ("CWI", "fixed", "40.00")]


def _refused(text: str, *fragments: str) -> str:
    with pytest.raises(AllocationError) as caught:
        allocate(parse_key(text))
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_refuses_shares_above_the_total() -> None:
    text = EXAMPLE.replace('amount = "5000.00"', 'amount = "90000.00"')
    _refused(text, "jaar 2009", "groter dan het totaal", "€ 81.234,57")


def test_refuses_a_remainder_without_remainder_rule() -> None:
    text = EXAMPLE.split('[[rule]]\npartner = "WERKBEDRIJF"')[0]
    # 2009 leaves 48208.64 over
    _refused(text, "jaar 2009", "€ 48.208,64", "remainder")


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ('kind = "fixed"', 'kind = "vast"', ("regel 1", "onbekende soort", "vast")),
        ('amount = "5000.00"', 'amount = "5000,00"', ("regel 1", "'amount'", "geen geldig")),
        ('amount = "5000.00"', 'amount = "50.005"', ("regel 1", "meer dan 2 decimalen")),
        ('amount = "5000.00"', 'amount = "-5"', ("regel 1", "negatief")),
        ('amount = "5000.00"', "amount = true", ("regel 1", "'amount'")),
        ('amount = "5000.00"\n', "", ("regel 1 (fixed, CWI)", "'amount' ontbreekt")),
        ('partner = "CWI"\n', "", ("regel 1 (fixed)", "'partner' ontbreekt")),
        ('percentage = "4.5"', 'percentage = "0"', ("regel 2", "groter dan 0")),
        ('percentage = "4.5"', 'percentage = "vier"', ("regel 2", "geen getal")),
        ('percentage = "4.5"', 'percentag = "4.5"', ("regel 2", "onbekend veld 'percentag'")),
        ('"Reiskosten" = "1234.57"', '"Reiskosten" = "-1"', ("kosten 2009", "Reiskosten")),
        ("year = 2010", "year = 2009", ("kosten 2009", "meer dan eens")),
        ("year = 2010", 'year = "2010"', ("[[cost]] 2", "jaartal")),
        ("years = [2009]", "years = [2011]", ("regel 1", "2011", "geen [[cost]]")),
        ('counts = { "GEM-0392" = 2100, "IASZ" = 300 }', 'counts = { "GEM-0392" = 2100 }',
         ("regel 3", "'counts' mist IASZ")),
        ('"IASZ" = 300 }', '"IASZ" = 300, "UWV" = 1 }', ("regel 3", "UWV")),
        ('"IASZ" = 300 }', '"IASZ" = -3 }', ("regel 3", ">= 0")),
        ("counts = {", 'reference_date = "2009-01-01"\ncounts = {', ("regel 3", "óf")),
        ('counts = { "GEM-0392" = 2100, "IASZ" = 300 }', "", ("regel 3", "óf")),
        ('percentage = "30"', 'percentage = "96"', ("jaar 2009", "100,5 %")),
        ('name = "Projectkosten voorbeeld"', "", ("'name' ontbreekt",)),
        ('unit = "cent"', 'unit = "dubbeltje"', ("'unit'", "dubbeltje")),
        ('partner = "WERKBEDRIJF"', 'partner = "WERKBEDRIJF"\nyears = [2009]',
         ("jaar 2010", "remainder")),
    ],
)  # fmt: skip
def test_refusals_name_the_rule_year_or_field(
    old: str, new: str, fragments: tuple[str, ...]
) -> None:
    assert old in EXAMPLE
    _refused(EXAMPLE.replace(old, new, 1), *fragments)


def test_refuses_two_remainder_rules() -> None:
    text = EXAMPLE + '\n[[rule]]\npartner = "UWV"\nkind = "remainder"\n'
    _refused(text, "jaar 2009", "meer dan één restantregel", "regel 4", "regel 5")


def test_refuses_an_empty_caseload() -> None:
    text = EXAMPLE.replace('"GEM-0392" = 2100, "IASZ" = 300', '"GEM-0392" = 0, "IASZ" = 0')
    _refused(text, "regel 3", "leeg")


def test_toml_syntax_error_names_the_line() -> None:
    text = 'name = "Kapot"\nunit = "cent"\n[[cost]]\nyear = \n'
    with pytest.raises(AllocationError, match="geen geldige TOML op regel 4, kolom 8"):
        parse_key(text)
    with pytest.raises(AllocationError, match="geen geldige TOML"):
        parse_key('name = "x"\nname = "y"\n')
    with pytest.raises(AllocationError, match="UTF-8"):
        parse_key(b'name = "\xff"')


def test_floats_are_read_exactly() -> None:
    # TOML numbers are read as Decimal: 0.1 + 0.2 stays exact, 1234.57 is not 1234.5699999
    text = EXAMPLE.replace('"Reiskosten" = "1234.57"', '"Reiskosten" = 1234.57').replace(
        'percentage = "4.5"', "percentage = 4.5"
    )
    assert shares(text) == shares(EXAMPLE)


def test_store_list_load_and_audit(db: Database) -> None:
    build_region(db)
    with db.session() as s:
        save_key(s, EXAMPLE, "controller")
        changed = EXAMPLE.replace('amount = "5000.00"', 'amount = "6000.00"')
        save_key(s, changed, "controller")
        save_key(s, EURO, "controller")
    with db.session() as s:
        assert [k.name for k in list_keys(s)] == ["Projectkosten voorbeeld", "Zaalhuur"]
        key = load_key(s, "Projectkosten voorbeeld")
        assert key.rules[0].amount == Decimal("6000.00")
        assert key.text == changed
        audit = s.scalars(select(AuditLogRow).order_by(AuditLogRow.id)).all()
        assert [(a.action, a.subject, a.user) for a in audit] == [
            ("verdeelsleutel.opgeslagen", "Projectkosten voorbeeld", "controller"),
            ("verdeelsleutel.gewijzigd", "Projectkosten voorbeeld", "controller"),
            ("verdeelsleutel.opgeslagen", "Zaalhuur", "controller"),
        ]
        assert audit[1].detail is not None and audit[1].detail["previous"] == EXAMPLE
        delete_key(s, "Zaalhuur", "controller")
        assert [k.name for k in list_keys(s)] == ["Projectkosten voorbeeld"]
        with pytest.raises(KeyError):
            load_key(s, "Zaalhuur")


def test_store_refuses_invalid_keys_and_unknown_partners(db: Database) -> None:
    build_region(db)
    with db.session() as s:
        with pytest.raises(AllocationError, match=r"regel 2 .*onbekende partner GEM-9999"):
            save_key(s, EXAMPLE.replace('"GEM-0473"', '"GEM-9999"'), "controller")
        with pytest.raises(AllocationError, match="TOML"):
            save_key(s, "name = ", "controller")
        assert list_keys(s) == []
        assert s.scalars(select(AuditLogRow)).all() == []
