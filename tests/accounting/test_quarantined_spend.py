"""Quarantined spend in the accounts (spec/accounting.md "Quarantined spend"): the
reconciliation closes only when nothing is quarantined for the period; ledgers list it as a
reservation; workbooks state it; reprocessing moves it into the identity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ketenkoppeling import mapping_store
from ketenkoppeling.accounting.reconcile import reconcile, reconcile_json
from ketenkoppeling.accounting.service import ledger_report, reconcile_report
from ketenkoppeling.importing import import_file
from ketenkoppeling.reprocessing import reprocess
from ketenkoppeling.store import Database
from tests.importing.test_reprocess import add_entry, uwv_with_new_product

YEAR = (date(2008, 1, 1), date(2008, 12, 31))


def _row_amounts(path: Path, rows: tuple[int, ...]) -> int:
    """The cents of the spend on the given rows of the UWV export (Bedrag, Betaald op)."""
    ws = openpyxl.load_workbook(path)["Export"]
    total = 0
    for row in rows:
        amount = ws.cell(row=row, column=15).value
        if amount is not None and ws.cell(row=row, column=14).value:
            total += round(float(amount) * 100)
    return total


@pytest.fixture
def uwv(ref_db: Database, samples: Path, tmp_path: Path) -> tuple[Database, Path, int]:
    path = uwv_with_new_product(samples, tmp_path)
    result = import_file(ref_db, path)
    assert result.quarantined == 3
    return ref_db, path, _row_amounts(path, (2, 3, 5))


def test_reconciliation_shows_the_money_in_quarantine(uwv: tuple[Database, Path, int]) -> None:
    db, _path, cents = uwv
    assert cents > 0
    with db.session() as s:
        rec = reconcile(s, *YEAR)
    assert rec.holds and not rec.closes
    assert rec.quarantined.amounts == {"UWV": cents}
    assert rec.quarantined.unreadable == {}
    data = reconcile_json(rec)
    assert data["closes"] is False and data["holds"] is True
    assert data["quarantined"] == {"UWV": f"{cents // 100}.{cents % 100:02d}"}
    assert data["quarantined_unreadable"] == {}
    assert len(data["quarantined_records"]) == 3
    assert all("Werkervaringsplaats" in r["reasons"][0] for r in data["quarantined_records"])
    _, text = reconcile_report(db, *YEAR)
    assert "staat nog in quarantaine" in text and "ja, tot op de cent" not in text

    # outside the period the readable amounts do not count
    with db.session() as s:
        other = reconcile(s, date(2012, 1, 1), date(2012, 12, 31))
    assert other.quarantined.empty and other.closes


def test_the_ledger_lists_it_as_a_reservation_and_the_workbook_states_it(
    uwv: tuple[Database, Path, int], tmp_path: Path
) -> None:
    db, _path, cents = uwv
    out = tmp_path / "uwv.xlsx"
    data, text = ledger_report(db, "UWV", *YEAR, xlsx=out)
    assert data["quarantined"] == f"{cents // 100}.{cents % 100:02d}"
    assert data["quarantined_records"] == 3
    assert "Voorbehoud quarantaine" in text
    wb = openpyxl.load_workbook(out)
    assert "Quarantaine" in wb.sheetnames
    summary = {r[0]: r[1] for r in wb["Samenvatting"].iter_rows(min_row=3, values_only=True)}
    assert "in quarantaine" in summary["Voorbehoud quarantaine"]
    assert "klopt op de opgeslagen regels" in summary["Aansluiting"]
    rows = list(wb["Quarantaine"].iter_rows(min_row=4, values_only=True))
    assert sum(1 for r in rows if r[0] == "UWV") == 3
    explanation = {r[0]: r[1] for r in wb["Toelichting"].iter_rows(min_row=3, values_only=True)}
    assert "quarantaine" in explanation["Quarantaine"]
    # another partner's ledger has no such reservation
    gem, _ = ledger_report(db, "GEM-0392", *YEAR)
    assert gem["quarantined"] == "0.00" and gem["quarantined_unreadable"] == 0


def test_reprocessing_moves_it_into_the_identity(uwv: tuple[Database, Path, int]) -> None:
    db, _path, cents = uwv
    with db.session() as s:
        before = reconcile(s, *YEAR)
    current = mapping_store.current_version(db, "uwv-reintegratie-export")
    assert current is not None
    mapping_store.save_version(
        db, add_entry(current.text, "Werkervaringsplaats", "PP"), comment="WEP"
    )
    (run,) = reprocess(db)
    assert run.quarantined == 0
    with db.session() as s:
        after = reconcile(s, *YEAR)
    assert after.closes and after.quarantined.empty
    assert after.spend_total_cents == before.spend_total_cents + cents


def test_an_unreadable_amount_counts_in_every_period(
    ref_db: Database, samples: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(samples / "uwv-reintegratie-export.xlsx")
    ws = wb["Export"]
    ws.cell(row=2, column=15, value="twaalf euro")
    ws.cell(row=3, column=14, value="ooit")
    path = tmp_path / "onleesbaar.xlsx"
    wb.save(path)
    result = import_file(ref_db, path)
    assert result.quarantined == 2
    for period in (YEAR, (date(2015, 1, 1), date(2015, 3, 31))):
        with ref_db.session() as s:
            rec = reconcile(s, *period)
        assert rec.quarantined.unreadable == {"UWV": 2} and not rec.closes
        assert reconcile_json(rec)["quarantined_unreadable"] == {"UWV": 2}
