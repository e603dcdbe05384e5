"""The mapping's settings: values its fields can use, each a fixed value, a cell of the sheet
(a title in A1), an XPath in the document or the file name, with transforms of its own (for
example a gemeente's name looked up as a partner)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.widgets import hint, subheading
from ketenkoppeling.ui.workbench.transform_chain import TransformChainEditor
from ketenkoppeling.ui.workbench.value_map import Codes

SETTING_KINDS = ("value", "cell", "xpath", "file-name")


class SettingsForm(QWidget):
    """``edited(name)`` after a change to setting ``name`` (read :meth:`state`);
    ``add_requested(name)``, ``remove_requested(name)``."""

    edited = Signal(str)
    add_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._settings: list[Any] = []
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._show)
        self.add_button = QPushButton(self.tr("New setting…"), self)
        self.add_button.clicked.connect(self._ask_new)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self._remove)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(subheading(self.tr("Settings"), left))
        left_layout.addWidget(
            hint(self.tr("A field takes a setting's value with 'a setting of the mapping'."), left)
        )
        left_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)

        self.kind_combo = QComboBox(self)
        kind_texts = {
            "value": self.tr("a fixed value"),
            "cell": self.tr("a cell of the sheet (e.g. A1)"),
            "xpath": self.tr("an element of the XML (XPath)"),
            "file-name": self.tr("the file name"),
        }
        for kind in SETTING_KINDS:
            self.kind_combo.addItem(kind_texts[kind], kind)
        self.source_edit = QLineEdit(self)
        self.label_edit = QLineEdit(self)
        self.label_edit.setToolTip(self.tr("How messages name the setting, e.g. 'title (cell A1)'"))
        self.required_check = QCheckBox(
            self.tr("Refuse the whole file when it cannot be determined"), self
        )
        self.chain = TransformChainEditor(self)
        self.details = QWidget(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Value from:"), self.kind_combo)
        form.addRow(self.tr("Value, cell or path:"), self.source_edit)
        form.addRow(self.tr("Label:"), self.label_edit)
        form.addRow("", self.required_check)
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        self.details_title = subheading("", self.details)
        details_layout.addWidget(self.details_title)
        details_layout.addLayout(form)
        details_layout.addWidget(self.chain, 1)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._emit())
        self.source_edit.textEdited.connect(lambda _t: self._emit())
        self.label_edit.textEdited.connect(lambda _t: self._emit())
        self.required_check.toggled.connect(lambda _c: self._emit())
        self.chain.changed.connect(self._emit)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([200, 600])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._show(-1)

    def set_codes(self, lookup: str, codes: Codes) -> None:
        self.chain.set_codes(lookup, codes)

    def load(self, document: Any) -> None:
        current = self.current_name()
        self._settings = document.settings()
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            self.list.clear()
            for setting in self._settings:
                self.list.addItem(setting.name)
        finally:
            self._loading = was
        names = [s.name for s in self._settings]
        self.list.setCurrentRow(names.index(current) if current in names else (0 if names else -1))
        self._show(self.list.currentRow())

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return item.text() if item is not None else None

    def select(self, name: str) -> bool:
        items = self.list.findItems(name, Qt.MatchFlag.MatchExactly)
        if items:
            self.list.setCurrentItem(items[0])
            return True
        return False

    def state(self) -> dict[str, Any]:
        """The shown setting as keyword arguments of ``MappingDocument.set_setting``."""
        kind = str(self.kind_combo.currentData())
        return {
            "source_kind": kind,
            "source": "" if kind == "file-name" else self.source_edit.text(),
            "label": self.label_edit.text() or None,
            "required": self.required_check.isChecked(),
            "transforms": self.chain.transforms(),
        }

    def _show(self, row: int) -> None:
        setting = self._settings[row] if 0 <= row < len(self._settings) else None
        self.details.setEnabled(setting is not None)
        self.remove_button.setEnabled(setting is not None)
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            if setting is None:
                self.details_title.setText(self.tr("No setting chosen"))
                self.source_edit.clear()
                self.label_edit.clear()
                self.chain.set_transforms([])
                return
            self.details_title.setText(setting.name)
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(setting.source_kind), 0))
            self.source_edit.setText(setting.source)
            self.label_edit.setText(setting.label or "")
            self.required_check.setChecked(setting.required)
            self.chain.map_otherwise = "partner" if setting.name == "partner" else "keep"
            self.chain.set_transforms(list(setting.transforms))
        finally:
            self._loading = was

    def _ask_new(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("New setting"), self.tr("Name of the setting (e.g. partner):")
        )
        if ok and name.strip():
            self.add_requested.emit(name.strip())

    def _remove(self) -> None:
        name = self.current_name()
        if name:
            self.remove_requested.emit(name)

    def _emit(self) -> None:
        name = self.current_name()
        if not self._loading and name:
            self.edited.emit(name)
