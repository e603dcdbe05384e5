"""The sheet "Grafieken": in a ledger workbook per budget its amount against its use (an
overrun in red) and the cumulative spend per month; in a findings workbook the findings by
rule and by age. Excel charts, the same pictures as the window's.

The charts are openpyxl charts that reference the figures written as values on the same
sheet (the series of ``charts_data``): a reader sees the numbers behind every bar and point,
and no formula is written.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.worksheet.worksheet import Worksheet

from ketenkoppeling.accounting.charts_data import budget_use, spend_per_month
from ketenkoppeling.accounting.ledger import Ledger
from ketenkoppeling.accounting.workbook import (
    BOLD,
    EURO,
    HEADER_FILL,
    TITLE_FONT,
    eur,
    period_text,
    put,
)
from ketenkoppeling.accounting.workbook_rows import SheetWriter

SHEET = "Grafieken"
AMOUNT_COLOUR = "9DB9D5"
USED_COLOUR = "2F6EA5"
OVERRUN_COLOUR = "C62828"
AXIS_EURO = "[$€-413] #,##0"
CHART_COLUMN = "H"  # the charts stand right of the tables
FIRST_ROW = 4  # title, subtitle, blank, then the budgets table


def month_text(month: str) -> str:
    """``2008-07`` as ``07-2008`` (the interface's notation)."""
    year, _, number = month.partition("-")
    return f"{number}-{year}" if number else month


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = put(ws, row, column, label)
        cell.font = BOLD
        cell.fill = HEADER_FILL


def _header_cells(out: SheetWriter, labels: list[str]) -> list[Cell | None]:
    cells: list[Cell | None] = []
    for label in labels:
        cell = out.cell(label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def add_ledger_charts(wb: Workbook, ledger: Ledger) -> Worksheet:
    """Add the sheet "Grafieken" to ``wb`` (at the end) and return it; in a normal or a
    write-only workbook (the sheet is written top to bottom)."""
    ws = wb.create_sheet(SHEET)
    for column, width in zip("ABCDE", (14, 36, 16, 22, 16), strict=True):
        ws.column_dimensions[column].width = width
    out = SheetWriter(ws)
    who = ledger.partner
    if ledger.partner_name not in ("", ledger.partner):
        who = f"{ledger.partner} {ledger.partner_name}"
    heading = out.cell(f"Grafieken verantwoording {who}")
    heading.font = TITLE_FONT
    out.row(1, [heading])
    out.row(2, [out.cell(period_text(ledger.date_from, ledger.date_to))])

    budgets = budget_use(ledger)
    row = FIRST_ROW
    out.row(row, _header_cells(out, ["Budget", "Omschrijving", "Budgetbedrag",
                                     "Besteed in budgetjaar", "Overschrijding"]))  # fmt: skip
    for use in budgets:
        row += 1
        out.row(row, [
            out.cell(use.code),
            out.cell(use.label),
            out.cell(eur(use.amount_cents), EURO),
            out.cell(eur(use.used_cents), EURO),
            out.cell(eur(use.overrun_cents), EURO),
        ])  # fmt: skip
    if budgets:
        first, last = FIRST_ROW + 1, FIRST_ROW + len(budgets)
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = "Budget en besteding (rood: overschreden)"
        chart.y_axis.title = "Euro"
        chart.y_axis.number_format = AXIS_EURO
        chart.x_axis.title = "Budget"
        chart.x_axis.delete = False  # openpyxl ≥ 3.1 hides axes unless told otherwise
        chart.y_axis.delete = False
        data = Reference(ws, min_col=3, max_col=4, min_row=FIRST_ROW, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
        amount, used = chart.series
        amount.graphicalProperties.solidFill = AMOUNT_COLOUR
        used.graphicalProperties.solidFill = USED_COLOUR
        for index, use in enumerate(budgets):
            if use.overrun:
                point = DataPoint(idx=index)
                point.graphicalProperties.solidFill = OVERRUN_COLOUR
                used.dPt.append(point)
        chart.width, chart.height = 22, 10
        ws.add_chart(chart, f"{CHART_COLUMN}{FIRST_ROW}")
    else:
        out.row(row + 1, [out.cell("Geen budgetten in deze periode.")])
        row += 1

    months = spend_per_month(ledger)
    top = max(row + 2, FIRST_ROW + 22)  # below the bar chart, which is about 20 rows high
    out.row(top, _header_cells(out, ["Maand", "Besteed", "Cumulatief"]))
    for offset, month in enumerate(months, start=1):
        out.row(top + offset, [
            out.cell(month_text(month.month)),
            out.cell(eur(month.cents), EURO),
            out.cell(eur(month.cumulative_cents), EURO),
        ])  # fmt: skip
    if months:
        line = LineChart()
        line.title = "Cumulatief besteed per maand"
        line.y_axis.title = "Euro"
        line.y_axis.number_format = AXIS_EURO
        line.x_axis.title = "Maand"
        line.x_axis.delete = False
        line.y_axis.delete = False
        data = Reference(ws, min_col=3, min_row=top, max_row=top + len(months))
        line.add_data(data, titles_from_data=True)
        line.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(months)))
        series = line.series[0]
        series.graphicalProperties.line.solidFill = USED_COLOUR
        series.graphicalProperties.line.width = 28575  # 2.25 pt
        series.marker.symbol = "circle"
        series.smooth = False
        line.width, line.height = 22, 10
        ws.add_chart(line, f"{CHART_COLUMN}{top}")
    return ws


AGE_COLOURS = ("7FA7C9", "2F6EA5", "D08A00", "C62828")  # older findings warmer


def _count_chart(
    ws: Worksheet, title: str, axis: str, first: int, counts: list[int], colours: tuple[str, ...]
) -> BarChart:
    """A column chart of the counts in column B, rows ``first`` … (header one row above)."""
    last = first + len(counts) - 1
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.legend = None
    chart.x_axis.title = axis
    chart.y_axis.title = "Aantal"
    chart.y_axis.number_format = "0"
    if max(counts, default=0) <= 10:
        chart.y_axis.majorUnit = 1  # whole findings, no 0,5 on the axis
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.add_data(Reference(ws, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    series = chart.series[0]
    series.graphicalProperties.solidFill = USED_COLOUR
    for index, colour in enumerate(colours[: len(counts)]):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = colour
        series.dPt.append(point)
    chart.width, chart.height = 16, 8
    return chart


def add_findings_charts(
    wb: Workbook, by_rule: Mapping[str, int], by_age: Mapping[str, int], subtitle: str = ""
) -> Worksheet:
    """Add the sheet "Grafieken" with the findings per rule and per age bucket (the counts of
    ``checks.stats``, e.g. of the findings a filtered queue shows) and return it."""
    ws = wb.create_sheet(SHEET)
    put(ws, 1, 1, "Grafieken signaleringen").font = TITLE_FONT
    if subtitle:
        put(ws, 2, 1, subtitle)
    row = FIRST_ROW
    _header(ws, row, ["Regel", "Aantal"])
    for rule, count in by_rule.items():
        row += 1
        put(ws, row, 1, rule)
        put(ws, row, 2, int(count), "0")
    if by_rule:
        counts = [int(n) for n in by_rule.values()]
        chart = _count_chart(ws, "Signaleringen per regel", "Regel", FIRST_ROW + 1, counts, ())
        ws.add_chart(chart, f"{CHART_COLUMN}{FIRST_ROW}")
    top = max(row + 2, FIRST_ROW + 18)
    _header(ws, top, ["Leeftijd (dagen)", "Aantal"])
    for offset, (bucket, count) in enumerate(by_age.items(), start=1):
        put(ws, top + offset, 1, bucket)
        put(ws, top + offset, 2, int(count), "0")
    if by_age:
        counts = [int(n) for n in by_age.values()]
        chart = _count_chart(ws, "Signaleringen naar leeftijd (dagen)", "Leeftijd (dagen)",
                             top + 1, counts, AGE_COLOURS)  # fmt: skip
        ws.add_chart(chart, f"{CHART_COLUMN}{top}")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 10
    return ws
