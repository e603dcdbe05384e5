"""The drill-down of the Verantwoording place: the steps a controller takes from a figure to
the spend lines behind it and on to a line's source record, with back and forward as in a
browser; line lists that filter and export; the BSN choice of an export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.formatting import (
    arg,
    format_count,
    mask_numbers,
)
from ketenkoppeling.ui.models.drilldown import SourceDetail, finding_brief_columns
from ketenkoppeling.ui.models.table import Column, FilterProxy, RowTableModel
from ketenkoppeling.ui.source_fields import show_source
from ketenkoppeling.ui.widgets import FilterField, TableView, hint, icon_button, subheading

OVERVIEW = "overview"  # a report, reconciliation or settlement as first shown
LINES = "lines"  # the lines behind a figure
RECORD = "record"  # a spend line's source record
QUARANTINED = "quarantined"  # a quarantined record
FINDING = "finding"  # a finding, shown in the Signaleringen place


@dataclass(frozen=True)
class Step:
    kind: str
    title: str
    payload: Any = None


class History:
    """The steps taken, with a position: back and forward as in a browser."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.index = -1

    @property
    def current(self) -> Step | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    def reset(self, step: Step) -> None:
        self.steps, self.index = [step], 0

    def push(self, step: Step) -> None:
        del self.steps[self.index + 1 :]
        self.steps.append(step)
        self.index = len(self.steps) - 1

    def can_go_back(self) -> bool:
        return self.index > 0

    def can_go_forward(self) -> bool:
        return self.index < len(self.steps) - 1

    def back(self) -> Step | None:
        if not self.can_go_back():
            return None
        self.index -= 1
        return self.current

    def forward(self) -> Step | None:
        if not self.can_go_forward():
            return None
        self.index += 1
        return self.current

    def trail(self) -> list[str]:
        return [step.title for step in self.steps[: self.index + 1]]


def activated_rows(view: TableView, handler: Any) -> None:
    """Call ``handler(row)`` when a row is double-clicked or Enter is pressed on it."""

    def on_activated(index: QModelIndex) -> None:
        row = view.row_at(index)
        if row is not None:
            handler(row)

    view.activated.connect(on_activated)


class LinesPane(QWidget):
    """A list of lines that filters as you type and exports what it shows to Excel."""

    row_activated = Signal(object)
    export_requested = Signal()

    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.note = hint("", self)
        self.note.setVisible(False)
        layout.addWidget(self.note)
        bar = QHBoxLayout()
        self.search = FilterField(self.tr("Filter lines — budget, BSN, file, date…"), self)
        bar.addWidget(self.search)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.export_button = icon_button(
            self.tr("Export lines…"), QStyle.StandardPixmap.SP_DialogSaveButton, self
        )
        self.export_button.setToolTip(self.tr("Write the lines shown to an Excel workbook"))
        self.export_button.clicked.connect(self.export_requested)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.model = RowTableModel(columns, self)
        self.proxy = FilterProxy(self.model, self)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = TableView(self)
        self.view.setModel(self.proxy)
        self.view.setToolTip(self.tr("Double-click a line (or press Enter) to see its source"))
        layout.addWidget(self.view, 1)
        activated_rows(self.view, self.row_activated.emit)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)

    def set_rows(self, rows: list[Any], note: str = "") -> None:
        self.model.set_rows(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self._count()

    def shown_rows(self) -> list[Any]:
        """The rows the filter lets through, in the order shown."""
        return [self.view.row_at(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())]

    def _count(self, *_args: Any) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("%n line(s)", "", total))
        else:
            self.count_label.setText(
                arg(self.tr("%1 of %Ln line(s)", "", total), format_count(shown))
            )


