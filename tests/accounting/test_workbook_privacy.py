"""Privacy by default in workbooks (no full BSN unless asked) and totals as SUM formulas whose
cached values are the checked totals."""

from __future__ import annotations

import dataclasses
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ketenkoppeling.accounting import workbook_totals
from ketenkoppeling.accounting.ledger import build_ledger
from ketenkoppeling.accounting.service import ledger_report, settle_report
from ketenkoppeling.accounting.workbook import (
    Column,
    ReportContext,
    WorkbookCheckError,
    mask,
    mask_numbers,
    save_workbook,
    write_table,
)
from ketenkoppeling.accounting.workbook_ledger import write_ledger_workbook
from ketenkoppeling.privacy import mask_bsn, mask_bsns_in_text
from ketenkoppeling.store import Database
from tests.accounting.conftest import H2, YEAR, A, B, C, D, build_region
from tests.accounting.test_workbook import assert_only_sum_totals

BSNS = (A, B, C, D)


def package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        )


def test_ledger_and_settlement_workbooks_mask_by_default(db: Database, tmp_path: Path) -> None:
    build_region(db)
    ledger_report(db, "UWV", *YEAR, xlsx=tmp_path / "l.xlsx")
    settle_report(db, *H2, xlsx=tmp_path / "s.xlsx")
    for name in ("l.xlsx", "s.xlsx"):
        text = package_text(tmp_path / name)
        assert not [bsn for bsn in BSNS if bsn in text], name
        assert "*****0009" in text, name
        assert_only_sum_totals(tmp_path / name, risky_expected=False)


def test_full_bsns_only_when_asked(db: Database, tmp_path: Path) -> None:
    build_region(db)
    ledger_report(db, "UWV", *YEAR, xlsx=tmp_path / "l.xlsx", mask_bsn=False)
    settle_report(db, *H2, xlsx=tmp_path / "s.xlsx", mask_bsn=False)
    assert A in package_text(tmp_path / "l.xlsx") and A in package_text(tmp_path / "s.xlsx")
    assert "*****0009" not in package_text(tmp_path / "l.xlsx")


def test_reservation_descriptions_are_masked(db: Database, tmp_path: Path) -> None:
    build_region(db)
    message = f"B7: Besteding UWV/F1/U1 is voor BSN {A}, maar de inzet is voor BSN {B}."
    with db.session() as s:
        ledger = build_ledger(s, "UWV", *YEAR, reservations=lambda keys, budgets: [41])
    context = ReportContext(findings={41: message})
    path = write_ledger_workbook(ledger, tmp_path / "l.xlsx", context)
    rows = list(load_workbook(path)["Voorbehouden"].iter_rows(min_row=5, values_only=True))
    assert rows == [(41, "B7: Besteding UWV/F1/U1 is voor BSN *****0009, maar de inzet is "
                         "voor BSN *****0010.")]  # fmt: skip
    shown = dataclasses.replace(context, mask_bsn=False)
    path = write_ledger_workbook(ledger, tmp_path / "full.xlsx", shown)
    assert A in package_text(path)


def test_totals_are_sum_formulas_with_the_checked_value(tmp_path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    money = [Decimal("0.10"), Decimal("0.20"), Decimal("1234567.89")]
    write_table(
        wb, "Tabel", "t", "s",
        [Column("Naam"), Column("Bedrag", "money"), Column("Aantal", "int")],
        [["a", money[0], 1], ["=b", money[1], 2], ["c", money[2], None]],
        totals=["Totaal", sum(money), 3],
    )  # fmt: skip
    path = save_workbook(wb, tmp_path / "t.xlsx")
    formulas = load_workbook(path)["Tabel"]
    assert formulas["B8"].value == "=SUM(B5:B7)" and formulas["C8"].value == "=SUM(C5:C7)"
    values = load_workbook(path, data_only=True)["Tabel"]
    assert Decimal(str(values["B8"].value)) == Decimal("1234568.19")
    assert values["C8"].value == 3
    assert formulas["A6"].value == "=b" and formulas["A6"].data_type == "s"
    assert assert_only_sum_totals(path) == 2


def test_a_total_that_is_not_the_column_sum_is_refused() -> None:
    with pytest.raises(WorkbookCheckError, match="niet de som van de kolom"):
        write_table(Workbook(), "X", "t", "s", [Column("a"), Column("b", "money")],
                    [["x", Decimal("1.00")], ["y", Decimal("2.00")]],
                    totals=["Totaal", Decimal("3.01")])  # fmt: skip


def test_an_empty_table_has_its_total_as_a_value(tmp_path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    write_table(wb, "Leeg", "t", "s", [Column("a"), Column("b", "money")], [],
                totals=["Totaal", Decimal("0.00")])  # fmt: skip
    path = save_workbook(wb, tmp_path / "leeg.xlsx")
    cell = load_workbook(path)["Leeg"]["B5"]
    assert cell.data_type == "n" and cell.value == 0


def test_a_total_that_cannot_be_found_is_an_error() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = 1
    buffer = BytesIO()
    wb.save(buffer)
    with pytest.raises(workbook_totals.TotalsError, match="niet gevonden"):
        workbook_totals.fill_cached_values(
            buffer.getvalue(), {ws.title: {"A2": ("SUM(A1:A1)", "1")}}
        )
    with pytest.raises(workbook_totals.TotalsError, match="SUM"):
        workbook_totals.register(ws, "A2", "HYPERLINK(A1)", 1)


def test_workbook_and_privacy_masks_agree() -> None:
    for bsn in ("123443436", "12345678", "1234", ""):
        assert mask(bsn) == mask_bsn(bsn)
    text = f"BSN {A} en {D}; bedrag 12345678.90; 2008-01-01"
    assert (
        mask_numbers(text)
        == mask_bsns_in_text(text)
        == ("BSN *****0009 en *****0034; bedrag 12345678.90; 2008-01-01")
    )
