"""Small widgets shared by the places: table views, filter fields, banners, progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.models.table import ROW_ROLE, FilterProxy, RowTableModel


class TableView(QTableView):
    """A read-only table: whole rows selected, sortable, Ctrl+C copies the selection as
    tab-separated text (pastes into Excel), columns sized to their contents once."""

    current_row_changed = Signal(object)  # the row object, or None

    def __init__(self, parent: QWidget | None = None, *, sortable: bool = True) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(sortable)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(100)  # fit columns to 100 rows, not 1,000: long lists
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._fitted = False

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        self._fitted = False
        model.modelReset.connect(self._fit_once)
        model.rowsInserted.connect(self._fit_once)
        selection = self.selectionModel()
        selection.currentRowChanged.connect(self._on_current_row)

    def _fit_once(self, *_args: Any) -> None:
        model = self.model()
        if self._fitted or model is None or model.rowCount() == 0:
            return
        self._fitted = True
        # the last column takes the remaining width when it holds text; a right-aligned
        # (amount) column stretched to the far edge would be hard to read
        last = model.columnCount() - 1
        alignment = model.headerData(
            last, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole
        )
        self.horizontalHeader().setStretchLastSection(
            not (isinstance(alignment, int) and alignment & int(Qt.AlignmentFlag.AlignRight))
        )
        self.fit_columns()

    def fit_columns(self, maximum: int = 320) -> None:
        """Size every column to its header and the visible rows, within reason (long texts
        are cut off with their full text in the tooltip)."""
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        stretched = header.count() - 1 if header.stretchLastSection() else -1
        for section in range(header.count()):
            if section == stretched:
                continue
            width = max(header.sectionSize(section) + 12, 56)
            header.resizeSection(section, min(width, maximum))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_row_changed.emit(self.row_at(current) if current.isValid() else None)

    def row_at(self, index: QModelIndex) -> Any:
        return index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None

    def current_row(self) -> Any:
        return self.row_at(self.currentIndex())

    def selected_rows(self) -> list[Any]:
        selection = self.selectionModel()
        if selection is None:
            return []
        return [self.row_at(index) for index in selection.selectedRows()]

    def select_first(self) -> None:
        model = self.model()
        if model is not None and model.rowCount() > 0:
            self.selectionModel().setCurrentIndex(
                model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def copy_selection(self) -> None:
        selection = self.selectionModel()
        if selection is None or not selection.hasSelection():
            return
        indexes = sorted(selection.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        header = self.horizontalHeader()
        columns = sorted(
            {i.column() for i in indexes if not header.isSectionHidden(i.column())},
            key=header.visualIndex,
        )
        rows: dict[int, dict[int, str]] = {}
        for index in indexes:
            rows.setdefault(index.row(), {})[index.column()] = str(index.data() or "")
        lines = ["\t".join(cells.get(c, "") for c in columns) for _, cells in sorted(rows.items())]
        QGuiApplication.clipboard().setText("\n".join(lines))

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)


class FilterField(QLineEdit):
    """A search field: filters as you type, Escape clears it."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(220)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


def filtered_list(
    model: RowTableModel, search: FilterField, parent: QWidget
) -> tuple[FilterProxy, TableView]:
    """A single-selection table over ``model`` that shows the rows matching ``search``."""
    proxy = FilterProxy(model, parent)
    search.textChanged.connect(proxy.setFilterFixedString)
    view = TableView(parent)
    view.setSelectionMode(TableView.SelectionMode.SingleSelection)
    view.setModel(proxy)
    return proxy, view


class Banner(QFrame):
    """An inline message: information (blue) or a warning (amber)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, warning: bool = False):
        super().__init__(parent)
        self.setObjectName("banner")
        self._label = QLabel(text, self)
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self._label)
        self.set_warning(warning)
        self.setVisible(bool(text))

    def set_warning(self, warning: bool) -> None:
        colours = ("#fff4e0", "#e0a030") if warning else ("#e8f1fb", "#7aa7d8")
        self.setStyleSheet(
            f"#banner {{ background: {colours[0]}; border: 1px solid {colours[1]};"
            " border-radius: 4px; } #banner QLabel { color: #1d1d1d; }"
        )

    def show_text(self, text: str, *, warning: bool = False) -> None:
        self._label.setText(text)
        self.set_warning(warning)
        self.setVisible(bool(text))

    def text(self) -> str:
        return self._label.text()


def heading(text: str, parent: QWidget | None = None, *, size: float = 1.35) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(True)
    label.setFont(font)
    return label


def subheading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    palette = label.palette()
    text_colour = palette.color(QPalette.ColorRole.WindowText)
    text_colour.setAlphaF(0.72)
    palette.setColor(QPalette.ColorRole.WindowText, text_colour)
    label.setPalette(palette)
    return label


def icon_button(text: str, icon: QStyle.StandardPixmap, parent: QWidget) -> QPushButton:
    """A push button with one of the style's standard icons."""
    button = QPushButton(text, parent)
    button.setIcon(parent.style().standardIcon(icon))
    return button


class PageHeader(QWidget):
    """The title of a place with one line saying what it is for."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(heading(title, self))
        self.description = hint(description, self)
        layout.addWidget(self.description)


class ProgressPanel(QWidget):
    """A progress bar with a line of text and a cancel button, shown while work runs."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.bar.setMinimumWidth(240)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setVisible(False)

    def start(self, text: str, *, cancellable: bool = True) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setVisible(cancellable)
        self.setVisible(True)

    def update_progress(self, text: str, done: int, total: int) -> None:
        self.label.setText(text)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    def finish(self) -> None:
        self.setVisible(False)