class RecordPane(QWidget):
    """A spend line's source: file, position, mapping version, the stored or raw values and
    the findings that touch it."""

    finding_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        box = QGroupBox(self.tr("Source record"), self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for name, label in (
            ("file", self.tr("File")),
            ("location", self.tr("Position")),
            ("batch", self.tr("Batch")),
            ("mapping", self.tr("Mapping version")),
            ("imported", self.tr("Imported")),
            ("status", self.tr("Outcome")),
        ):
            value = QLabel(box)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[name] = value
        layout.addWidget(box)
        self.values = QLabel(self)
        self.values.setTextFormat(Qt.TextFormat.RichText)
        self.values.setWordWrap(True)
        self.values.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.values)
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.reasons.setStyleSheet("color: #8a5300;")
        layout.addWidget(self.reasons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        raw_box = QWidget(split)
        raw_layout = QVBoxLayout(raw_box)
        raw_layout.setContentsMargins(0, 0, 0, 0)
        raw_layout.addWidget(subheading(self.tr("Values as read from the file"), raw_box))
        self.raw = QPlainTextEdit(raw_box)
        self.raw.setReadOnly(True)
        raw_layout.addWidget(self.raw)
        self.raw_box = raw_box
        findings_box = QWidget(split)
        self.findings_box = findings_box
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        self.findings_title = subheading("", findings_box)
        findings_layout.addWidget(self.findings_title)
        self.findings_model = RowTableModel(finding_brief_columns(), self)
        self.findings_view = TableView(findings_box)
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setToolTip(self.tr("Double-click a finding to open it"))
        findings_layout.addWidget(self.findings_view, 1)
        activated_rows(self.findings_view, lambda row: self.finding_activated.emit(int(row.id)))
        split.addWidget(raw_box)
        split.addWidget(findings_box)
        layout.addWidget(split, 1)
        self.detail: SourceDetail | None = None

    def show_detail(self, detail: SourceDetail | None) -> None:
        self.detail = detail
        for label in self.fields.values():
            label.clear()
        if detail is None:
            self.values.clear()
            self.reasons.clear()
            self.raw.clear()
            self.findings_model.set_rows([])
            return
        source = detail.source
        show_source(self.fields, source)
        rows = "".join(
            f"<tr><td><b>{label}</b></td><td>&nbsp;&nbsp;{text}</td></tr>"
            for label, text in detail.values
        )
        self.values.setText(f"<table>{rows}</table>")
        self.reasons.setText(
            arg(self.tr("Refused: %1"), "; ".join(detail.reasons)) if detail.reasons else ""
        )
        self.reasons.setVisible(bool(detail.reasons))
        raw = detail.raw or {}
        self.raw.setPlainText(
            "\n".join(f"{name}: {mask_numbers(str(value))}" for name, value in raw.items())
        )
        self.raw_box.setVisible(bool(raw))
        self.findings_model.set_rows(detail.findings)
        self.findings_title.setText(
            self.tr("Open findings touching this line (%n)", "", len(detail.findings))
        )
        # a quarantined record is no stored line: no finding can touch it
        self.findings_box.setVisible(detail.raw is None or bool(detail.findings))


class DrillView(QWidget):
    """Back, forward and the trail of steps above the lines or the record of the step."""

    back_requested = Signal()
    forward_requested = Signal()

    def __init__(self, line_columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.back_button = QToolButton(self)
        self.back_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.back_button.setToolTip(self.tr("Back (Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested)
        self.forward_button = QToolButton(self)
        self.forward_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward)
        )
        self.forward_button.setToolTip(self.tr("Forward (Alt+Right)"))
        self.forward_button.clicked.connect(self.forward_requested)
        self.trail = QLabel(self)
        self.trail.setWordWrap(True)
        self.trail.setTextFormat(Qt.TextFormat.RichText)
        bar.addWidget(self.back_button)
        bar.addWidget(self.forward_button)
        bar.addWidget(self.trail, 1)
        layout.addLayout(bar)
        self.stack = QStackedWidget(self)
        self.lines = LinesPane(line_columns, self)
        self.record = RecordPane(self)
        self.stack.addWidget(self.lines)
        self.stack.addWidget(self.record)
        layout.addWidget(self.stack, 1)

    def set_trail(self, titles: list[str], can_back: bool, can_forward: bool) -> None:
        parts = [t.replace("&", "&amp;").replace("<", "&lt;") for t in titles]
        if parts:
            parts[-1] = f"<b>{parts[-1]}</b>"
        self.trail.setText(" › ".join(parts))
        self.back_button.setEnabled(can_back)
        self.forward_button.setEnabled(can_forward)

    def show_lines(self, rows: list[Any], note: str = "") -> None:
        self.lines.search.clear()
        self.lines.set_rows(rows, note)
        self.stack.setCurrentWidget(self.lines)

    def show_record(self, detail: SourceDetail | None) -> None:
        self.record.show_detail(detail)
        self.stack.setCurrentWidget(self.record)


class ExportOptions(QDialog):
    """Before an export: the BSNs stay masked unless the user ticks the box (audited)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export to Excel"))
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "BSNs are masked in the workbook (only the last four digits). Tick the box "
                "to write them in full; that choice is recorded in the audit log."
            ),
            self,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.show_bsn = QCheckBox(self.tr("Show BSNs in full"), self)
        layout.addWidget(self.show_bsn)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if isinstance(ok, QPushButton):
            ok.setText(self.tr("Choose file…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def ask(parent: QWidget) -> bool | None:
        """None when cancelled, else whether BSNs are to be written in full."""
        dialog = ExportOptions(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.show_bsn.isChecked()
