"""The mapping as a whole: its name, title and description, the layout it reads (file type,
sheet, header row, delimiter, …), the namespaces of an XML layout, and the signature that lets
the product recognise the layout in a file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.widgets import hint

FORMATS = ("xlsx", "csv", "xml")
ENCODINGS = ("", "utf-8", "utf-8-sig", "cp1252")
# which <source> attributes apply to which format
SOURCE_FIELDS = {
    "sheet": ("xlsx",),
    "header-row": ("xlsx", "csv"),
    "delimiter": ("csv",),
    "encoding": ("csv",),
    "schema": ("xml",),
    "root": ("xml",),
    "header": ("xml",),
    "unique-attribute": ("xml",),
}


class FileForm(QWidget):
    """``edited`` after each change (the workbench then calls :meth:`apply`);
    ``take_from_sample`` asks to fill source and signature from the open sample."""

    edited = Signal()
    take_from_sample = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.name_edit = QLineEdit(self)
        self.name_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[a-z0-9][a-z0-9\-]{0,99}"), self)
        )
        self.name_edit.setToolTip(self.tr("Small letters, digits and '-' only"))
        self.title_edit = QLineEdit(self)
        self.description_edit = QLineEdit(self)
        general = QGroupBox(self.tr("Mapping"), self)
        general_form = QFormLayout(general)
        general_form.addRow(self.tr("Name:"), self.name_edit)
        general_form.addRow(self.tr("Title:"), self.title_edit)
        general_form.addRow(self.tr("Description:"), self.description_edit)

        self.format_combo = QComboBox(self)
        for fmt in FORMATS:
            self.format_combo.addItem(fmt.upper(), fmt)
        self.sheet_edit = QLineEdit(self)
        self.header_spin = QSpinBox(self)
        self.header_spin.setRange(0, 100000)
        self.header_spin.setSpecialValueText(self.tr("find automatically"))
        self.delimiter_edit = QLineEdit(self)
        self.delimiter_edit.setMaxLength(3)
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.setEditable(True)
        for encoding in ENCODINGS:
            self.encoding_combo.addItem(encoding or self.tr("recognise"), encoding)
        self.schema_edit = QLineEdit(self)
        self.schema_edit.setToolTip(self.tr("An XSD in the schemas folder to check files against"))
        self.root_edit = QLineEdit(self)
        self.header_edit = QLineEdit(self)
        self.unique_edit = QLineEdit(self)
        source = QGroupBox(self.tr("The file it reads"), self)
        self.source_form = QFormLayout(source)
        self.source_form.addRow(self.tr("File type:"), self.format_combo)
        self._source_rows: dict[str, QWidget] = {
            "sheet": self.sheet_edit,
            "header-row": self.header_spin,
            "delimiter": self.delimiter_edit,
            "encoding": self.encoding_combo,
            "schema": self.schema_edit,
            "root": self.root_edit,
            "header": self.header_edit,
            "unique-attribute": self.unique_edit,
        }
        labels = {
            "sheet": self.tr("Sheet:"),
            "header-row": self.tr("Header row:"),
            "delimiter": self.tr("Delimiter:"),
            "encoding": self.tr("Encoding:"),
            "schema": self.tr("Schema (XSD):"),
            "root": self.tr("Root element:"),
            "header": self.tr("Header element:"),
            "unique-attribute": self.tr("Unique attribute:"),
        }
        for key, widget in self._source_rows.items():
            self.source_form.addRow(labels[key], widget)

        self.namespaces = QTableWidget(0, 2, self)
        self.namespaces.setHorizontalHeaderLabels([self.tr("Prefix"), self.tr("Namespace URI")])
        self.namespaces.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.namespaces.verticalHeader().setVisible(False)
        self.namespaces.setMaximumHeight(110)
        self.namespaces.itemChanged.connect(lambda _i: self._emit())
        self.add_namespace = QPushButton(self.tr("Add namespace"), self)
        self.add_namespace.clicked.connect(self._add_namespace)
        self.remove_namespace = QPushButton(self.tr("Remove"), self)
        self.remove_namespace.clicked.connect(self._remove_namespace)
        self.namespace_box = QGroupBox(self.tr("Namespaces (prefixes used in the paths)"), self)
        ns_layout = QVBoxLayout(self.namespace_box)
        ns_layout.addWidget(self.namespaces)
        ns_buttons = QHBoxLayout()
        ns_buttons.addWidget(self.add_namespace)
        ns_buttons.addWidget(self.remove_namespace)
        ns_buttons.addStretch(1)
        ns_layout.addLayout(ns_buttons)

        self.signature_root = QLineEdit(self)
        self.signature_sheet = QLineEdit(self)
        self.signature_columns = QPlainTextEdit(self)
        self.signature_columns.setPlaceholderText(self.tr("One column name per line"))
        self.signature_columns.setMaximumHeight(120)
        self.signature_columns.setTabChangesFocus(True)
        signature = QGroupBox(self.tr("Recognising the layout (signature)"), self)
        signature_form = QFormLayout(signature)
        signature_form.addRow(
            hint(
                self.tr("A file is recognised by its root element, or by its sheet and these "
                        "column names."),
                self,
            )
        )  # fmt: skip
        signature_form.addRow(self.tr("Root element:"), self.signature_root)
        signature_form.addRow(self.tr("Sheet:"), self.signature_sheet)
        signature_form.addRow(self.tr("Columns:"), self.signature_columns)
        self.take_button = QPushButton(self.tr("Take over from the sample"), self)
        self.take_button.setToolTip(
            self.tr("Fill the file type, sheet, header row and signature from the open sample")
        )
        self.take_button.clicked.connect(self.take_from_sample.emit)
        take = QHBoxLayout()
        take.addWidget(self.take_button)
        take.addStretch(1)

        for editor in (
            self.name_edit, self.title_edit, self.description_edit, self.sheet_edit,
            self.delimiter_edit, self.schema_edit, self.root_edit, self.header_edit,
            self.unique_edit, self.signature_root, self.signature_sheet,
        ):  # fmt: skip
            editor.textEdited.connect(lambda _t: self._emit())
        self.header_spin.valueChanged.connect(lambda _v: self._emit())
        self.encoding_combo.currentTextChanged.connect(lambda _t: self._emit())
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.signature_columns.textChanged.connect(self._emit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(general)
        layout.addWidget(source)
        layout.addWidget(self.namespace_box)
        layout.addWidget(signature)
        layout.addLayout(take)
        layout.addStretch(1)

    # --- loading and applying -------------------------------------------------------------

    def load(self, document: Any) -> None:
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            self.name_edit.setText(document.name)
            self.title_edit.setText(document.title)
            self.description_edit.setText(document.description)
            attrs = document.source_attrs()
            fmt = attrs.get("format", "xlsx")
            self.format_combo.setCurrentIndex(max(self.format_combo.findData(fmt), 0))
            self.sheet_edit.setText(attrs.get("sheet", ""))
            header = attrs.get("header-row", "")
            self.header_spin.setValue(int(header) if header.isdigit() else 0)
            self.delimiter_edit.setText(attrs.get("delimiter", ""))
            encoding = attrs.get("encoding", "")
            index = self.encoding_combo.findData(encoding)
            if index >= 0:
                self.encoding_combo.setCurrentIndex(index)
            else:
                self.encoding_combo.setEditText(encoding)
            self.schema_edit.setText(attrs.get("schema", ""))
            self.root_edit.setText(attrs.get("root", ""))
            self.header_edit.setText(attrs.get("header", ""))
            self.unique_edit.setText(attrs.get("unique-attribute", ""))
            self.namespaces.setRowCount(0)
            for prefix, uri in document.namespaces.items():
                self._append_namespace(prefix, uri)
            signature = document.signature()
            self.signature_root.setText(signature.root or "")
            self.signature_sheet.setText(signature.sheet or "")
            text = "\n".join(signature.columns)
            if text != self.signature_columns.toPlainText():
                self.signature_columns.setPlainText(text)
            self._show_rows(fmt)
        finally:
            self._loading = was

    def apply(self, document: Any) -> None:
        """Write the form into ``document``."""
        if self.name_edit.text():
            document.name = self.name_edit.text()
        document.title = self.title_edit.text()
        document.description = self.description_edit.text()
        fmt = str(self.format_combo.currentData())
        encoding = self.encoding_combo.currentData()
        if self.encoding_combo.currentText() != self.encoding_combo.itemText(
            self.encoding_combo.currentIndex()
        ):
            encoding = self.encoding_combo.currentText()
        values = {
            "format": fmt,
            "sheet": self.sheet_edit.text(),
            "header-row": self.header_spin.value() or None,
            "delimiter": self.delimiter_edit.text(),
            "encoding": encoding or None,
            "schema": self.schema_edit.text(),
            "root": self.root_edit.text(),
            "header": self.header_edit.text(),
            "unique-attribute": self.unique_edit.text(),
        }
        for key, formats in SOURCE_FIELDS.items():
            if fmt not in formats:
                values[key] = None
        document.set_source(**values)
        namespaces = {}
        for row in range(self.namespaces.rowCount()):
            prefix = self.namespaces.item(row, 0)
            uri = self.namespaces.item(row, 1)
            if prefix is not None and prefix.text().strip():
                namespaces[prefix.text().strip()] = uri.text().strip() if uri is not None else ""
        document.namespaces = namespaces
        columns = [c.strip() for c in self.signature_columns.toPlainText().splitlines()]
        document.set_signature(
            root=self.signature_root.text().strip() or None,
            sheet=self.signature_sheet.text().strip() or None,
            columns=[c for c in columns if c],
        )

    # --- internals ------------------------------------------------------------------------

    def _show_rows(self, fmt: str) -> None:
        for key, widget in self._source_rows.items():
            self.source_form.setRowVisible(widget, fmt in SOURCE_FIELDS[key])
        self.namespace_box.setVisible(fmt == "xml")

    def _format_changed(self, _index: int) -> None:
        self._show_rows(str(self.format_combo.currentData()))
        self._emit()

    def _append_namespace(self, prefix: str, uri: str) -> None:
        was = self._loading
        self._loading = True
        try:
            row = self.namespaces.rowCount()
            self.namespaces.insertRow(row)
            self.namespaces.setItem(row, 0, QTableWidgetItem(prefix))
            self.namespaces.setItem(row, 1, QTableWidgetItem(uri))
        finally:
            self._loading = was

    def _add_namespace(self) -> None:
        self._append_namespace("", "")
        row = self.namespaces.rowCount() - 1
        self.namespaces.setCurrentCell(row, 0)
        first = self.namespaces.item(row, 0)
        if first is not None:
            self.namespaces.editItem(first)

    def _remove_namespace(self) -> None:
        row = self.namespaces.currentRow()
        if row >= 0:
            self.namespaces.removeRow(row)
            self._emit()

    def _emit(self) -> None:
        if not self._loading:
            self.edited.emit()
