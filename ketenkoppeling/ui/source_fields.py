"""Where a stored record came from (file, position, batch, mapping, when and by whom, what the
import made of it), shown the same way in Gegevens and in the drill-down of a figure."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from ketenkoppeling.ui.formatting import arg, dutch_position, format_date
from ketenkoppeling.ui.quarantine import provenance_text


def status_text(status: str) -> str:
    """What the import made of a record: new, unchanged, replaced, …"""
    tr = QCoreApplication.translate
    texts = {
        "new": tr("SourceFields", "new"),
        "unchanged": tr("SourceFields", "unchanged"),
        "replaced": tr("SourceFields", "replaced an earlier version"),
        "quarantined": tr("SourceFields", "in quarantine"),
        "reprocessed": tr("SourceFields", "run again later"),
    }
    return texts.get(status, status)


def show_source(fields: dict[str, QLabel], source: Any) -> None:
    """Fill the labels ``file``, ``location``, ``batch``, ``mapping``, ``imported`` and
    ``status`` of ``fields`` from ``source`` (a records.SourceInfo, or None when no source
    was recorded)."""
    tr = QCoreApplication.translate
    if source is None:
        fields["file"].setText(tr("SourceFields", "(no source recorded)"))
        return
    fields["file"].setText(source.file_name)
    fields["location"].setText(dutch_position(source.location))
    batch = str(source.batch or "")
    if source.reprocessed_batch is not None:
        batch += " (" + provenance_text(source) + ")"
    fields["batch"].setText(batch)
    fields["mapping"].setText(source.mapping)
    fields["imported"].setText(
        arg(tr("SourceFields", "%1 by %2"), format_date(source.imported_at), source.user)
    )
    fields["status"].setText(status_text(source.status))
