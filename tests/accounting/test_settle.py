"""Settlement: the budget owner owes the payer every part it did not pay itself."""

from __future__ import annotations

from datetime import date

from ketenkoppeling.accounting.settle import settle, settle_json
from ketenkoppeling.store import Database
from tests.accounting.conftest import H2, YEAR
from tests.factories import add_region, spend, store


def test_both_directions_with_net(region: Database) -> None:
    with region.session() as s:
        settlement = settle(s, *H2)
    got = settle_json(settlement)
    assert (got["from"], got["to"]) == ("2008-07-01", "2008-12-31")
    # line 2: UWV paid, GEM-0392's budget bears 450.00 → GEM-0392 owes UWV 450.00
    # line 5: GEM-0392 paid, UWV's budget bears 100.00 → UWV owes GEM-0392 100.00
    # line 9: UWV paid, GEM-0473's budget bears 80.00  → GEM-0473 owes UWV 80.00
    # net GEM-0392 → UWV = 450.00 − 100.00 = 350.00, and −350.00 on the reverse entry
    assert [{k: p[k] for k in ("debtor", "creditor", "gross", "net")} for p in got["pairs"]] == [
        {"debtor": "GEM-0392", "creditor": "UWV", "gross": "450.00", "net": "350.00"},
        {"debtor": "GEM-0473", "creditor": "UWV", "gross": "80.00", "net": "80.00"},
        {"debtor": "UWV", "creditor": "GEM-0392", "gross": "100.00", "net": "-350.00"},
    ]
    lines = {(p.debtor, p.creditor): [x.spend_key for x in p.lines] for p in settlement.pairs}
    assert lines == {
        ("GEM-0392", "UWV"): ["UWV/F2/U1"],
        ("GEM-0473", "UWV"): ["UWV/F5/U3"],
        ("UWV", "GEM-0392"): ["GEM-0392/HF2/H2"],
    }
    for p in settlement.pairs:
        assert sum(x.part_cents for x in p.lines) == p.gross_cents
        assert all(x.owner == p.debtor and x.payer == p.creditor for x in p.lines)
    # the whole year adds no other crossing parts; the first half has none
    with region.session() as s:
        assert settle_json(settle(s, *YEAR))["pairs"] == got["pairs"]
        assert settle(s, date(2008, 1, 1), date(2008, 6, 30)).pairs == []


def test_zero_gross_pairs_are_left_out(db: Database) -> None:
    with db.session() as s:
        add_region(s)
        # 0.01 over 50/50: UWV's budget gets the cent (tie to the first), GEM-0392's 0.00
        store(s, spend("UWV", "F1", "U1", "100000009", "0.01", ("UWV-RIB-WW-2008", "50"),
                       ("GEM-0392-WD-2008", "50")))  # fmt: skip
        assert settle(s, *YEAR).pairs == []


def test_net_sums_over_several_lines(db: Database) -> None:
    with db.session() as s:
        add_region(s)
        store(
            s,
            spend("UWV", "F1", "U1", "100000009", "100.00", ("GEM-0392-WD-2008", "100")),
            spend("UWV", "F2", "U1", "100000009", "0.03", ("GEM-0392-WD-2008", "33.33"),
                  ("UWV-RIB-WW-2008", "66.67")),
            spend("GEM-0392", "H1", "T1", "100000009", "250.00", ("UWV-RIB-WW-2008", "100")),
        )  # fmt: skip
        pairs = settle(s, *YEAR).pairs
    # GEM-0392 → UWV: 100.00 + 0.01 (0.03 × 33.33 % = 0.0099..: floors 0/2, the missing
    # cent goes to the first part's .9999 fraction) = 100.01; UWV → GEM-0392: 250.00
    assert [(p.debtor, p.creditor, p.gross_cents, p.net_cents) for p in pairs] == [
        ("GEM-0392", "UWV", 10001, -14999),
        ("UWV", "GEM-0392", 25000, 14999),
    ]
