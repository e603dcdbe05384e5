"""The Excel workbooks: formats, totals that tie out, lineage, and no formula injection."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import update

from ketenkoppeling.accounting.allocation import allocate_stored
from ketenkoppeling.accounting.ledger import build_ledger
from ketenkoppeling.accounting.settle import settle
from ketenkoppeling.accounting.workbook import (
    DATE,
    EURO,
    Check,
    Column,
    ReportContext,
    WorkbookCheckError,
    put,
    report_context,
    write_table,
)
from ketenkoppeling.accounting.workbook_allocation import write_allocation_workbook
from ketenkoppeling.accounting.workbook_ledger import write_ledger_workbook
from ketenkoppeling.accounting.workbook_settlement import write_settlement_workbook
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import (
    BudgetRow,
    ImportBatchRow,
    PartnerRow,
    SourceRecordRow,
)
from ketenkoppeling.store.upsert import RecordWriter
from tests.accounting.conftest import H2, YEAR, build_region
from tests.factories import spend

HOSTILE_FILE = '=HYPERLINK("http://example.invalid","klik")'
TRIGGERS = ("=", "+", "-", "@")


def hostile_region(db: Database) -> None:
    """The conftest region plus lines with provenance whose texts look like formulas."""
    build_region(db)
    now = datetime.now(UTC).replace(tzinfo=None)
    with db.session() as s:
        batch = ImportBatchRow(file_name=HOSTILE_FILE, content_hash="0" * 64,
                               mapping_name="test", mapping_version="1", user="t",
                               started_at=now, finished_at=now, status="imported")  # fmt: skip
        s.add(batch)
        s.flush()
        sources = []
        for seq, location in enumerate(["+1+1", "-2", "@SUM(A1)"], start=1):
            row = SourceRecordRow(batch_id=batch.id, seq=seq, location=location, status="new")
            s.add(row)
            s.flush()
            sources.append(row.id)
        lines = [
            spend("UWV", "=1+1", "U1", "100000009", "12.34", ("UWV-RIB-WW-2008", "100"),
                  pay="2008-08-01", provider="@evil"),
            spend("UWV", "F\x07bel", "U1", "100000009", "0.66", ("UWV-RIB-WW-2008", "100"),
                  pay="2008-08-02"),
            spend("UWV", "F9", "U2", "100000010", "100.00", ("GEM-0392-WD-2008", "100"),
                  pay="2008-08-03", provider="-1"),
        ]  # fmt: skip
        RecordWriter(s).write(list(zip(lines, sources, strict=True)))
        s.execute(update(BudgetRow).where(BudgetRow.code == "UWV-RIB-WW-2008").values(label="=1+2"))
        s.execute(update(PartnerRow).where(PartnerRow.code == "UWV").values(name="-UWV"))


def cells(path: Path, *, data_only: bool = False) -> list[tuple[str, Any]]:
    wb = load_workbook(path, data_only=data_only)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    found.append((ws.title, cell))
    return found


SUM = re.compile(r"=SUM\(([A-Z]+)(\d+):\1(\d+)\)")


def assert_only_sum_totals(path: Path, *, risky_expected: bool = True) -> int:
    """The only formulas are totals: ``=SUM(…)`` over the column above in a 'Totaal' row,
    each with a cached value that equals the sum of that column. Text that looks like a
    formula is text. Returns the number of totals."""
    with zipfile.ZipFile(path) as archive:
        raw = "".join(
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("xl/worksheets/")
        )
    assert "<v></v>" not in raw and "<v/>" not in raw, "a formula without a cached value"
    values = load_workbook(path, data_only=True)
    formulas = 0
    risky = 0
    for sheet, cell in cells(path):
        if isinstance(cell.value, str) and cell.data_type == "s":
            if cell.value.startswith(TRIGGERS):
                assert cell.quotePrefix, (sheet, cell.coordinate, cell.value)
                risky += 1
            continue
        if cell.data_type != "f":
            assert not isinstance(cell.value, str), (sheet, cell.coordinate, cell.value)
            continue
        formulas += 1
        match = SUM.fullmatch(str(cell.value))
        assert match, (sheet, cell.coordinate, cell.value)
        column, first, last = match.group(1), int(match.group(2)), int(match.group(3))
        assert column == cell.column_letter and first == 5 and last == cell.row - 1
        ws = values[sheet]
        assert ws.cell(cell.row, 1).value == "Totaal", (sheet, cell.coordinate)
        cached = ws[cell.coordinate].value
        assert cached is not None, (sheet, cell.coordinate)
        above = [ws[f"{column}{r}"].value for r in range(first, last + 1)]
        assert Decimal(str(cached)) == sum(
            (Decimal(str(v)) for v in above if isinstance(v, int | float)), Decimal(0)
        ), (sheet, cell.coordinate)
    assert raw.count("<f>") == formulas and "<f " not in raw
    assert formulas > 0
    if risky_expected:
        assert risky > 0  # the hostile texts did reach the workbook
    return formulas


def table(ws: Worksheet) -> tuple[list[str], list[list[Any]], list[Any]]:
    """(headers, data rows, totals row) of a table sheet."""
    headers = [c.value for c in ws[4]]
    rows: list[list[Any]] = []
    totals: list[Any] = []
    for values in ws.iter_rows(min_row=5, values_only=True):
        if values[0] == "Totaal":
            totals = list(values)
            break
        rows.append(list(values))
    return headers, rows, totals


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def context(db: Database) -> ReportContext:
    hostile_region(db)
    with db.session() as s:
        findings = {41: "=cmd|' /C calc'!A0", 57: "B6 overschrijding"}
        return report_context(s, "sqlite:///test.sqlite", findings=findings)


def test_ledger_workbook(db: Database, context: ReportContext, tmp_path: Path) -> None:
    path = tmp_path / "verantwoording.xlsx"
    with db.session() as s:
        ledger = build_ledger(s, "UWV", *YEAR, reservations=lambda keys, budgets: [41, 57])
    write_ledger_workbook(ledger, path, context)
    assert_only_sum_totals(path)
    wb = load_workbook(path, data_only=True)
    assert wb.sheetnames == ["Samenvatting", "Budgetten", "Per regeling", "Per instrument",
                             "Per aanbieder", "Per maand", "Per klant", "Regels",
                             "Voorbehouden", "Quarantaine", "Toelichting", "Grafieken"]  # fmt: skip
    total = Decimal("2083.33") + Decimal("12.34") + Decimal("0.66")  # the region + two lines

    lines = wb["Regels"]
    headers, rows, totals = table(lines)
    assert lines.freeze_panes == "A5"
    assert lines.auto_filter.ref == f"A4:P{4 + len(rows)}"
    part = headers.index("Toegerekend deel")
    assert sum(money(r[part]) for r in rows) == money(totals[part]) == total
    assert lines.cell(5, part + 1).number_format == EURO
    paid = headers.index("Betaaldatum")
    assert lines.cell(5, paid + 1).number_format == DATE
    assert isinstance(lines.cell(5, paid + 1).value, datetime)
    assert all(lines.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJKLMNOP")
    # lineage: the source file and the position in it
    by_key = {r[0]: r for r in rows}
    hostile = by_key["UWV/=1+1/U1"]
    assert hostile[headers.index("Bronbestand")] == HOSTILE_FILE
    assert hostile[headers.index("Plaats in bron")] == "+1+1"
    assert hostile[headers.index("Aanbieder")] == "@evil"
    assert "UWV/F\ufffdbel/U1" in by_key  # a control character Excel cannot hold, replaced

    budgets = wb["Budgetten"]
    headers, rows, totals = table(budgets)
    column = headers.index("Toegerekend in periode")
    assert sum(money(r[column]) for r in rows) == money(totals[column]) == total
    assert [r[1] for r in rows] == ["UWV-RIB-AG-2008", "=1+2"]
    checks = [c.value for c in budgets["B"] if isinstance(c.value, str) and "klopt" in c.value]
    assert len(checks) == 2

    for sheet in ("Per regeling", "Per instrument", "Per aanbieder", "Per maand", "Per klant"):
        headers, rows, totals = table(wb[sheet])
        column = 2 if sheet != "Per klant" else 1
        assert sum(money(r[column]) for r in rows) == money(totals[column]) == total, sheet

    reservations = [r for r in wb["Voorbehouden"].iter_rows(min_row=5, values_only=True)]
    assert reservations == [(41, "=cmd|' /C calc'!A0"), (57, "B6 overschrijding")]

    explanation = {r[0]: r[1] for r in wb["Toelichting"].iter_rows(min_row=3, values_only=True)}
    assert explanation["Periode"] == "betaaldatum 01-01-2008 t/m 31-12-2008"
    assert explanation["Database"] == "sqlite:///test.sqlite"
    assert explanation["Gemaakt door"] == "testgebruiker"
    assert "grootste weggevallen fractie" in explanation["Afronding"]
    assert isinstance(explanation["Gemaakt op"], datetime)
    summary = {r[0]: r[1] for r in wb["Samenvatting"].iter_rows(min_row=3, values_only=True)}
    assert summary["Partner"] == "UWV -UWV"
    assert money(summary["Totaal toegerekend"]) == total


def test_ledger_workbook_masks_bsns_unless_asked(db: Database, tmp_path: Path) -> None:
    build_region(db)
    with db.session() as s:
        ledger = build_ledger(s, "UWV", *H2)
        masked = report_context(s)  # the default
        shown = report_context(s, mask_bsn=False)
    path = write_ledger_workbook(ledger, tmp_path / "l.xlsx", masked)
    _, rows, _ = table(load_workbook(path, data_only=True)["Per klant"])
    assert [r[0] for r in rows] == ["*****0009", "*****0010", "*****0022"]
    path = write_ledger_workbook(ledger, tmp_path / "full.xlsx", shown)
    _, rows, _ = table(load_workbook(path, data_only=True)["Per klant"])
    assert [r[0] for r in rows] == ["100000009", "100000010", "100000022"]


def test_settlement_workbook(db: Database, context: ReportContext, tmp_path: Path) -> None:
    path = tmp_path / "verrekening.xlsx"
    with db.session() as s:
        settlement = settle(s, *H2)
    write_settlement_workbook(settlement, path, context)
    assert_only_sum_totals(path)
    wb = load_workbook(path, data_only=True)
    assert wb.sheetnames == ["Verrekening", "Saldo per partner", "Regels", "Toelichting"]
    _, rows, totals = table(wb["Verrekening"])
    # the region's pairs plus line F9: UWV paid 100.00 that GEM-0392's budget bears
    assert [(r[0], r[2], money(r[4]), money(r[6])) for r in rows] == [
        ("GEM-0392", "UWV", Decimal("550.00"), Decimal("450.00")),
        ("GEM-0473", "UWV", Decimal("80.00"), Decimal("80.00")),
        ("UWV", "GEM-0392", Decimal("100.00"), Decimal("-450.00")),
    ]
    assert [r[3] for r in rows][2] == "Gemeente Haarlem" and rows[0][3] == "-UWV"
    assert money(totals[4]) == Decimal("730.00")
    _, lines, line_totals = table(wb["Regels"])
    assert sum(money(r[8]) for r in lines) == money(line_totals[8]) == Decimal("730.00")
    _, balances, balance_totals = table(wb["Saldo per partner"])
    assert money(balance_totals[4]) == 0
    assert {r[0]: money(r[4]) for r in balances} == {
        "GEM-0392": Decimal("-450.00"),
        "GEM-0473": Decimal("-80.00"),
        "UWV": Decimal("530.00"),
    }


def test_allocation_workbook(db: Database, context: ReportContext, tmp_path: Path) -> None:
    key = """name = "Projectkosten"
