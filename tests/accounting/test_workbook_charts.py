"""The sheet "Grafieken": a bar chart of budget against use (an overrun in red) and a line
of the cumulative spend per month, both referencing values on the sheet; no formula."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import update

from ketenkoppeling.accounting.ledger import build_ledger
from ketenkoppeling.accounting.workbook import new_workbook, save_workbook
from ketenkoppeling.accounting.workbook_charts import SHEET, add_findings_charts, add_ledger_charts
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import BudgetRow
from tests.accounting.conftest import H2

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
RED = "C62828"


def _workbook(region: Database, path: Path, *, overrun: bool = True) -> Path:
    if overrun:
        with region.session() as s:
            s.execute(
                update(BudgetRow)
                .where(BudgetRow.code == "UWV-RIB-AG-2008")
                .values(amount_cents=20000)
            )
    with region.session() as s:
        ledger = build_ledger(s, "UWV", *H2)
    wb = new_workbook()
    ws = add_ledger_charts(wb, ledger)
    assert ws.title == SHEET
    return save_workbook(wb, path)


def test_sheet_holds_the_figures_and_two_charts(region: Database, tmp_path: Path) -> None:
    path = _workbook(region, tmp_path / "grafieken.xlsx")
    ws = load_workbook(path)[SHEET]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_col=5)]
    assert values[0] == ["Budget", "Omschrijving", "Budgetbedrag", "Besteed in budgetjaar",
                         "Overschrijding"]  # fmt: skip
    assert values[1][0] == "UWV-RIB-AG-2008"
    assert values[1][2:] == [200, 333.33, 133.33]
    assert values[2][2:] == [100000, 1750, 0]
    months = [row[:3] for row in values if str(row[0]).endswith("-2008") and len(str(row[0])) == 7]
    assert months[0] == ["07-2008", 450, 450]
    assert months[-1] == ["12-2008", 0, 883.33]
    assert len(months) == 6
    assert ws["C5"].number_format.startswith("[$€-413]")
    # values only: nothing on the sheet is a formula
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)

    bar, line = _charts(path)
    bar_chart = bar.find(".//c:barChart", NS)
    assert bar_chart is not None
    refs = [f.text for f in bar_chart.iterfind("c:ser/c:val//c:f", NS)]
    assert refs == ["'Grafieken'!$C$5:$C$6", "'Grafieken'!$D$5:$D$6"]
    categories = [f.text for f in bar_chart.iterfind("c:ser/c:cat//c:f", NS)]
    assert categories == ["'Grafieken'!$A$5:$A$6"] * 2
    # the overrun budget's bar (point 0 of the 'used' series) is red, nothing else is
    amount, used = bar_chart.iterfind("c:ser", NS)
    assert amount.find("c:dPt", NS) is None
    points = used.findall("c:dPt", NS)
    assert [p.find("c:idx", NS).get("val") for p in points] == ["0"]  # type: ignore[union-attr]
    assert _fill(points[0]) == RED and _fill(used) != RED
    line_chart = line.find(".//c:lineChart", NS)
    assert line_chart is not None
    month_table = next(c.row for c in ws["A"] if c.value == "Maand")
    assert [f.text for f in line_chart.iterfind("c:ser/c:val//c:f", NS)] == [
        f"'Grafieken'!$C${month_table + 1}:$C${month_table + 6}"
    ]
    assert ws.cell(month_table, 3).value == "Cumulatief"
    assert "<f>" not in _sheets_xml(path)


def _charts(path: Path) -> list[ET.Element]:
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        return [ET.fromstring(z.read(n)) for n in names]


def _fill(element: ET.Element) -> str | None:
    colour = element.find("c:spPr/a:solidFill/a:srgbClr", NS)
    return None if colour is None else colour.get("val")


def _sheets_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")
        )


def test_no_red_without_an_overrun(region: Database, tmp_path: Path) -> None:
    path = _workbook(region, tmp_path / "zonder.xlsx", overrun=False)
    bar, _line = _charts(path)
    assert bar.find(".//c:dPt", NS) is None
    assert RED not in ET.tostring(bar, encoding="unicode")


def test_findings_charts_by_rule_and_by_age(tmp_path: Path) -> None:
    wb = new_workbook()
    add_findings_charts(
        wb, {"B6": 1, "D1": 3}, {"0-7": 0, "8-30": 2, "31-90": 0, ">90": 4}, "Open signaleringen"
    )
    path = save_workbook(wb, tmp_path / "signaleringen.xlsx")
    ws = load_workbook(path)[SHEET]
    column = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_col=2)]
    assert column[:3] == [["Regel", "Aantal"], ["B6", 1], ["D1", 3]]
    ages = next(i for i, row in enumerate(column) if row[0] == "Leeftijd (dagen)")
    assert column[ages + 1 : ages + 5] == [["0-7", 0], ["8-30", 2], ["31-90", 0], [">90", 4]]
    rules, by_age = _charts(path)
    refs = [f.text for f in rules.iterfind(".//c:ser/c:val//c:f", NS)]
    assert refs == ["'Grafieken'!$B$5:$B$6"]
    first = ages + 4 + 1  # sheet row of the first bucket
    refs = [f.text for f in by_age.iterfind(".//c:ser/c:val//c:f", NS)]
    assert refs == [f"'Grafieken'!$B${first}:$B${first + 3}"]
    # the oldest bucket is red
    points = by_age.findall(".//c:ser/c:dPt", NS)
    assert len(points) == 4 and _fill(points[3]) == RED
    assert "<f>" not in _sheets_xml(path)
