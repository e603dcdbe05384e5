"""Reconciliation: spend = Σ ledgers − over-attribution + unattributed, to the cent."""

from __future__ import annotations

from datetime import date

from ketenkoppeling.accounting.ledger import build_ledger, ledger_partners
from ketenkoppeling.accounting.reconcile import reconcile, reconcile_json
from ketenkoppeling.accounting.settle import settle, settle_json
from ketenkoppeling.store import Database
from tests.accounting.conftest import H2, YEAR, build_region
from tests.factories import add_region, spend, store

BSN = "100000009"


def test_region_second_half(region: Database) -> None:
    with region.session() as s:
        rec = reconcile(s, *H2, with_lines=True)
    got = reconcile_json(rec)
    # paid in H2: lines 2 (900.00), 3 (100.00), 4 (333.33), 5 (200.00), 6 (250.00), 9 (80.00)
    assert got["spend_total"] == "1863.33"
    # GEM-0392: 450.00 + 100.00 + 120.00; GEM-0473: 200.00 + 80.00; UWV: 883.33
    assert got["partners"] == {"GEM-0392": "670.00", "GEM-0473": "280.00", "UWV": "883.33"}
    # line 5 is charged 110 % (220.00 of 200.00); line 6 only 80 % (200.00 of 250.00)
    assert got["over_attributed"] == "20.00"
    assert got["unattributed"] == "50.00"
    # 1833.33 − 20.00 + 50.00 = 1863.33
    assert rec.holds
    assert [x.spend_key for x in rec.over_lines] == ["GEM-0392/HF2/H2"]
    assert [x.spend_key for x in rec.unattributed_lines] == ["GEM-0473/ZF1/Z9"]
    assert [(b["spend"], b["percentage"]) for b in got["b1_lines"]] == [
        ("GEM-0392/HF2/H2", "110.00"),
        ("GEM-0473/ZF1/Z9", "80.00"),
    ]
    assert len(rec.lines) == rec.spend_line_count == 6
    assert sum(x.amount_cents for x in rec.lines) == rec.spend_total_cents
    for partner, cents in rec.partners.items():
        assert sum(x.parts_by_owner[partner] for x in rec.lines_of_partner(partner)) == cents


def test_partner_terms_are_the_ledgers(region: Database) -> None:
    for period in (H2, YEAR, (date(2008, 1, 1), date(2009, 12, 31))):
        with region.session() as s:
            rec = reconcile(s, *period)
            partners = ledger_partners(s, *period)
            totals = {p: build_ledger(s, p, *period).total_cents for p in partners}
        assert rec.partners == totals
        assert rec.holds


def test_zero_terms_are_written_with_two_decimals(db: Database) -> None:
    with db.session() as s:
        add_region(s)
        store(s, spend("UWV", "F1", "U1", BSN, "10.00", ("UWV-RIB-WW-2008", "100")))
        got = reconcile_json(reconcile(s, *YEAR))
    assert (got["over_attributed"], got["unattributed"]) == ("0.00", "0.00")
    assert got["b1_lines"] == []


def test_identity_holds_to_the_cent_under_half_up_rounding(db: Database) -> None:
    with db.session() as s:
        add_region(s)
        store(
            s,
            # 10.00 at 33.33 % × 3 = 99.99 %: parts 3.33 × 3 = 9.99 → unattributed 0.01.
            # (Exact: 10.00 × 0.01 % = 0.001, which no cent amount can express.)
            spend("UWV", "F1", "U1", BSN, "10.00", ("UWV-RIB-WW-2008", "33.33"),
                  ("UWV-RIB-AG-2008", "33.33"), ("GEM-0392-WD-2008", "33.33")),
            # 1.01 at 50.5 % × 2 = 101 %: 51.005 → 0.51 each = 1.02 → over-attributed 0.01
            # (exact over-attribution would be 0.0101)
            spend("UWV", "F2", "U1", BSN, "1.01", ("UWV-RIB-WW-2008", "50.5"),
                  ("GEM-0392-WD-2008", "50.5")),
            # 0.10 at 66.67 % + 33.34 % = 100.01 %: 0.07 + 0.03 = 0.10: a B1 line whose
            # rounded parts happen to sum to the amount: contributes 0 to both terms
            spend("UWV", "F3", "U1", BSN, "0.10", ("UWV-RIB-WW-2008", "66.67"),
                  ("GEM-0392-WD-2008", "33.34")),
            # no attribution at all: the whole 5.00 is unattributed
            spend("UWV", "F4", "U1", BSN, "5.00"),
            # 100 %: parts sum to the amount by the largest remainder
            spend("UWV", "F5", "U1", BSN, "0.01", ("UWV-RIB-WW-2008", "50"),
                  ("GEM-0392-WD-2008", "50")),
        )  # fmt: skip
        rec = reconcile(s, *YEAR)
    # spend: 10.00 + 1.01 + 0.10 + 5.00 + 0.01 = 16.12
    assert rec.spend_total_cents == 1612
    # parts: UWV 3.33 + 3.33 + 0.51 + 0.07 + 0.01 = 7.25; GEM-0392 3.33 + 0.51 + 0.03 + 0 = 3.87
    assert rec.partners == {"GEM-0392": 387, "UWV": 725}
    assert rec.over_attributed_cents == 1
    assert rec.unattributed_cents == 1 + 500
    # 11.12 − 0.01 + 5.01 = 16.12
    assert rec.holds
    by_key = {x.spend_key: x for x in rec.b1_lines}
    assert set(by_key) == {"UWV/F1/U1", "UWV/F2/U1", "UWV/F3/U1", "UWV/F4/U1"}
    assert (by_key["UWV/F3/U1"].over_cents, by_key["UWV/F3/U1"].unattributed_cents) == (0, 0)
    assert by_key["UWV/F4/U1"].percentage_bp == 0


def test_period_filter_by_pay_date(region: Database) -> None:
    with region.session() as s:
        first_half = reconcile(s, date(2008, 1, 1), date(2008, 6, 30))
        nothing = reconcile(s, date(2010, 1, 1), date(2010, 12, 31))
    # lines 1 (1000.00) and 8 (200.00)
    assert first_half.spend_total_cents == 120000
    assert first_half.partners == {"UWV": 120000}
    assert first_half.holds
    assert (nothing.spend_total_cents, nothing.partners, nothing.holds) == (0, {}, True)


def test_same_figures_on_every_database(any_db: Database) -> None:
    """The set-based SQL gives the same answers on SQLite and PostgreSQL."""
    build_region(any_db)
    with any_db.session() as s:
        rec = reconcile_json(reconcile(s, *H2))
        pairs = settle_json(settle(s, *H2))["pairs"]
        ledger = build_ledger(s, "UWV", *H2)
    assert (rec["spend_total"], rec["over_attributed"], rec["unattributed"]) == (
        "1863.33", "20.00", "50.00",
    )  # fmt: skip
    assert [(p["debtor"], p["creditor"], p["net"]) for p in pairs] == [
        ("GEM-0392", "UWV", "350.00"),
        ("GEM-0473", "UWV", "80.00"),
        ("UWV", "GEM-0392", "-350.00"),
    ]
    assert ledger.total_cents == 88333 and ledger.by_month["2008-09"] == 33333
