"""Models of the Importeren place: files waiting, per-file outcomes, quarantined records,
earlier batches."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from ketenkoppeling.ui.formatting import dutch_position, format_count, format_date, mask_numbers
from ketenkoppeling.ui.models.table import Column, attr
from ketenkoppeling.ui.quarantine import provenance_text
from ketenkoppeling.ui.withdraw import withdrawn_tooltip

SUPPORTED_SUFFIXES = (".xml", ".xlsx", ".xlsm", ".csv", ".txt")
STORED_STATUSES = ("imported", "reprocessed")  # a batch was written


@dataclass
class PendingFile:
    """A file chosen for import, with the layout recognised in it."""

    path: Path
    size: int
    state: str = "detecting"  # detecting | found | unknown | error
    mapping: str | None = None
    mapping_title: str = ""
    reason: str = ""


@dataclass
class QuarantineLine:
    """One reason a record was quarantined (a record with three reasons gives three)."""

    seq: int | None
    location: str
    field: str
    message: str
    data: dict[str, Any] | None = None
    batch: int | None = None
    error: dict[str, Any] | None = None  # the stored reason (a value map miss has "value")


def size_text(size: int) -> str:
    if size < 1024:
        return QCoreApplication.translate("ImportModel", "%n byte(s)", None, size)
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB".replace(".", ",")
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def _standard_icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(pixmap) if style is not None else QIcon()


def layout_text(item: PendingFile) -> str:
    tr = QCoreApplication.translate
    if item.state == "detecting":
        return tr("ImportModel", "recognising…")
    if item.state == "found":
        return item.mapping_title or item.mapping or ""
    if item.state == "error":
        return tr("ImportModel", "cannot be read")
    return tr("ImportModel", "not recognised")


def layout_icon(item: PendingFile) -> QIcon | None:
    if item.state == "found":
        return _standard_icon(QStyle.StandardPixmap.SP_DialogApplyButton)
    if item.state in ("unknown", "error"):
        return _standard_icon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return None


def pending_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ImportModel", "File"), lambda f: f.path.name, tooltip=lambda f: str(f.path)),
        Column(tr("ImportModel", "Recognised layout"), layout_text, lambda v: v,
               icon=layout_icon, tooltip=lambda f: f.reason or None),
        Column(tr("ImportModel", "Size"), attr("size"), size_text, right=True),
        Column(tr("ImportModel", "Folder"), lambda f: str(f.path.parent)),
    ]  # fmt: skip


def status_text(status: str) -> str:
    tr = QCoreApplication.translate
    texts = {
        "imported": tr("ImportModel", "Imported"),
        "reprocessed": tr("ImportModel", "Reprocessed"),
        "already-imported": tr("ImportModel", "Already imported"),
        "rejected": tr("ImportModel", "Rejected"),
        "cancelled": tr("ImportModel", "Cancelled"),
        "withdrawn": tr("ImportModel", "Withdrawn"),
    }
    return texts.get(status, status)


def status_icon(result: Any) -> QIcon | None:
    status = getattr(result, "status", "")
    if status in STORED_STATUSES:
        if getattr(result, "quarantined", 0):
            return _standard_icon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return _standard_icon(QStyle.StandardPixmap.SP_DialogApplyButton)
    if status == "already-imported":
        return _standard_icon(QStyle.StandardPixmap.SP_MessageBoxInformation)
    return _standard_icon(QStyle.StandardPixmap.SP_MessageBoxCritical)


def batch_icon(batch: Any) -> QIcon | None:
    """A withdrawn batch is marked; the others show no icon."""
    if getattr(batch, "withdrawn_at", None) is not None:
        return _standard_icon(QStyle.StandardPixmap.SP_DialogCancelButton)
    return None


def _count(value: Any) -> str:
    return format_count(int(value or 0))


def _imported(name: str) -> Any:
    """A count of an imported file; nothing for a file that was not imported."""

    def get(result: Any) -> Any:
        stored = getattr(result, "status", "") in STORED_STATUSES
        return getattr(result, name, None) if stored else None

    return get


def _maybe_count(value: Any) -> str:
    return "" if value is None else _count(value)


def outcome_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ImportModel", "File"), attr("file")),
        Column(tr("ImportModel", "Result"), attr("status"), status_text, icon=status_icon),
        Column(tr("ImportModel", "Read"), _imported("read"), _maybe_count, right=True),
        Column(tr("ImportModel", "New"), _imported("new"), _maybe_count, right=True),
        Column(tr("ImportModel", "Unchanged"), _imported("unchanged"), _maybe_count, right=True),
        Column(tr("ImportModel", "Replaced"), _imported("replaced"), _maybe_count, right=True),
        Column(
            tr("ImportModel", "Quarantined"), _imported("quarantined"), _maybe_count, right=True
        ),
        Column(tr("ImportModel", "Mapping"), attr("mapping")),
        Column(tr("ImportModel", "Batch"), attr("batch"), right=True),
        Column(
            tr("ImportModel", "Remark"),
            attr("message"),
            lambda m: mask_numbers(m or ""),
            tooltip=lambda r: mask_numbers(r.message or "") or None,
        ),
    ]


def quarantine_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ImportModel", "Record"), attr("seq"), right=True),
        Column(
            tr("ImportModel", "Position"),
            attr("location"),
            lambda location: mask_numbers(dutch_position(location)),
            tooltip=lambda q: mask_numbers(dutch_position(q.location)),
        ),
        Column(tr("ImportModel", "Field"), attr("field")),
        Column(
            tr("ImportModel", "Reason"),
            attr("message"),
            mask_numbers,
            tooltip=lambda q: mask_numbers(q.message),
        ),
    ]


def batch_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ImportModel", "Batch"), attr("id"), right=True),
        Column(tr("ImportModel", "File"), attr("file_name")),
        Column(tr("ImportModel", "Origin"), provenance_text),
        Column(tr("ImportModel", "Imported on"), attr("started_at"), format_date),
        Column(tr("ImportModel", "By"), attr("user")),
        Column(tr("ImportModel", "Mapping"), lambda b: f"{b.mapping_name} v{b.mapping_version}"),
        Column(
            tr("ImportModel", "Status"),
            attr("status"),
            status_text,
            icon=batch_icon,
            tooltip=withdrawn_tooltip,
        ),
        Column(tr("ImportModel", "Read"), attr("records_read"), _count, right=True),
        Column(tr("ImportModel", "New"), attr("records_new"), _count, right=True),
        Column(tr("ImportModel", "Unchanged"), attr("records_unchanged"), _count, right=True),
        Column(tr("ImportModel", "Replaced"), attr("records_replaced"), _count, right=True),
        Column(tr("ImportModel", "Quarantined"), attr("records_quarantined"), _count, right=True),
    ]


def quarantine_lines(records: list[Any]) -> list[QuarantineLine]:
    """Flatten quarantined records (seq, location, data, errors) to one line per reason."""
    lines: list[QuarantineLine] = []
    for record in records:
        errors = [e for e in (getattr(record, "errors", None) or []) if e.get("level") != "note"]
        for error in errors or [{}]:
            lines.append(
                QuarantineLine(
                    seq=getattr(record, "seq", None),
                    location=str(error.get("location") or getattr(record, "location", "")),
                    field=str(error.get("field") or ""),
                    message=str(error.get("message") or ""),
                    data=getattr(record, "data", None),
                    batch=getattr(record, "batch", None),
                    error=error or None,
                )
            )
    return lines


def error_lines(errors: list[Any]) -> list[QuarantineLine]:
    """A FileResult's errors (dicts or (location, field, message) tuples) as lines."""
    lines: list[QuarantineLine] = []
    for error in errors:
        if isinstance(error, dict):
            if error.get("level") == "note":
                continue
            lines.append(
                QuarantineLine(
                    None,
                    str(error.get("location") or ""),
                    str(error.get("field") or ""),
                    str(error.get("message") or ""),
                )
            )
        else:
            location, field_name, message = [*list(error), "", "", ""][:3]
            lines.append(QuarantineLine(None, str(location), str(field_name or ""), str(message)))
    return lines
