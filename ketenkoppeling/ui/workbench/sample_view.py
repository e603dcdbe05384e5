"""The sample file's structure: for a workbook or CSV file its columns with sample values,
for XML the element tree with counts and sample values (namespaces shown with their prefix).
Double-clicking a column or element (or 'Use for the field') makes it the chosen field's
source."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.formatting import arg, format_count
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.widgets import TableView, hint, icon_button, subheading
from ketenkoppeling.ui.workbench.compact import shrinkable

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def samples_text(values: list[str]) -> str:
    return " · ".join(values)


class SampleView(QWidget):
    """Shows a :class:`~ketenkoppeling.mapping.structure.SampleStructure`."""

    open_requested = Signal()
    column_chosen = Signal(str)  # a column name
    element_chosen = Signal(str)  # an absolute element path (or .../@attribute)
    record_chosen = Signal(str)  # an absolute element path to read records from
    reread_requested = Signal(object, int)  # sheet (str | None), header row (0: detect)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.structure: Any = None
        self.heading = subheading(self.tr("Sample file"), self)
        self.open_button = icon_button(
            self.tr("Open sample…"), QStyle.StandardPixmap.SP_DialogOpenButton, self
        )
        self.open_button.setToolTip(self.tr("Open a file of the partner to map (Ctrl+O)"))
        self.open_button.clicked.connect(self.open_requested.emit)
        self.info = hint("", self)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # table layouts: sheet and header row
        self.sheet_combo = shrinkable(QComboBox(self), 8)
        self.sheet_combo.setToolTip(self.tr("The sheet of the workbook to describe"))
        self.header_spin = QSpinBox(self)
        self.header_spin.setRange(0, 10000)
        self.header_spin.setSpecialValueText(self.tr("find"))
        self.header_spin.setToolTip(
            self.tr("The row with the column names (find: recognised automatically)")
        )
        self.reread_button = QPushButton(self.tr("Read again"), self)
        self.reread_button.clicked.connect(self._reread)
        self.table_options = QWidget(self)
        options = QGridLayout(self.table_options)
        options.setContentsMargins(0, 0, 0, 0)
        self.sheet_label = QLabel(self.tr("Sheet:"), self)
        options.addWidget(self.sheet_label, 0, 0)
        options.addWidget(self.sheet_combo, 0, 1, 1, 2)
        options.addWidget(QLabel(self.tr("Header row:"), self), 1, 0)
        options.addWidget(self.header_spin, 1, 1)
        options.addWidget(self.reread_button, 1, 2)
        options.setColumnStretch(1, 1)

        self.columns_model = RowTableModel(
            [
                Column(self.tr("Col."), attr("letter")),
                Column(self.tr("Column"), attr("name")),
                Column(self.tr("Filled"), attr("filled"), format_count, right=True),
                Column(self.tr("Sample values"), attr("samples"), samples_text),
            ],
            self,
        )
        self.columns_view = TableView(self, sortable=False)
        self.columns_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.columns_view.setModel(self.columns_model)
        self.columns_view.doubleClicked.connect(lambda _i: self.use_current())

        self.tree_model = QStandardItemModel(0, 3, self)
        self.tree_model.setHorizontalHeaderLabels(
            [self.tr("Element"), self.tr("Count"), self.tr("Sample values")]
        )
        self.tree = QTreeView(self)
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.tree.doubleClicked.connect(lambda _i: self.use_current())
        self.namespaces = hint("", self)
        self.namespaces.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_button = QPushButton(self.tr("Read records from this element"), self)
        self.record_button.setToolTip(
            self.tr("Each occurrence of the selected element becomes one record")
        )
        self.record_button.clicked.connect(self._use_as_record)
        xml_page = QWidget(self)
        xml_layout = QVBoxLayout(xml_page)
        xml_layout.setContentsMargins(0, 0, 0, 0)
        xml_layout.addWidget(self.tree, 1)
        xml_layout.addWidget(self.namespaces)

        self.empty = hint(
            self.tr(
                "Open a sample file (Ctrl+O) or drop one on this page: its columns or "
                "elements appear here with sample values, to pick as the source of a field."
            ),
            self,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.columns_view)
        self.stack.addWidget(xml_page)

        self.use_button = QPushButton(self.tr("Use for the field"), self)
        self.use_button.setToolTip(
            self.tr("Make the selected column or element the source of the chosen field")
        )
        self.use_button.clicked.connect(self.use_current)
        bottom = QHBoxLayout()
        bottom.addWidget(self.use_button)
        bottom.addWidget(self.record_button)
        bottom.addStretch(1)

        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.info)
        layout.addWidget(self.table_options)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self.set_structure(None)

    # --- content --------------------------------------------------------------------------

    def show_busy(self, text: str) -> None:
        self.info.setText(text)

    def set_structure(self, structure: Any) -> None:
        self.structure = structure
        is_xml = structure is not None and structure.format == "xml"
        is_table = structure is not None and not is_xml
        self.table_options.setVisible(is_table)
        self.record_button.setVisible(is_xml)
        self.use_button.setVisible(structure is not None)
        if structure is None:
            self.info.setText("")
            self.stack.setCurrentIndex(0)
            return
        if is_xml:
            self._show_tree(structure)
            self.stack.setCurrentIndex(2)
        else:
            self._show_columns(structure)
            self.stack.setCurrentIndex(1)

    def _show_columns(self, structure: Any) -> None:
        self.columns_model.set_rows(structure.columns)
        self.columns_view.fit_columns(260)
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(structure.sheets))
        if structure.sheet:
            self.sheet_combo.setCurrentText(structure.sheet)
        self.sheet_combo.blockSignals(False)
        has_sheets = structure.format == "xlsx"
        self.sheet_combo.setVisible(has_sheets)
        self.sheet_label.setVisible(has_sheets)
        self.header_spin.setValue(structure.header_row or 0)
        details = [structure.file.name]
        if structure.format == "csv":
            details.append(
                arg(
                    self.tr("CSV, separated by '%1', %2"),
                    structure.delimiter or ";",
                    structure.encoding or "",
                )
            )
        details.append(
            arg(
                self.tr("%1, %2, header in row %3"),
                self.tr("%Ln column(s)", "", len(structure.columns)),
                self.tr("%Ln data row(s)", "", structure.rows),
                structure.header_row or "–",
            )
        )
        if structure.truncated:
            details.append(self.tr("(only the first rows examined)"))
        self.info.setText(" — ".join(details))

    def _show_tree(self, structure: Any) -> None:
        self.tree_model.removeRows(0, self.tree_model.rowCount())
        record_path = structure.record_path
        if structure.root is not None:
            self._add_node(self.tree_model.invisibleRootItem(), structure.root, record_path)
        self.tree.expandToDepth(3)
        if record_path:
            found = self._find_item(self.tree_model.invisibleRootItem(), record_path)
            if found is not None:
                self.tree.expand(found.index())
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0) + 12, 240))
        self.tree.resizeColumnToContents(1)
        names = [f"{prefix} = {uri}" for prefix, uri in sorted(structure.namespaces.items())]
        self.namespaces.setText(
            arg(self.tr("Namespaces: %1"), "; ".join(names)) if names else self.tr("No namespaces.")
        )
        details = [structure.file.name]
        if structure.document_root:
            details.append(arg(self.tr("document: %1"), structure.document_root))
        if record_path:
            node = structure.node(record_path)
            details.append(
                arg(
                    self.tr("most repeated: %1 (%2×)"),
                    node.name if node is not None else record_path,
                    format_count(structure.rows),
                )
            )
        if structure.truncated:
            details.append(self.tr("(only part examined)"))
        self.info.setText(" — ".join(details))
        if record_path:
            self.select_element(record_path)

    def _add_node(self, parent: QStandardItem, node: Any, record_path: str | None) -> None:
        name = QStandardItem(node.name)
        name.setData(node.path, PATH_ROLE)
        name.setToolTip(node.path + (f"\n{node.namespace}" if node.namespace else ""))
        if node.path == record_path:
            font = QFont(name.font())
            font.setBold(True)
            name.setFont(font)
            name.setToolTip(node.path + "\n" + self.tr("the most repeated element: a record?"))
        count = QStandardItem(format_count(node.count))
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        samples = QStandardItem(samples_text(node.samples))
        samples.setToolTip("\n".join(node.samples))
        parent.appendRow([name, count, samples])
        for attribute, values in node.attributes.items():
            item = QStandardItem("@" + attribute)
            item.setData(f"{node.path}/@{attribute}", PATH_ROLE)
            parent_row = [item, QStandardItem(""), QStandardItem(samples_text(values))]
            name.appendRow(parent_row)
        for child in node.children:
            self._add_node(name, child, record_path)

    # --- choosing -------------------------------------------------------------------------

    def current_column(self) -> str | None:
        row = self.columns_view.current_row()
        return row.name if row is not None else None

    def current_element(self) -> str | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        path = index.siblingAtColumn(0).data(PATH_ROLE)
        return str(path) if path else None

    def select_column(self, name: str) -> bool:
        for row, column in enumerate(self.columns_model.rows):
            if column.name == name:
                self.columns_view.setCurrentIndex(self.columns_model.index(row, 1))
                return True
        return False

    def select_element(self, path: str) -> bool:
        found = self._find_item(self.tree_model.invisibleRootItem(), path)
        if found is None:
            return False
        index = found.index()
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def _find_item(self, parent: QStandardItem, path: str) -> QStandardItem | None:
        for row in range(parent.rowCount()):
            child = parent.child(row, 0)
            if child is None:
                continue
            if child.data(PATH_ROLE) == path:
                return child
            found = self._find_item(child, path)
            if found is not None:
                return found
        return None

    def use_current(self) -> None:
        if self.structure is None:
            return
        if self.structure.format == "xml":
            path = self.current_element()
            if path:
                self.element_chosen.emit(path)
        else:
            name = self.current_column()
            if name:
                self.column_chosen.emit(name)

    def _use_as_record(self) -> None:
        path = self.current_element()
        if path:
            self.record_chosen.emit(path)

    def _reread(self) -> None:
        is_workbook = self.structure is not None and self.structure.format == "xlsx"
        sheet = self.sheet_combo.currentText() if is_workbook else None
        self.reread_requested.emit(sheet or None, self.header_spin.value())
