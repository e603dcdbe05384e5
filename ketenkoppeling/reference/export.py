"""Exporting the current reference data as a workbook in the layout that loading reads.

Loading the exported workbook again changes nothing. Text is always written as text: a
value starting with ``=``, ``+``, ``-`` or ``@`` is never stored as a formula, and carries
Excel's quote prefix so that editing the cell keeps it text.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ketenkoppeling.model import PartnerKind
from ketenkoppeling.reference.load import stored_reference
from ketenkoppeling.reference.workbook import (
    BUDGETS,
    COLUMNS,
    INSTRUMENTS,
    NO_EXECUTOR,
    PARTNERS,
    PROVIDERS,
    REGIMES,
    SHEETS,
    ReferenceData,
)
from ketenkoppeling.store import Database

FORMULA_START = ("=", "+", "-", "@")
DATE_FORMAT = "dd-mm-yyyy"
AMOUNT_FORMAT = "#,##0.00"
_KIND_TEXT = {kind: kind.name for kind in PartnerKind}  # PartnerKind.UWV -> "UWV"


def export_reference_workbook(db: Database, path: Path) -> ReferenceData:
    """Write the stored reference data to ``path`` (replaced atomically); returns what was
    written."""
    with db.session() as session:
        data = stored_reference(session)
    write_reference_workbook(data, Path(path))
    return data


def reference_rows(data: ReferenceData) -> dict[str, list[list[Any]]]:
    """The cell values of each sheet, without the header."""
    return {
        PARTNERS: [
            [p.code, p.name, _KIND_TEXT[p.kind], p.valid_from, p.valid_to] for p in data.partners
        ],
        REGIMES: [[r.code, r.description, r.executor_kind or NO_EXECUTOR] for r in data.regimes],
        INSTRUMENTS: [[i.code, i.description] for i in data.instruments],
        BUDGETS: [
            [
                b.code,
                b.label,
                b.owner,
                b.year,
                b.amount,
                ",".join(b.regimes),
                ",".join(b.instruments) or None,
            ]
            for b in data.budgets
        ],
        PROVIDERS: [[p.code, p.name] for p in data.providers],
    }


def write_reference_workbook(data: ReferenceData, path: Path) -> None:
    """Write ``data`` as a reference workbook at ``path``."""
    workbook = Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    rows = reference_rows(data)
    bold = Font(bold=True)
    for name in SHEETS:
        sheet = workbook.create_sheet(name)
        header = COLUMNS[name]
        widths = [len(h) for h in header]
        for col, title in enumerate(header, start=1):
            _set(sheet.cell(row=1, column=col), title).font = bold
        for row_number, values in enumerate(rows[name], start=2):
            for col, value in enumerate(values, start=1):
                cell = _set(sheet.cell(row=row_number, column=col), value)
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(value, Decimal):
                    cell.number_format = AMOUNT_FORMAT
                widths[col - 1] = max(widths[col - 1], len(_shown(value)))
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = min(width + 2, 80)
        sheet.freeze_panes = "A2"
    _save_atomically(workbook, path)


def _set(cell: Cell, value: Any) -> Cell:
    cell.value = value
    if isinstance(value, str):
        # openpyxl takes a string starting with "=" for a formula: force text, and mark
        # every risky start with the quote prefix so Excel keeps it text when edited.
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "00-00-0000"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _save_atomically(workbook: Workbook, path: Path) -> None:
    """Save beside ``path`` and rename, so a failed export never leaves half a workbook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
