"""What the drill-down of the Verantwoording place shows behind a figure: the spend lines,
the source record of one line (file, position, mapping version, raw values, findings) and the
records still in quarantine; and the line lists written to Excel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.workbook import put
from ketenkoppeling.sources import raw_values
from ketenkoppeling.store.tables import AttributionRow, FindingRow, SourceRecordRow, SpendLineRow
from ketenkoppeling.ui import engine, formatting
from ketenkoppeling.ui.formatting import (
    dutch_position,
    format_cents,
    format_date,
    mask_bsn,
    mask_numbers,
)
from ketenkoppeling.ui.models.records import SourceInfo, source_info
from ketenkoppeling.ui.models.table import Column, attr

REVIEW = "ketenkoppeling.checks.review"


@dataclass
class SourceDetail:
    """A spend line's (or a quarantined record's) source, as the drill-down shows it."""

    title: str
    source: SourceInfo | None
    values: list[tuple[str, str]] = field(default_factory=list)  # stored values (label, text)
    raw: dict[str, Any] | None = None  # the raw values kept for a quarantined record
    reasons: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # rows with id, rule, message


def _findings(session: Session, ids: Sequence[int]) -> list[Any]:
    if not ids:
        return []
    return list(
        session.execute(
            select(FindingRow.id, FindingRow.rule, FindingRow.message, FindingRow.status)
            .where(FindingRow.id.in_(sorted(set(ids))))
            .order_by(FindingRow.id)
        ).all()
    )


def touching(session: Session, spend_keys: list[str], budgets: list[str]) -> list[Any]:
    """The open findings touching these spend lines or budgets (checks.review)."""
    find = engine.function(REVIEW, "findings_touching")
    if find is None:
        return []
    return _findings(session, find(session, spend_keys, budgets))


def line_detail(session: Session, line: Any) -> SourceDetail:
    """The source of a spend line (an attributed part, a reconciliation or settlement line)."""
    tr = QCoreApplication.translate
    spend_line = session.get(SpendLineRow, line.spend_line_id)
    values: list[tuple[str, str]] = [(tr("Drilldown", "Spend line"), line.spend_key)]
    budgets: list[str] = []
    source_id = getattr(line.source, "source_record_id", None)
    if spend_line is not None:
        source_id = spend_line.source_record_id
        parts = session.execute(
            select(AttributionRow.budget, AttributionRow.percentage_bp, AttributionRow.part_cents)
            .where(AttributionRow.spend_line_id == spend_line.id)
            .order_by(AttributionRow.seq)
        ).all()
        budgets = [p.budget for p in parts]
        values += [
            (tr("Drilldown", "BSN"), mask_bsn(spend_line.bsn)),
            (tr("Drilldown", "Payer"), spend_line.payer),
            (tr("Drilldown", "Provider"), spend_line.provider or ""),
            (tr("Drilldown", "Pay date"), format_date(spend_line.pay_date)),
            (
                tr("Drilldown", "Period"),
                f"{format_date(spend_line.period_from)} – {format_date(spend_line.period_to)}",
            ),
            (tr("Drilldown", "Amount"), format_cents(spend_line.amount_cents)),
            (
                tr("Drilldown", "Attribution"),
                "; ".join(
                    f"{p.budget} {p.percentage_bp / 100:.2f} % = {format_cents(p.part_cents)}"
                    .replace(".", ",", 1)
                    for p in parts
                ),
            ),
        ]  # fmt: skip
    return SourceDetail(
        title=line.spend_key,
        source=source_info(session, source_id),
        values=values,
        findings=touching(session, [line.spend_key], budgets),
    )


def quarantined_detail(session: Session, line: Any) -> SourceDetail:
    """A quarantined spend record: where it is, its raw values and why it was refused."""
    tr = QCoreApplication.translate
    row = session.get(SourceRecordRow, line.source_record_id)
    raw = raw_values.display(row.data) if row is not None else None
    values = [
        (tr("Drilldown", "Partner"), line.partner),
        (tr("Drilldown", "Pay date"), format_date(line.pay_date) if line.pay_date else "?"),
        (
            tr("Drilldown", "Amount"),
            format_cents(line.amount_cents) if line.amount_cents is not None else "?",
        ),
    ]
    return SourceDetail(
        title=f"{line.file}, {dutch_position(line.location)}",
        source=source_info(session, line.source_record_id),
        values=values,
        raw=raw,
        reasons=list(line.reasons),
    )


# --- columns ----------------------------------------------------------------------------------


def quarantine_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("Drilldown", "Partner"), attr("partner")),
        Column(tr("Drilldown", "File"), attr("file")),
        Column(tr("Drilldown", "Position"), attr("location"), dutch_position),
        Column(tr("Drilldown", "Amount"), attr("amount_cents"), _amount_or_unreadable,
               right=True),
        Column(tr("Drilldown", "Pay date"), attr("pay_date"), _date_or_unreadable),
        Column(tr("Drilldown", "Reasons"), lambda q: "; ".join(q.reasons),
               tooltip=lambda q: "\n".join(q.reasons)),
    ]  # fmt: skip


def finding_brief_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("Drilldown", "Finding"), attr("id"), right=True),
        Column(tr("Drilldown", "Rule"), attr("rule")),
        Column(
            tr("Drilldown", "Explanation"),
            attr("message"),
            mask_numbers,
            tooltip=lambda f: mask_numbers(f.message),
        ),
    ]


def _amount_or_unreadable(cents: int | None) -> str:
    if cents is None:
        return QCoreApplication.translate("Drilldown", "(unreadable)")
    return format_cents(cents)


def _date_or_unreadable(value: date | None) -> str:
    if value is None:
        return QCoreApplication.translate("Drilldown", "(unreadable)")
    return format_date(value)


# --- Excel ------------------------------------------------------------------------------------


def write_lines_workbook(
    path: Path, title: str, columns: Sequence[Column], rows: Sequence[Any], *, show_bsn: bool
) -> Path:
    """The rows as one sheet: a title line, a header line, then one line per row with raw
    values (dates as dates, amounts in euro); BSNs masked unless ``show_bsn``."""
    import openpyxl  # imported here: only an export needs it

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = QCoreApplication.translate("Drilldown", "Lines")[:31]
    # through the engine's safe writer: text is always text, never a formula (=, +, -, @)
    put(sheet, 1, 1, title)
    for index, column in enumerate(columns, start=1):
        put(sheet, 2, index, column.header)
    for number, row in enumerate(rows, start=3):
        for index, column in enumerate(columns, start=1):
            put(sheet, number, index, _cell(column, row, show_bsn))
    for index, column in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
            if column.text is format_cents:
                cell.number_format = "€ #,##0.00"
            elif isinstance(cell.value, date):
                cell.number_format = "DD-MM-YYYY"
        sheet.column_dimensions[letter].width = max(12, len(column.header) + 4)
    path = Path(path)
    workbook.save(path)
    return path


def _cell(column: Column, row: Any, show_bsn: bool) -> Any:
    value = column.value(row)
    if column.text is mask_bsn:
        return formatting.mask_bsn(value, reveal=show_bsn)
    if column.text is mask_numbers:
        return formatting.mask_numbers(str(value or ""), reveal=show_bsn)
    if column.text is format_cents and isinstance(value, int):
        return Decimal(value) / 100
    if isinstance(value, (date, int, float, Decimal)) and not isinstance(value, bool):
        return value
    return column.display(row)