[[cost]]
year = 2009
items = { "=Reiskosten" = "1234.57", "Projectleider" = "80000.00" }
[[cost]]
year = 2010
items = { "Projectleider" = "100.00" }
[[rule]]
partner = "GEM-0473"
kind = "percentage"
percentage = "4.5"
[[rule]]
kind = "caseload"
percentage = "30"
partners = ["GEM-0392", "IASZ"]
reference_date = 2009-01-01
[[rule]]
partner = "UWV"
kind = "remainder"
"""
    path = tmp_path / "verdeling.xlsx"
    with db.session() as s:
        allocation = allocate_stored(s, key)
    write_allocation_workbook(allocation, path, context)
    assert_only_sum_totals(path)
    wb = load_workbook(path, data_only=True)
    assert wb.sheetnames == ["Per partner", "Verdeling 2009", "Verdeling 2010", "Kosten",
                             "Sleutel", "Toelichting"]  # fmt: skip
    _, rows, totals = table(wb["Verdeling 2009"])
    assert sum(money(r[7]) for r in rows) == money(totals[7]) == Decimal("81234.57")
    _, per_partner, per_totals = table(wb["Per partner"])
    assert money(per_totals[2]) == Decimal("81234.57") and money(per_totals[3]) == Decimal("100")
    assert sum(money(r[4]) for r in per_partner) == money(per_totals[4]) == Decimal("81334.57")
    _, items, _ = table(wb["Kosten"])
    assert items[0][1] == "=Reiskosten"
    _, text, _ = table(wb["Sleutel"])
    assert text[0] == [1, 'name = "Projectkosten"']


def test_put_writes_text_as_text() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for column, value in enumerate(["=A1", "+1", "-1", "@x", "\t=x", "gewoon"], start=1):
        cell = put(ws, 1, column, value)
        assert cell.data_type == "s" and cell.value == value
        assert cell.quotePrefix == (value != "gewoon")
    assert put(ws, 2, 1, "a\x00b").value == "a\ufffdb"
    assert len(put(ws, 2, 2, "x" * 40000).value) == 32767
    assert put(ws, 2, 3, Decimal("1.10"), EURO).number_format == EURO
    assert put(ws, 2, 4, date(2008, 1, 2)).number_format == DATE


def test_a_figure_that_does_not_tie_out_is_not_written() -> None:
    with pytest.raises(WorkbookCheckError, match="klopt niet"):
        write_table(Workbook(), "X", "t", "s", [Column("a", "money")], [[Decimal(1)]],
                    checks=[Check("a = b", Decimal(1), Decimal(2))])  # fmt: skip
