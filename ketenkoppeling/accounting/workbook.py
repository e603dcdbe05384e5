"""Excel building blocks shared by the report workbooks (openpyxl).

Every cell is written through :func:`put`: text that starts with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return) is stored as text with a quote prefix, never as a formula;
characters Excel cannot hold are replaced. Amounts are exact ``Decimal`` values with a euro
format, dates use ``dd-mm-jjjj``. A table sheet has a title, a frozen header row with an
autofilter, a totals row and check rows stating that the figures tie out.

The only formulas ever written are the totals: ``=SUM(…)`` over the column above, written by
:func:`put_sum` only after the total has been checked to equal the sum of that column, and
saved with that checked total as the formula's cached value (see :mod:`.workbook_totals`), so
a reader that does not calculate sees the same figure. BSNs are masked unless a report is
explicitly made with ``mask_bsn=False``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

import ketenkoppeling
from ketenkoppeling.accounting import workbook_totals
from ketenkoppeling.accounting.lines import AttributedPart
from ketenkoppeling.accounting.quarantine import QuarantinedSpend
from ketenkoppeling.accounting.rounding import bp_to_percentage
from ketenkoppeling.accounting.workbook_rows import DATE as DATE
from ketenkoppeling.accounting.workbook_rows import FORMULA_TRIGGERS as FORMULA_TRIGGERS
from ketenkoppeling.accounting.workbook_rows import MAX_TEXT as MAX_TEXT
from ketenkoppeling.accounting.workbook_rows import SheetWriter, set_value, template_style
from ketenkoppeling.accounting.workbook_rows import is_formula_like as is_formula_like
from ketenkoppeling.model.money import cents_to_decimal, format_euro
from ketenkoppeling.store.database import current_user
from ketenkoppeling.store.tables import (
    BudgetRow,
    InstrumentRow,
    PartnerRow,
    ProviderRow,
    RegimeRow,
)

#: Euro amounts; the locale tag 413 (nl-NL) makes Dutch spreadsheets show € 1.234,56.
EURO = "[$€-413] #,##0.00;[$€-413] -#,##0.00;[$€-413] 0.00"
PERCENT = '0.00" %"'
INTEGER = "0"
WIDE = 160  # total column width above which a table prints on A3
PAIR_TEXT_WIDTH = 100  # characters of the value column of a summary/explanation sheet

HEADER_ROW = 4  # title, subtitle, blank, header
FONT = "Calibri"  # the workbook default; named on every font so viewers keep one family
TITLE_FONT = Font(name=FONT, bold=True, size=14)
BOLD = Font(name=FONT, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
OK_FONT = Font(name=FONT, color="006100")


class WorkbookCheckError(RuntimeError):
    """A figure in a workbook does not tie out: the workbook is not written."""


def put(
    ws: Worksheet,
    row: int,
    column: int,
    value: Any,
    number_format: str | None = None,
    *,
    style: Any = None,
) -> Cell:
    """Write one cell of a normal worksheet safely: text is always text (never a formula),
    amounts stay exact. ``style``: the style array of a template cell (see
    :func:`cell_style`), copied as is."""
    return set_value(ws.cell(row=row, column=column), value, number_format, style=style)


def is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def sum_cell(
    out: SheetWriter,
    row: int,
    column: int,
    total: Decimal | int,
    first: int,
    last: int,
    number_format: str | None = None,
) -> Cell:
    """A total for ``row``: ``=SUM(<col><first>:<col><last>)`` whose cached value is
    ``total``, which the caller has checked to be the sum of those cells (placed by
    ``out.row``). No rows (``last < first``): the value."""
    if last < first:
        return out.cell(total, number_format)
    letter = get_column_letter(column)
    formula = f"SUM({letter}{first}:{letter}{last})"
    cell = Cell(out.ws, row=row, column=column)
    cell.value = "=" + formula
    cell.data_type = "f"
    if number_format is not None:
        cell.number_format = number_format
    workbook_totals.register(out.ws, cell.coordinate, formula, total)
    return cell


def put_sum(
    ws: Worksheet,
    row: int,
    column: int,
    total: Decimal | int,
    first: int,
    last: int,
    number_format: str | None = None,
) -> Cell:
    """:func:`sum_cell` placed at once in a normal worksheet."""
    cell = sum_cell(SheetWriter(ws), row, column, total, first, last, number_format)
    cell.row, cell.column = row, column
    ws._add_cell(cell)
    return cell


def cell_style(ws: Worksheet, column: Column) -> Any:
    """The style array of a column's data cells (see ``workbook_rows.template_style``)."""
    return template_style(ws, column.number_format, column.alignment)


