"""The write-only workbook against a normal one, and totals filled in a streamed sheet."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ketenkoppeling.accounting import workbook_totals
from ketenkoppeling.accounting.workbook import (
    Check,
    Column,
    new_workbook,
    save_workbook,
    write_pairs,
    write_table,
)
from ketenkoppeling.accounting.workbook_rows import SheetWriter


def _sheet_facts(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    facts: dict[str, Any] = {}
    for ws in wb.worksheets:
        cells = [
            (c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.fill.fgColor.rgb,
             c.alignment.horizontal, c.quotePrefix)
            for row in ws.iter_rows() for c in row if c.value is not None or c.has_style
        ]  # fmt: skip
        widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
        heights = {k: d.height for k, d in ws.row_dimensions.items() if d.height}
        facts[ws.title] = (cells, widths, heights, ws.freeze_panes, ws.auto_filter.ref,
                           ws.print_title_rows, ws.page_setup.paperSize,
                           ws.oddHeader.left.text)  # fmt: skip
    return facts


def test_write_only_workbook_equals_the_normal_one(tmp_path: Path) -> None:
    columns = [Column("Sleutel"), Column("Bedrag", "money"), Column("Datum", "date"),
               Column("Aantal", "int"), Column("Percentage", "percent")]  # fmt: skip
    rows = [
        ["=1+1", Decimal("1234.56"), date(2008, 3, 1), 3, Decimal("50.00")],
        ["gewoon\x07", Decimal("-0.01"), None, None, Decimal("100")],
        ["", Decimal("0.00"), date(2008, 12, 31), 0, None],
        ["x" * 60, Decimal("99999.99"), date(2009, 1, 1), 12, Decimal("33.33")],
    ]
    totals = ["Totaal", Decimal("101234.54"), None, 15, None]
    checks = [Check("som = totaal", Decimal("101234.54"), Decimal("101234.54"))]
    paths = []
    for write_only in (False, True):
        wb = new_workbook(write_only=write_only)
        write_pairs(wb, "Samenvatting", "Titel", [("Totaal", Decimal("1.50")),
                                                  ("Tekst", "lang " * 60)])  # fmt: skip
        write_table(wb, "Tabel", "Titel", "Ondertitel", columns, rows, totals=totals,
                    checks=checks)  # fmt: skip
        paths.append(save_workbook(wb, tmp_path / f"wb-{write_only}.xlsx"))
    normal, streamed = (_sheet_facts(p) for p in paths)
    assert streamed == normal
    cells = {c[0]: c for c in normal["Tabel"][0]}
    assert cells["A5"][1:3] == ("=1+1", "s") and cells["A5"][7]  # text, quote prefixed
    assert cells["B9"][1:3] == ("=SUM(B5:B8)", "f")
    values = load_workbook(paths[1], data_only=True)["Tabel"]
    assert values["B9"].value == 101234.54 and values["D9"].value == 15


@pytest.mark.parametrize("chunk", [64, 1000, 1 << 20])
def test_totals_are_filled_across_the_pieces_of_a_streamed_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(workbook_totals, "CHUNK", chunk)
    rows = [[f"regel {i}", Decimal(i) / 100, i] for i in range(300)]
    total = sum(Decimal(i) / 100 for i in range(300))
    wb = new_workbook(write_only=True)
    columns = [Column("Regel"), Column("Bedrag", "money"), Column("Aantal", "int")]
    write_table(wb, "Tabel", "t", "s", columns, rows, totals=["Totaal", total, sum(range(300))])
    write_table(wb, "Tweede", "t", "s", columns, rows[:3], totals=["Totaal", Decimal("0.03"), 3])
    path = save_workbook(wb, tmp_path / "t.xlsx")
    values = load_workbook(path, data_only=True)
    assert values["Tabel"]["B305"].value == float(total)
    assert values["Tabel"]["C305"].value == sum(range(300))
    assert values["Tweede"]["B8"].value == 0.03
    assert not list(tmp_path.glob(".*partial"))  # written under a temporary name, renamed


def test_sheet_writer_places_cells_top_to_bottom(tmp_path: Path) -> None:
    wb = new_workbook(write_only=True)
    ws = wb.create_sheet("Blad")
    out = SheetWriter(ws)
    out.row(1, [out.cell("=A1"), None, out.cell(Decimal("2.50"), "0.00")])
    out.row(3, [out.cell(date(2008, 1, 2))])  # row 2 stays empty
    with pytest.raises(ValueError, match="van boven naar onder"):
        out.row(3, [out.cell("te laat")])
    ws.append(["gewoon", 7])  # a plain row after the writer's rows, as openpyxl takes it
    path = save_workbook(wb, tmp_path / "blad.xlsx")
    sheet = load_workbook(path)["Blad"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["=A1", None, 2.5],
        [None, None, None],
        [datetime(2008, 1, 2), None, None],
        ["gewoon", 7, None],
    ]
    assert sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix
    assert sheet["A3"].number_format == "dd-mm-yyyy"
