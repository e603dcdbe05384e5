"""Records and targets: which elements (XML) or rows are records, which entities of the common
model each record fills (a target can be optional, or present only when some fields have a
value), and the attributions of a spend line (one per repeated element with an XPath)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.mapping.fields import ENTITIES
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.widgets import hint
from ketenkoppeling.ui.workbench.labels import entity_label

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1


def _table(columns: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    return table


class RecordsForm(QWidget):
    """Edits the document it was loaded with directly; ``changed`` after each edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Any = None
        self._loading = False

        self.records = _table([self.tr("Kind"), self.tr("Path (XML: the record element)")], self)
        self.records.setColumnWidth(0, 160)
        self.records.setMaximumHeight(120)
        self.records.itemChanged.connect(self._record_edited)
        self.add_record = QPushButton(self.tr("Add record"), self)
        self.add_record.clicked.connect(self._add_record)
        self.remove_record = QPushButton(self.tr("Remove"), self)
        self.remove_record.clicked.connect(self._remove_record)
        records_box = QGroupBox(self.tr("Records"), self)
        records_layout = QVBoxLayout(records_box)
        records_layout.addWidget(
            hint(
                self.tr("A workbook or CSV file has one record per row. In XML, each element "
                        "the path finds is a record; the fields' paths start from it."),
                records_box,
            )
        )  # fmt: skip
        records_layout.addWidget(self.records)
        records_layout.addLayout(self._buttons(self.add_record, self.remove_record))

        self.targets = _table(
            [self.tr("Record"), self.tr("Entity"), self.tr("Optional"),
             self.tr("Present when these fields have a value")],
            self,
        )  # fmt: skip
        self.targets.setColumnWidth(0, 110)
        self.targets.setColumnWidth(1, 190)
        self.targets.resizeColumnToContents(2)
        self.targets.setMinimumHeight(110)
        self.targets.itemChanged.connect(self._target_edited)
        self.targets.currentCellChanged.connect(lambda *_a: self._show_attributions())
        self.entity_combo = QComboBox(self)
        for name, info in ENTITIES.items():
            self.entity_combo.addItem(info.label, name)
        self.add_target = QPushButton(self.tr("Add target"), self)
        self.add_target.clicked.connect(self._add_target)
        self.remove_target = QPushButton(self.tr("Remove target"), self)
        self.remove_target.clicked.connect(self._remove_target)
        targets_box = QGroupBox(self.tr("Targets: what each record fills"), self)
        targets_layout = QVBoxLayout(targets_box)
        targets_layout.addWidget(
            hint(
                self.tr("An optional target is skipped when the fields named (space-separated, "
                        "e.g. 'invoice_number amount') are all empty, or without names when all "
                        "its fields from the file are empty."),
                targets_box,
            )
        )  # fmt: skip
        targets_layout.addWidget(self.targets, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.entity_combo)
        add_row.addWidget(self.add_target)
        add_row.addWidget(self.remove_target)
        add_row.addStretch(1)
        targets_layout.addLayout(add_row)

        self.attributions = _table(
            [self.tr("Attribution"), self.tr("One per element (XPath)")], self
        )
        self.attributions.setColumnWidth(0, 110)
        self.attributions.setMaximumHeight(110)
        self.attributions.itemChanged.connect(self._attribution_edited)
        self.add_attribution = QPushButton(self.tr("Add attribution"), self)
        self.add_attribution.clicked.connect(self._add_attribution)
        self.remove_attribution = QPushButton(self.tr("Remove"), self)
        self.remove_attribution.clicked.connect(self._remove_attribution)
        self.attributions_box = QGroupBox(
            self.tr("Attributions of the selected spend target"), self
        )
        attributions_layout = QVBoxLayout(self.attributions_box)
        attributions_layout.addWidget(
            hint(
                self.tr("Each attribution gives a budget and a percentage (set them on the "
                        "Fields tab). With an XPath, there is one per element found."),
                self.attributions_box,
            )
        )  # fmt: skip
        attributions_layout.addWidget(self.attributions)
        attributions_layout.addLayout(self._buttons(self.add_attribution, self.remove_attribution))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(records_box)
        layout.addWidget(targets_box, 1)
        layout.addWidget(self.attributions_box)

    def _buttons(self, *buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    # --- loading --------------------------------------------------------------------------

    def load(self, document: Any) -> None:
        self.document = document
        current_target = self.current_target()
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            self.records.setRowCount(0)
            for record in document.records():
                row = self.records.rowCount()
                self.records.insertRow(row)
                self.records.setItem(row, 0, QTableWidgetItem(record.kind or ""))
                self.records.setItem(row, 1, QTableWidgetItem(record.path or ""))
            self.targets.setRowCount(0)
            for entity, kind in document.targets():
                target = document.target(entity, record=kind)
                row = self.targets.rowCount()
                self.targets.insertRow(row)
                record_item = QTableWidgetItem(kind or "")
                record_item.setFlags(record_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                record_item.setData(TARGET_ROLE, (entity, kind))
                entity_item = QTableWidgetItem(entity_label(entity))
                entity_item.setFlags(entity_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                entity_item.setToolTip(entity)
                optional = QTableWidgetItem()
                optional.setFlags(
                    (optional.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    & ~Qt.ItemFlag.ItemIsEditable
                )
                optional.setCheckState(
                    Qt.CheckState.Checked if target and target.optional else Qt.CheckState.Unchecked
                )
                present = QTableWidgetItem(" ".join(target.present_if) if target else "")
                names = (
                    ", ".join(f.name for f in ENTITIES[entity].fields) if entity in ENTITIES else ""
                )
                present.setToolTip(arg(self.tr("Field names: %1"), names))
                for column, item in enumerate((record_item, entity_item, optional, present)):
                    self.targets.setItem(row, column, item)
                if (entity, kind) == current_target:
                    self.targets.setCurrentCell(row, 1)
            # one record without a kind: the record column says nothing
            self.targets.setColumnHidden(0, not any(kind for _entity, kind in document.targets()))
        finally:
            self._loading = was
        self._show_attributions()

    def current_target(self) -> tuple[str, str | None] | None:
        row = self.targets.currentRow()
        item = self.targets.item(row, 0) if row >= 0 else None
        data = item.data(TARGET_ROLE) if item is not None else None
        return (data[0], data[1]) if data else None

    def select_target(self, entity: str, record: str | None = None) -> bool:
        for row in range(self.targets.rowCount()):
            item = self.targets.item(row, 0)
            if item is not None and tuple(item.data(TARGET_ROLE)) == (entity, record):
                self.targets.setCurrentCell(row, 1)
                return True
        return False

    def set_optional(
        self, entity: str, optional: bool, present_if: str = "", record: str | None = None
    ) -> None:
        """Tick 'optional' and fill 'present when' of a target as a user would (tests)."""
        for row in range(self.targets.rowCount()):
            item = self.targets.item(row, 0)
            present, check = self.targets.item(row, 3), self.targets.item(row, 2)
            if item is None or present is None or check is None:
                continue
            if tuple(item.data(TARGET_ROLE)) == (entity, record):
                present.setText(present_if)
                check.setCheckState(Qt.CheckState.Checked if optional else Qt.CheckState.Unchecked)

    def _show_attributions(self) -> None:
        target = self.current_target()
        has = (
            target is not None
            and target[0] in ENTITIES
            and any(f.attribution for f in ENTITIES[target[0]].fields)
        )
        self.attributions_box.setEnabled(has)
        self.remove_target.setEnabled(target is not None)
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            self.attributions.setRowCount(0)
            if not has or self.document is None or target is None:
                return
            entity, kind = target
            for index in range(len(self.document.attributions(entity, record=kind))):
                self.attributions.insertRow(index)
                number = QTableWidgetItem(str(index + 1))
                number.setFlags(number.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.attributions.setItem(index, 0, number)
                xpath = self.document.attribution_xpath(entity, index, record=kind) or ""
                self.attributions.setItem(index, 1, QTableWidgetItem(xpath))
        finally:
            self._loading = was

    # --- edits ----------------------------------------------------------------------------

    def _done(self) -> None:
        self.changed.emit()

    def _record_edited(self, item: QTableWidgetItem) -> None:
        if self._loading or self.document is None:
            return
        row = item.row()
        kind = self.records.item(row, 0)
        path = self.records.item(row, 1)
        self.document.set_record(
            row,
            kind=kind.text().strip() if kind is not None else None,
            path=path.text().strip() if path is not None else None,
        )
        self._done()

    def _add_record(self) -> None:
        if self.document is not None:
            self.document.add_record()
            self._done()

    def _remove_record(self) -> None:
        row = self.records.currentRow()
        if self.document is not None and row >= 0:
            self.document.remove_record(row)
            self._done()

    def _target_edited(self, item: QTableWidgetItem) -> None:
        if self._loading or self.document is None:
            return
        row = item.row()
        key_item, check, present_item = (self.targets.item(row, c) for c in (0, 2, 3))
        if key_item is None or check is None or present_item is None:
            return
        entity, record = key_item.data(TARGET_ROLE)
        self.document.set_target_options(
            entity,
            optional=check.checkState() == Qt.CheckState.Checked,
            present_if=present_item.text().split(),
            record=record,
        )
        self._done()

    def _add_target(self) -> None:
        entity = str(self.entity_combo.currentData())
        if self.document is None or self.document.target(entity) is not None:
            return
        self.document.add_target(entity)
        self._done()
        self.select_target(entity, self.document.target(entity).record)

    def _remove_target(self) -> None:
        target = self.current_target()
        if self.document is not None and target is not None:
            self.document.remove_target(target[0], record=target[1])
            self._done()

    def _attribution_edited(self, item: QTableWidgetItem) -> None:
        target = self.current_target()
        if self._loading or self.document is None or target is None or item.column() != 1:
            return
        self.document.set_attribution_xpath(
            target[0], item.row(), item.text().strip() or None, record=target[1]
        )
        self._done()

    def _add_attribution(self) -> None:
        target = self.current_target()
        if self.document is not None and target is not None:
            self.document.add_attribution(target[0], record=target[1])
            self._done()

    def _remove_attribution(self) -> None:
        target = self.current_target()
        row = self.attributions.currentRow()
        if self.document is not None and target is not None and row >= 0:
            self.document.remove_attribution(target[0], row, record=target[1])
            self._done()