def eur(cents: int) -> Decimal:
    return cents_to_decimal(cents)


MASK = "*****"
#: An 8- or 9-digit number standing alone (not part of an amount): a BSN in free text.
_BSN_LIKE = re.compile(r"(?<![\d.,])\d{8,9}(?!\d|[.,]\d)")


def mask(bsn: str) -> str:
    """A BSN shown with only its last four digits: ``*****3436`` (as ``privacy.mask_bsn``)."""
    if not bsn:
        return ""
    return MASK + bsn[-4:] if len(bsn) > 4 else MASK


def mask_numbers(text: str) -> str:
    """Every BSN-like number in a text masked (a finding's message, a quarantine reason)."""
    return _BSN_LIKE.sub(lambda m: mask(m.group(0)), text) if text else text


def nl_date(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def period_text(date_from: date, date_to: date) -> str:
    return f"betaaldatum {nl_date(date_from)} t/m {nl_date(date_to)}"


@dataclass(frozen=True)
class ReportContext:
    """What a workbook states about where its figures come from."""

    database: str = ""
    user: str = field(default_factory=current_user)
    generated_at: datetime = field(
        default_factory=lambda: datetime.now(UTC).astimezone().replace(tzinfo=None)
    )
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → code → name
    findings: dict[int, str] = field(default_factory=dict)  # reservation id → description
    mask_bsn: bool = True  # privacy by default: full BSNs only when asked for explicitly
    notes: tuple[tuple[str, str], ...] = ()  # extra lines for the explanation sheet

    def name(self, kind: str, code: str) -> str:
        return self.names.get(kind, {}).get(code, "")

    def bsn(self, bsn: str) -> str:
        return mask(bsn) if self.mask_bsn else bsn

    def text(self, text: str) -> str:
        """Free text (a finding's description, a reason) with its BSNs masked unless shown."""
        return mask_numbers(text) if self.mask_bsn else text


def report_context(
    session: Session,
    database: str | None = None,
    *,
    user: str | None = None,
    findings: dict[int, str] | None = None,
    mask_bsn: bool = True,
) -> ReportContext:
    """A context with the code lists' descriptions and the database the session reads."""
    names: dict[str, dict[str, str]] = {}
    for kind, table in (
        ("partner", PartnerRow),
        ("regime", RegimeRow),
        ("instrument", InstrumentRow),
        ("provider", ProviderRow),
    ):
        names[kind] = {
            code: name for code, name in session.execute(select(table.code, _label(table)))
        }
    names["budget"] = {
        code: label for code, label in session.execute(select(BudgetRow.code, BudgetRow.label))
    }
    if database is None:
        bind = session.get_bind()
        database = make_url(str(bind.engine.url)).render_as_string(hide_password=True)
    return ReportContext(
        database=database,
        user=user or current_user(),
        names=names,
        findings=dict(findings or {}),
        mask_bsn=mask_bsn,
    )


def _label(table: Any) -> Any:
    return table.description if hasattr(table, "description") else table.name


# --- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | money | date | int | percent
    width: int | None = None

    @property
    def number_format(self) -> str | None:
        return {"money": EURO, "date": DATE, "int": INTEGER, "percent": PERCENT}.get(self.kind)

    @property
    def alignment(self) -> Alignment:
        """Numbers right, dates centred, text left with one indent (clear of a number to
        its left: viewers do not all honour an indent on right-aligned cells)."""
        if self.kind == "date":
            return Alignment(horizontal="center")
        if self.kind == "text":
            return Alignment(horizontal="left", indent=1)
        return Alignment(horizontal="right")


@dataclass(frozen=True)
class Check:
    """A statement that two figures tie out, written under a table."""

    text: str
    left: Decimal | int
    right: Decimal | int

    @property
    def holds(self) -> bool:
        return self.left == self.right


def _display(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, Decimal):
        return format_euro(value)
    if isinstance(value, date):
        return nl_date(value)
    return str(value)


def new_workbook(*, write_only: bool = False) -> Workbook:
    """An empty workbook; ``write_only``: one that streams its sheets row by row (see
    :mod:`.workbook_rows`), for the large reports."""
    if write_only:
        return Workbook(write_only=True)
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save ``wb`` at ``path``, making its folder when needed; the totals written by
    :func:`put_sum` get their checked values as cached values."""
    return workbook_totals.save(wb, path)


_NONE = type(None)


def column_sum(values: Sequence[Any]) -> Decimal | int:
    """The sum of the numbers (int, Decimal; not bool) among ``values``."""
    kinds = set(map(type, values))
    if kinds <= {str, _NONE, date, datetime}:
        return 0
    if kinds <= {int, Decimal, _NONE}:
        return sum((v for v in values if v is not None), 0)
    return sum((v for v in values if is_number(v)), 0)


def column_width(values: Sequence[Any], column: Column) -> int:
    """The longest displayed text among ``values`` (see :func:`_display`)."""
    kinds = set(map(type, values))
    present = [v for v in values if v is not None] if _NONE in kinds else values
    kinds.discard(_NONE)
    if not present:
        return 0
    if kinds <= {str}:
        return max(map(len, present))
    if column.kind == "money" and kinds <= {Decimal}:
        # the displayed length grows with the size of the amount, for each sign
        return max(len(_display(max(present), column)), len(_display(min(present), column)))
    try:
        distinct: Iterable[Any] = set(present)
    except TypeError:  # unhashable values: each one
        distinct = present
    return max(len(_display(v, column)) for v in distinct)


def write_table(
    wb: Workbook,
    sheet: str,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    totals: Sequence[Any] | None = None,
    checks: Sequence[Check] = (),
) -> Worksheet:
    """A sheet with one table: title, subtitle, frozen header with autofilter, the rows, a
    totals row (labelled 'Totaal' in the first column) and the check rows. A number in
    ``totals`` must be the sum of its column: it is written as ``=SUM(…)`` over the column
    with that number as its cached value. Raises WorkbookCheckError when a check does not
    hold or a total is not the sum of its column. Works in a normal and in a write-only
    workbook (the figures are worked out before the first row is written)."""
    for check in checks:
        if not check.holds:
            raise WorkbookCheckError(
                f"blad {sheet}: {check.text} klopt niet ({check.left} ≠ {check.right})"
            )
    data = rows if isinstance(rows, list) else list(rows)
    for values in data:
        if len(values) != len(columns):
            raise ValueError(f"blad {sheet}: een rij heeft {len(values)} waarden, niet "
                             f"{len(columns)}")  # fmt: skip
    by_column = list(zip(*data, strict=True)) if data else [() for _ in columns]
    sums = [column_sum(values) for values in by_column]
    widths = [
        max(len(c.header) + 3, column_width(values, c) + 3 if values else 0)
        for c, values in zip(columns, by_column, strict=True)
    ]
    last_data = HEADER_ROW + len(data)
    if totals is not None:
        for col, (column, value) in enumerate(zip(columns, totals, strict=True)):
            if is_number(value) and value != sums[col]:
                raise WorkbookCheckError(
                    f"blad {sheet}: het totaal van kolom '{column.header}' ({value}) is "
                    f"niet de som van de kolom ({sums[col]})"
                )
            widths[col] = max(widths[col], len(_display(value, column)) + 3)

    ws = wb.create_sheet(sheet)
    final = [column.width or min(max(w, 8), 50) for column, w in zip(columns, widths, strict=True)]
    for col, width in enumerate(final, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_data}"
    _print_setup(ws, title, wide=sum(final) > WIDE)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    out = SheetWriter(ws)
    heading = out.cell(title)
    heading.font = TITLE_FONT
    out.row(1, [heading])
    out.row(2, [out.cell(subtitle)])
    header = []
    for column in columns:
        cell = out.cell(column.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=THIN)
        cell.alignment = Alignment(
            horizontal=column.alignment.horizontal,
            indent=column.alignment.indent,
            wrap_text=True,
            vertical="top",
        )
        header.append(cell)
    out.row(HEADER_ROW, header)
    out.data_rows(data, [cell_style(ws, column) for column in columns])
    row = last_data
    if totals is not None:
        row += 1
        cells = []
        for col, (column, value) in enumerate(zip(columns, totals, strict=True), start=1):
            fmt = column.number_format if value is not None else None
            if is_number(value):
                cell = sum_cell(out, row, col, value, HEADER_ROW + 1, last_data, fmt)
            else:
                cell = out.cell(value, fmt)
            cell.font = BOLD
            cell.fill = TOTAL_FILL
            cell.border = Border(top=THIN)
            cell.alignment = column.alignment
            cells.append(cell)
        out.row(row, cells)
    if checks:
        row += 1
        for check in checks:
            row += 1
            label = out.cell("Controle")
            label.font = BOLD
            text = out.cell(f"{check.text}: klopt")
            text.font = OK_FONT
            out.row(row, [label, text])
    return ws


#: The columns that end a row of an attributed part: its attribution and its source.
ATTRIBUTION_COLUMNS = [
    Column("Budget"),
    Column("Percentage", "percent"),
    Column("Bedrag besteding", "money"),
    Column("Toegerekend deel", "money"),
    Column("Bronbestand"),
    Column("Plaats in bron"),
    Column("Bronrecord", "int"),
]


def attribution_cells(line: AttributedPart) -> list[object]:
    """The cells under :data:`ATTRIBUTION_COLUMNS` for one attributed part."""
    return [
        line.budget,
        bp_to_percentage(line.percentage_bp),
        eur(line.amount_cents),
        eur(line.part_cents),
        line.source.file_name or "",
        line.source.location or "",
        line.source.source_record_id,
    ]


def write_pairs(
    wb: Workbook,
    sheet: str,
    title: str,
    pairs: Sequence[tuple[str, Any]],
    *,
    index: int | None = None,
) -> Worksheet:
    """A sheet of 'label: value' lines (a summary or an explanation)."""
    ws = wb.create_sheet(sheet, index)
    label_width = 12
    value_width = 20
    for row, (label, value) in enumerate(pairs, start=3):
        label_width = max(label_width, len(label) + 2)
        shown = format_euro(value) if isinstance(value, Decimal) else str(value)
        value_width = max(value_width, min(len(shown) + 2, PAIR_TEXT_WIDTH))
        # viewers do not grow rows for wrapped text by themselves: size them here
        lines = max(1, -(-len(shown) // (PAIR_TEXT_WIDTH - 4)))
        if lines > 1:
            ws.row_dimensions[row].height = 15 * lines
    ws.column_dimensions["A"].width = min(label_width, 40)
    ws.column_dimensions["B"].width = value_width
    _print_setup(ws, title)

    out = SheetWriter(ws)
    heading = out.cell(title)
    heading.font = TITLE_FONT
    out.row(1, [heading])
    for row, (label, value) in enumerate(pairs, start=3):
        name = out.cell(label)
        name.font = BOLD
        name.alignment = Alignment(vertical="top")
        cell = out.cell(value, EURO if isinstance(value, Decimal) else None)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        out.row(row, [name, cell])
    return ws


def _print_setup(ws: Worksheet, title: str, *, wide: bool = False) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A3 if wide else Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = title.replace("&", "&&")
    ws.oddFooter.left.text = "Ketenkoppeling"
    ws.oddFooter.right.text = "Pagina &P van &N"


def explanation(
    wb: Workbook,
    context: ReportContext,
    report: str,
    period: str | None,
    rules: Sequence[tuple[str, str]],
) -> Worksheet:
    """The 'Toelichting' sheet: where the figures come from and how they were made."""
    pairs: list[tuple[str, Any]] = [("Rapport", report)]
    if period:
        pairs.append(("Periode", period))
    pairs.extend(rules)
    pairs.extend(context.notes)
    pairs.extend(
        [
            ("Database", context.database or "(onbekend)"),
            ("Gemaakt op", context.generated_at.replace(microsecond=0)),
            ("Gemaakt door", context.user),
            ("Programma", f"Ketenkoppeling {ketenkoppeling.__version__}"),
            (
                "Bedragen",
                "Exacte bedragen in euro met 2 decimalen. Een totaalregel is een SOM-formule "
                "over de kolom erboven, met het gecontroleerde totaal als opgeslagen waarde; "
                "verder bevat de werkmap geen formules. De controleregels onder elke tabel "
                "tonen dat de cijfers aansluiten.",
            ),
        ]
    )
    return write_pairs(wb, "Toelichting", f"Toelichting — {report}", pairs)


ROUNDING_TEXT = (
    "Het toegerekende deel van een bestedingsregel is bedrag × percentage / 100. Tellen de "
    "percentages van een regel op tot precies 100, dan wordt elk deel eerst naar beneden "
    "afgerond op de cent en gaan de resterende centen één voor één naar de delen met de "
    "grootste weggevallen fractie (bij gelijke fractie de eerst genoemde toerekening): de "
    "delen tellen dan exact op tot het bedrag. Anders wordt elk deel afgerond op de cent "
    "(half naar boven) en wijkt de som af (regel B1: over- of ondertoerekening)."
)


QUARANTINE_TEXT = (
    "Bestedingsrecords die wel zijn gelezen maar in quarantaine staan (bijvoorbeeld een "
    "onbekend instrument of een ongeldig BSN), zitten niet in deze cijfers. Blad Quarantaine "
    "noemt ze met bestand, plaats, bedrag en reden; records waarvan bedrag of betaaldatum niet "
    "te lezen is, tellen in elke periode mee. Na correctie van de koppeling of de "
    "referentiegegevens en opnieuw verwerken gaan ze in de verantwoording."
)


def quarantine_summary(q: QuarantinedSpend) -> str:
    """One line on the money still in quarantine."""
    if q.empty:
        return "geen: niets in quarantaine voor deze periode"
    text = f"{format_euro(cents_to_decimal(q.total_cents))} in quarantaine"
    if q.unreadable_count:
        text += f", en {q.unreadable_count} record(s) zonder leesbaar bedrag of betaaldatum"
    return text + " (nog niet verantwoord)"


def write_quarantine_sheet(
    wb: Workbook, title: str, q: QuarantinedSpend, context: ReportContext | None = None
) -> Worksheet:
    """The quarantined spend records behind a report's reservation (reasons masked unless
    the context shows BSNs)."""
    shown = context or ReportContext(user="")
    rows = [
        [line.partner, line.file, line.location,
         cents_to_decimal(line.amount_cents) if line.amount_cents is not None else None,
         line.pay_date, shown.text("; ".join(line.reasons))]
        for line in q.lines
    ]  # fmt: skip
    return write_table(
        wb,
        "Quarantaine",
        title,
        "Bestedingen die gelezen zijn maar in quarantaine staan — " + QUARANTINE_TEXT,
        [Column("Partner"), Column("Bestand"), Column("Plaats"), Column("Bedrag", "money"),
         Column("Betaaldatum", "date"), Column("Redenen")],
        rows,
    )  # fmt: skip
