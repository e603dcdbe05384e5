"""A value map as an editable table: the value in the file and the code it becomes, the codes
offered from the reference data (instruments, partners, budgets, regimes, providers)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.mapping.fields import TRANSFORMS, choice_label
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.widgets import hint
from ketenkoppeling.ui.workbench.compact import shrinkable
from ketenkoppeling.ui.workbench.labels import lookup_text

Codes = list[tuple[str, str]]  # (code, description)


def otherwise_choices() -> list[str]:
    """What a value without an entry can become (from the schema, via the field catalogue)."""
    info = TRANSFORMS.get("map")
    for param in info.params if info is not None else []:
        if param.name == "otherwise" and param.choices:
            return list(param.choices)
    return ["keep", "error"]


def code_from_text(text: str) -> str:
    """'WF — Work First' → 'WF' (a code typed by hand stays as it is)."""
    return text.split(" — ", 1)[0].strip()


class CodeDelegate(QStyledItemDelegate):
    """Edits the 'to' column with an editable combo box listing the reference codes."""

    def __init__(self, editor: ValueMapEditor) -> None:
        super().__init__(editor)
        self.owner = editor

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, description in self.owner.codes:
            combo.addItem(f"{code} — {description}" if description else code, code)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        code = str(index.data(Qt.ItemDataRole.EditRole) or "")
        found = editor.findData(code)
        if found >= 0:
            editor.setCurrentIndex(found)
        else:
            editor.setEditText(code)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        text = editor.currentText()
        data = editor.currentData()
        chosen = (
            data
            if isinstance(data, str) and editor.itemText(editor.currentIndex()) == text
            else None
        )
        model.setData(index, chosen or code_from_text(text), Qt.ItemDataRole.EditRole)


class ValueMapEditor(QWidget):
    """``changed`` after every edit; :meth:`entries` and :meth:`params` give the map."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes: Codes = []
        self._lookup = ""
        self._suggestions: list[str] = []
        self._loading = False
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Value in the file"), self.tr("Code")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setMinimumHeight(120)
        self.table.setItemDelegateForColumn(1, CodeDelegate(self))
        self.table.itemChanged.connect(self._on_item_changed)
        self.otherwise = shrinkable(QComboBox(self))
        for value in otherwise_choices():
            self.otherwise.addItem(choice_label(value), value)
        self.otherwise.currentIndexChanged.connect(lambda _i: self._emit())
        self.ignore_case = QCheckBox(self.tr("Ignore upper and lower case"), self)
        self.ignore_case.setChecked(True)
        self.ignore_case.toggled.connect(lambda _c: self._emit())
        self.add_button = QPushButton(self.tr("Add row"), self)
        self.add_button.clicked.connect(lambda: self.add_entry("", ""))
        self.remove_button = QPushButton(self.tr("Remove row"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.suggest_button = QPushButton(self.tr("Add values from the sample"), self)
        self.suggest_button.setToolTip(
            self.tr("Add a row for each value of the sample that the map does not know yet")
        )
        self.suggest_button.clicked.connect(self.add_suggestions)
        self.codes_hint = hint("", self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Other values:"), self.otherwise)
        form.addRow("", self.ignore_case)
        buttons = QGridLayout()
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.remove_button, 0, 1)
        buttons.addWidget(self.suggest_button, 1, 0, 1, 2)
        buttons.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.codes_hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        self._update_buttons()

    # --- content --------------------------------------------------------------------------

    def set_codes(self, lookup: str, codes: Codes) -> None:
        """The reference codes offered in the 'Code' column (``lookup``: their kind)."""
        self._lookup = lookup
        self.codes = sorted(codes)
        if lookup and codes:
            self.codes_hint.setText(
                arg(
                    self.tr("Double-click a code to choose from the %1 %2."),
                    len(codes),
                    lookup_text(lookup),
                )
            )
        else:
            self.codes_hint.setText(self.tr("Double-click a cell to edit it."))

    def set_suggestions(self, values: list[str]) -> None:
        self._suggestions = [v for v in values if v]
        self._update_buttons()

    def set_map(self, entries: list[tuple[str, str]], params: dict[str, str]) -> None:
        self._loading = True
        try:
            self.table.setRowCount(0)
            for source, code in entries:
                self._append(source, code)
            otherwise = params.get("otherwise", "keep")
            index = self.otherwise.findData(otherwise)
            if index < 0:
                self.otherwise.addItem(otherwise, otherwise)
                index = self.otherwise.count() - 1
            self.otherwise.setCurrentIndex(index)
            self.ignore_case.setChecked(params.get("ignore-case", "true") in ("true", "1"))
        finally:
            self._loading = False
        self._update_buttons()

    def entries(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.table.rowCount()):
            source = self.table.item(row, 0)
            code = self.table.item(row, 1)
            text = source.text() if source is not None else ""
            if text.strip():
                found.append((text, code.text().strip() if code is not None else ""))
        return found

    def params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        otherwise = self.otherwise.currentData()
        if otherwise and otherwise != "keep":
            params["otherwise"] = str(otherwise)
        if not self.ignore_case.isChecked():
            params["ignore-case"] = "false"
        return params

    def add_entry(self, source: str, code: str) -> None:
        self._append(source, code)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0 if not source else 1)
        first = self.table.item(row, 0)
        if not source and first is not None:
            self.table.editItem(first)
        self._update_buttons()
        self._emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        self._update_buttons()
        self._emit()

    def add_suggestions(self) -> None:
        known = {source.casefold() for source, _code in self.entries()}
        added = False
        for value in self._suggestions:
            if value.casefold() not in known:
                known.add(value.casefold())
                self._append(value, "")
                added = True
        if added:
            self._update_buttons()
            self._emit()

    # --- internals ------------------------------------------------------------------------

    def _append(self, source: str, code: str) -> None:
        was = self._loading
        self._loading = True
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(source))
            self.table.setItem(row, 1, QTableWidgetItem(code))
        finally:
            self._loading = was

    def _on_item_changed(self, _item: Any) -> None:
        self._emit()

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.rowCount() > 0)
        self.suggest_button.setEnabled(bool(self._suggestions))
