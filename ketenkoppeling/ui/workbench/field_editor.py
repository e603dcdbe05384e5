"""One target field: where its value comes from (a column, an element of the XML, a setting,
a fixed value, or parts joined together) and its chain of transforms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.mapping.document import FieldEdit, TransformEdit
from ketenkoppeling.mapping.fields import map_lookup
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.widgets import hint, subheading
from ketenkoppeling.ui.workbench.compact import shrinkable, top_aligned
from ketenkoppeling.ui.workbench.labels import entity_label, field_label, lookup_text
from ketenkoppeling.ui.workbench.transform_chain import TransformChainEditor
from ketenkoppeling.ui.workbench.value_map import Codes

SOURCE_KINDS = ("", "column", "xpath", "setting", "value", "concat")
PART_KINDS = ("column", "xpath", "setting", "value")


@dataclass(frozen=True)
class FieldKey:
    """A target field: the record (its kind, None for the first), entity, field name and, for
    a field of an attribution, the attribution's index."""

    entity: str
    name: str
    attribution: int | None = None
    record: str | None = None


def source_kind_text(kind: str) -> str:
    from PySide6.QtCore import QCoreApplication

    tr = QCoreApplication.translate
    texts = {
        "": tr("FieldEditor", "(no source: the field is not filled)"),
        "column": tr("FieldEditor", "a column of the file"),
        "xpath": tr("FieldEditor", "an element of the XML (XPath)"),
        "setting": tr("FieldEditor", "a setting of the mapping"),
        "value": tr("FieldEditor", "a fixed value"),
        "concat": tr("FieldEditor", "parts joined together"),
    }
    return texts.get(kind, kind)


def source_summary(edit: FieldEdit | None) -> str:
    """'kolom Naam', '../Bron/CdPartijSuwi', 'instelling partner', '= 100', 'A + B'."""
    from PySide6.QtCore import QCoreApplication

    tr = QCoreApplication.translate
    if edit is None or not edit.source_kind:
        return ""

    def one(kind: str, value: str) -> str:
        if kind == "column":
            return arg(tr("FieldEditor", "column %1"), value)
        if kind == "setting":
            return arg(tr("FieldEditor", "setting %1"), value)
        if kind == "value":
            return f"= {value}"
        return value

    if edit.source_kind == "concat" and isinstance(edit.source, list):
        return " + ".join(one(k, v) for k, v in edit.source)
    return one(edit.source_kind, str(edit.source))


