"""The findings queue and its audit trail as an Excel workbook (openpyxl), with the sheet
"Grafieken": the findings exported per rule and per age.

BSNs are masked unless the user asks for them; any text that a spreadsheet would read as a
formula (starting with = + - @) is stored as text. No formula is ever written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ketenkoppeling.accounting.workbook_charts import add_findings_charts
from ketenkoppeling.checks.queue import QueueEvent, QueueItem, queue_events
from ketenkoppeling.checks.stats import age_counts
from ketenkoppeling.privacy import mask_bsns_in_text, record_bsn_reveal
from ketenkoppeling.store.database import Database

FORMULA_START = ("=", "+", "-", "@")
STATUS_NL = {"open": "open", "resolved": "opgelost", "accepted": "geaccepteerd",
             "closed": "gesloten"}  # fmt: skip
SEVERITY_NL = {"error": "fout", "warning": "waarschuwing"}
ACTION_NL = {
    "opened": "geopend",
    "updated": "bijgewerkt",
    "closed": "gesloten (oorzaak verdwenen)",
    "reopened": "heropend",
    "resolved": "opgelost",
    "accepted": "geaccepteerd",
    "assigned": "toegewezen",
    "unassigned": "toewijzing opgeheven",
    "undone": "ongedaan gemaakt",
}
QUEUE_HEADERS = ("Nr.", "Regel", "Ernst", "Status", "Toegewezen aan", "Toegewezen op",
                 "Leeftijd (dagen)", "Gevonden op", "Gewijzigd op", "Partners", "Records",
                 "Toelichting", "Suggestie")  # fmt: skip
EVENT_HEADERS = ("Signalering", "Wanneer", "Wie", "Wat", "Status", "Reden")


def mask_text(text: str, show_bsn: bool = False) -> str:
    """BSNs (and D2's name, birth date and postcode of a person) masked, unless ``show_bsn``."""
    return text if show_bsn else mask_bsns_in_text(text)


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, datetime):
        cell.number_format = "dd-mm-yyyy hh:mm"
    return cell


def _table(sheet: Worksheet, headers: Sequence[str], rows: list[list[Any]]) -> None:
    for column, header in enumerate(headers, start=1):
        _put(sheet, 1, column, header).font = Font(bold=True)
    for r, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _put(sheet, r, column, value)
    sheet.freeze_panes = "A2"
    for column, header in enumerate(headers, start=1):
        longest = max([len(header)] + [len(str(v[column - 1] or "")) for v in rows[:200]])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 8), 60)
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def _queue_row(item: QueueItem, show_bsn: bool) -> list[Any]:
    return [
        item.id,
        item.rule,
        SEVERITY_NL.get(item.severity, item.severity),
        STATUS_NL.get(item.status, item.status),
        item.assignee or "",
        item.assigned_at,
        item.age_days,
        item.created_at,
        item.updated_at,
        ", ".join(item.partners),
        mask_text(", ".join(item.records), show_bsn),
        mask_text(item.message, show_bsn),
        mask_text(item.suggestion or "", show_bsn),
    ]


def _event_row(event: QueueEvent, show_bsn: bool) -> list[Any]:
    return [
        event.finding_id,
        event.at,
        event.user,
        ACTION_NL.get(event.action, event.action),
        STATUS_NL.get(event.status, event.status),
        mask_text(event.reason or "", show_bsn),
    ]


def write_queue_workbook(
    path: Path, items: Sequence[QueueItem], events: Sequence[QueueEvent], *, show_bsn: bool
) -> Path:
    book = Workbook()
    queue = book.active
    assert queue is not None
    queue.title = "Signaleringen"
    _table(queue, QUEUE_HEADERS, [_queue_row(i, show_bsn) for i in items])
    trail = book.create_sheet("Historie")
    _table(trail, EVENT_HEADERS, [_event_row(e, show_bsn) for e in events])
    add_findings_charts(
        book,
        dict(sorted(Counter(i.rule for i in items).items())),
        age_counts(i.created_at for i in items),
        "Signaleringen in de wachtrij",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def export_queue(
    db: Database,
    path: Path,
    items: Sequence[QueueItem],
    *,
    show_bsn: bool = False,
    user: str | None = None,
) -> Path:
    """Write ``items`` (the queue as filtered) and their history to ``path``; a request to
    show BSNs in full is written to the audit log."""
    with db.session() as session:
        events = queue_events(session, [i.id for i in items])
    if show_bsn:
        _record_reveal(db, user, path)
    return write_queue_workbook(path, items, events, show_bsn=show_bsn)


def _record_reveal(db: Database, user: str | None, path: Path) -> None:
    record_bsn_reveal(db, user=user, what=f"werkmap signaleringen {path.name}")
