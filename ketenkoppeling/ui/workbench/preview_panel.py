"""The live preview: the first records of the sample mapped (each new or quarantined with its
reasons and the values it got), and the counts for the whole file with a progress bar, a
cancel button and the comparison with the saved version."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ketenkoppeling.ui.formatting import (
    arg,
    dutch_position,
    format_amount,
    format_count,
    format_date,
    mask_bsn,
)
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.widgets import Banner, ProgressPanel, TableView, subheading
from ketenkoppeling.ui.workbench.labels import entity_label, field_label, status_text


def value_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "bsn":
        return mask_bsn(str(value))
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_amount(value) if name == "amount" else str(value).replace(".", ",")
    return str(value)


def reasons_text(record: Any) -> str:
    parts = []
    for error in getattr(record, "errors", []) or []:
        message = str(error.get("message", ""))
        label = error.get("field")
        parts.append(f"{label}: {message}" if label else message)
    return "; ".join(parts)


def _value_of(key: tuple[str, str]) -> Any:
    def get(record: Any) -> Any:
        for entity, name, value in getattr(record, "values", []) or []:
            if (entity, name) == key:
                return value
        return None

    return get


def _text_of(name: str) -> Callable[[Any], str]:
    return lambda value: value_text(name, value)


class PreviewPanel(QWidget):
    """Shows what the mapping makes of the sample; the workbench feeds it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = subheading(self.tr("Preview"), self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.counts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.comparison = QLabel(self)
        self.comparison.setWordWrap(True)
        font = self.comparison.font()
        font.setBold(True)
        self.comparison.setFont(font)
        self.message = Banner("", self)
        self.progress = ProgressPanel(self)
        self.model = RowTableModel(self._base_columns(), self)
        self.view = TableView(self, sortable=True)
        self.view.setModel(self.model)
        self.view.setSelectionMode(TableView.SelectionMode.SingleSelection)
        self.view.setMinimumHeight(90)
        self._keys: list[tuple[str, str]] = []

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.comparison)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.comparison.setVisible(False)
        self.counts_label.setVisible(False)
        self.summary.setText(self.tr("Open a sample file to see what the mapping makes of it."))

    def _base_columns(self) -> list[Column]:
        return [
            Column(self.tr("#"), attr("seq"), right=True),
            Column(self.tr("Position"), attr("location"), dutch_position),
            Column(self.tr("Status"), attr("status"), status_text),
            Column(self.tr("Reasons"), reasons_text),
        ]

    # --- records --------------------------------------------------------------------------

    def set_records(self, records: list[Any]) -> None:
        keys: list[tuple[str, str]] = []
        for record in records:
            for entity, name, _value in getattr(record, "values", []) or []:
                if (entity, name) not in keys:
                    keys.append((entity, name))
        if keys != self._keys:
            self._keys = keys
            columns = self._base_columns()
            for entity, name in keys:
                columns.append(
                    Column(
                        f"{entity_label(entity)}: {field_label(entity, name)}",
                        _value_of((entity, name)),
                        _text_of(name),
                    )
                )
            self.model.set_columns(columns)
            self.model.set_rows(records)
            self.view.fit_columns(220)
        else:
            self.model.set_rows(records)
        self.model.set_emphasis(lambda r: getattr(r, "status", "") == "quarantined")
        stored = sum(1 for r in records if getattr(r, "status", "") != "quarantined")
        self.message.show_text("")
        self.summary.setText(
            arg(
                self.tr(
                    "First %Ln record(s) of the sample: %1 new, %2 quarantined.", "", len(records)
                ),
                format_count(stored),
                format_count(len(records) - stored),
            )
        )

    def records(self) -> list[Any]:
        return list(self.model.rows)

    def show_problem(self, text: str) -> None:
        """The preview cannot be made (an invalid mapping, a file it cannot read)."""
        self.model.set_rows([])
        self.message.show_text(text, warning=True)
        self.summary.setText("")
        self.counts_label.setVisible(False)
        self.comparison.setVisible(False)
        self.progress.finish()

    def clear(self, text: str = "") -> None:
        self.model.set_rows([])
        self.message.show_text("")
        self.summary.setText(text)
        self.counts_label.setVisible(False)
        self.comparison.setVisible(False)
        self.progress.finish()

    # --- counts ---------------------------------------------------------------------------

    def counts_started(self) -> None:
        self.counts_label.setVisible(False)
        self.comparison.setVisible(False)
        self.progress.start(self.tr("Counting the whole file…"))

    def counts_progress(self, done: int, total: int) -> None:
        self.progress.update_progress(
            self.tr("Counting the whole file: %Ln record(s) read", "", done),
            done,
            total,
        )

    def counts_finished(self, counts: Any, comparison: str, saved_label: str) -> None:
        self.progress.finish()
        text = arg(
            self.tr("Whole file: %1 read, %2 stored, %3 quarantined."),
            format_count(int(counts.read)),
            format_count(int(counts.stored)),
            format_count(int(counts.quarantined)),
        )
        reasons = getattr(counts, "reasons", {}) or {}
        if reasons:
            top = sorted(reasons.items(), key=lambda item: -item[1])[:3]
            text += " " + arg(
                self.tr("Most frequent reasons: %1"),
                "; ".join(f"{reason} ({format_count(n)})" for reason, n in top),
            )
        self.counts_label.setText(text)
        self.counts_label.setVisible(True)
        if comparison:
            self.comparison.setText(arg(self.tr("Compared with %1: %2"), saved_label, comparison))
            self.comparison.setVisible(True)
        else:
            self.comparison.setVisible(False)

    def counts_stopped(self, text: str = "") -> None:
        self.progress.finish()
        if text:
            self.comparison.setText(text)
            self.comparison.setVisible(True)