class PartRow(QWidget):
    """One part of a joined value: its kind and its column, path, setting or text."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, kind: str, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = shrinkable(QComboBox(self), 8)
        for part in PART_KINDS:
            self.kind.addItem(source_kind_text(part), part)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.value = QLineEdit(value, self)
        self.remove = QToolButton(self)
        self.remove.setText("×")
        self.remove.setToolTip(self.tr("Remove this part"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.remove)
        self.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.value.textEdited.connect(lambda _t: self.changed.emit())
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def part(self) -> tuple[str, str]:
        return str(self.kind.currentData()), self.value.text()


class PartsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PartRow] = []
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.separator = QLineEdit(" ", self)
        self.separator.setMaximumWidth(80)
        self.separator.setToolTip(self.tr("Put between the parts (a space by default)"))
        self.separator.textEdited.connect(lambda _t: self.changed.emit())
        self.add_button = QPushButton(self.tr("Add part"), self)
        self.add_button.clicked.connect(lambda: self.add_part("value", ""))
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Between the parts:"), self.separator)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint(self.tr("Empty parts are left out."), self))
        layout.addLayout(self.rows_layout)
        layout.addLayout(bottom)
        layout.addLayout(form)

    def set_parts(self, parts: list[tuple[str, str]], separator: str) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        for kind, value in parts:
            self._add(kind, value)
        self.separator.setText(separator)

    def _add(self, kind: str, value: str) -> PartRow:
        row = PartRow(kind, value, self)
        row.changed.connect(self.changed.emit)
        row.remove_requested.connect(self._remove)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        return row

    def add_part(self, kind: str, value: str) -> None:
        self._add(kind, value)
        self.changed.emit()

    def _remove(self, row: PartRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.deleteLater()
            self.changed.emit()

    def parts(self) -> list[tuple[str, str]]:
        return [row.part() for row in self.rows]


class FieldEditor(QWidget):
    """Edits the field chosen in the target tree; ``edited`` after each change (read
    :meth:`state`), ``clear_requested`` when the user takes its source away."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key: FieldKey | None = None
        self._loading = False
        self.title = subheading("", self)
        self.description = hint("", self)
        self.kind_combo = shrinkable(QComboBox(self), 16)
        for kind in SOURCE_KINDS:
            self.kind_combo.addItem(source_kind_text(kind), kind)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)

        self.column_combo = shrinkable(QComboBox(self))
        self.column_combo.setEditable(True)
        self.column_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.column_combo.currentTextChanged.connect(lambda _t: self._emit())
        self.xpath_edit = QLineEdit(self)
        self.xpath_edit.setPlaceholderText("../Bron/CdPartijSuwi")
        self.xpath_edit.textEdited.connect(lambda _t: self._emit())
        self.setting_combo = shrinkable(QComboBox(self))
        self.setting_combo.setEditable(True)
        self.setting_combo.currentTextChanged.connect(lambda _t: self._emit())
        self.value_edit = QLineEdit(self)
        self.value_edit.textEdited.connect(lambda _t: self._emit())
        self.parts = PartsEditor(self)
        self.parts.changed.connect(self._emit)
        self.source_stack = QStackedWidget(self)
        empty = hint(
            self.tr("Choose where the value comes from, or double-click a column or element "
                    "of the sample."),
            self,
        )  # fmt: skip
        xpath_page = QWidget(self)
        xpath_layout = QVBoxLayout(xpath_page)
        xpath_layout.setContentsMargins(0, 0, 0, 0)
        xpath_layout.addWidget(self.xpath_edit)
        xpath_layout.addWidget(
            hint(
                self.tr("Double-click an element in the sample's tree: the path is filled in "
                        "from the record element."),
                self,
            )
        )  # fmt: skip
        xpath_layout.addStretch(1)
        for widget in (
            top_aligned(empty, self), top_aligned(self.column_combo, self), xpath_page,
            top_aligned(self.setting_combo, self), top_aligned(self.value_edit, self),
            top_aligned(self.parts, self),
        ):  # fmt: skip
            self.source_stack.addWidget(widget)
        self.source_stack.currentChanged.connect(self._fit_stack)

        self.chain = TransformChainEditor(self)
        self.chain.changed.connect(self._emit)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("Value from:"), self.kind_combo)
        form.addRow(self.source_stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        layout.addLayout(form)
        layout.addWidget(self.chain, 1)
        self.load(None, None, None)

    # --- context --------------------------------------------------------------------------

    def set_choices(self, columns: list[str], settings: list[str]) -> None:
        """The columns of the sample (and the mapping) and the mapping's settings."""
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            for combo, values in ((self.column_combo, columns), (self.setting_combo, settings)):
                text = combo.currentText()
                combo.clear()
                combo.addItems(values)
                combo.setEditText(text)
        finally:
            self._loading = was

    def set_codes(self, lookup: str, codes: Codes) -> None:
        self.chain.set_codes(lookup, codes)

    def set_suggestions(self, values: list[str]) -> None:
        self.chain.set_suggestions(values)

    # --- loading --------------------------------------------------------------------------

    def load(self, key: FieldKey | None, edit: FieldEdit | None, info: Any) -> None:
        self.key = key
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            self.setEnabled(key is not None)
            if key is None:
                self.title.setText(self.tr("No field chosen"))
                self.description.setText(
                    self.tr("Choose a field of the common model on the left to set its source.")
                )
                self._set_kind("")
                self.chain.set_transforms([])
                return
            where = entity_label(key.entity)
            if key.attribution is not None:
                where += " › " + arg(self.tr("attribution %1"), key.attribution + 1)
            self.title.setText(f"{where} › {field_label(key.entity, key.name)}")
            notes = [
                self.tr("required") if info is not None and info.required else self.tr("optional")
            ]
            if info is not None and info.lookup:
                notes.append(
                    arg(self.tr("a code of the reference data (%1)"), lookup_text(info.lookup))
                )
            self.description.setText(" · ".join(notes))
            self.title.setToolTip(f"{key.entity}.{key.name}")
            self.description.setToolTip(
                self.tr("A record without a required field is quarantined.")
                if info is not None and info.required
                else ""
            )
            self.chain.map_otherwise = map_lookup(key.entity, key.name)
            kind = edit.source_kind if edit is not None else ""
            self._set_kind(kind)
            source = edit.source if edit is not None else ""
            if kind == "concat" and isinstance(source, list):
                self.parts.set_parts(list(source), edit.separator if edit else " ")
            else:
                self.parts.set_parts([], " ")
                text = source if isinstance(source, str) else ""
                self.column_combo.setEditText(text if kind == "column" else "")
                self.xpath_edit.setText(text if kind == "xpath" else "")
                self.setting_combo.setEditText(text if kind == "setting" else "")
                self.value_edit.setText(text if kind == "value" else "")
            self.chain.set_transforms(list(edit.transforms) if edit is not None else [])
        finally:
            self._loading = was

    def _fit_stack(self, current: int) -> None:
        """The source area is as high as the page shown, not the highest page."""
        for index in range(self.source_stack.count()):
            page = self.source_stack.widget(index)
            if page is not None:
                policy = (
                    QSizePolicy.Policy.Preferred if index == current else QSizePolicy.Policy.Ignored
                )
                page.setSizePolicy(policy, policy)
        self.source_stack.updateGeometry()

    def _set_kind(self, kind: str) -> None:
        index = max(self.kind_combo.findData(kind), 0)
        self.kind_combo.setCurrentIndex(index)
        self.source_stack.setCurrentIndex(index)

    # --- state ----------------------------------------------------------------------------

    def source_kind(self) -> str:
        return str(self.kind_combo.currentData() or "")

    def state(self) -> tuple[str, str | list[tuple[str, str]], str, list[TransformEdit]]:
        """(source kind, source, separator, transforms) as the editor shows them."""
        kind = self.source_kind()
        source: str | list[tuple[str, str]] = ""
        separator = " "
        if kind == "column":
            source = self.column_combo.currentText()
        elif kind == "xpath":
            source = self.xpath_edit.text()
        elif kind == "setting":
            source = self.setting_combo.currentText()
        elif kind == "value":
            source = self.value_edit.text()
        elif kind == "concat":
            source = self.parts.parts()
            separator = self.parts.separator.text()
        return kind, source, separator, self.chain.transforms()

    # --- choosing from the sample ---------------------------------------------------------

    def choose(self, kind: str, value: str) -> None:
        """A column or element picked in the sample: it becomes the source (or, for a joined
        value, its next part)."""
        if self.key is None:
            return
        if self.source_kind() == "concat":
            self.parts.add_part(kind, value)
            return
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            self._set_kind(kind)
            if kind == "column":
                self.column_combo.setEditText(value)
            elif kind == "xpath":
                self.xpath_edit.setText(value)
        finally:
            self._loading = was
        self._emit()

    def _kind_changed(self, index: int) -> None:
        self.source_stack.setCurrentIndex(index)
        if self._loading:
            return
        if self.source_kind() == "concat" and not self.parts.rows:
            self.parts.set_parts([("column", self.column_combo.currentText())], " ")
        self._emit()

    def _emit(self) -> None:
        if not self._loading and self.key is not None:
            self.edited.emit()
