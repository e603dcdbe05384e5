"""A table model over a list of plain rows, described by columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QIcon

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def sort_key(value: Any) -> Any:
    """A value Qt's proxy can compare: numbers stay numbers, the rest becomes text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Column:
    """``header`` (already translated); ``value(row)`` the raw value, used for sorting;
    ``text(value)`` its display form (default ``str``); amounts and counts align right."""

    header: str
    value: Callable[[Any], Any]
    text: Callable[[Any], str] | None = None
    right: bool = False
    tooltip: Callable[[Any], str | None] | None = None
    monospace: bool = False
    icon: Callable[[Any], QIcon | None] | None = None

    def display(self, row: Any) -> str:
        value = self.value(row)
        if self.text is not None:
            return self.text(value)
        return "" if value is None else str(value)


def attr(name: str) -> Callable[[Any], Any]:
    """Column value: an attribute (or key, for dicts) of the row."""

    def get(row: Any) -> Any:
        if isinstance(row, dict):
            return row.get(name)
        return getattr(row, name, None)

    return get


class RowTableModel(QAbstractTableModel):
    """Read-only rows with formatted display, right-aligned amounts and raw sort values."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._emphasis: Callable[[Any], bool] | None = None
        self._fixed_font = QFont("Monospace")
        self._fixed_font.setStyleHint(QFont.StyleHint.TypeWriter)

    # --- content --------------------------------------------------------------------------

    @property
    def columns(self) -> list[Column]:
        return self._columns

    @property
    def rows(self) -> list[Any]:
        return self._rows

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def set_emphasis(self, predicate: Callable[[Any], bool] | None) -> None:
        """Rows for which ``predicate`` holds are shown bold (e.g. open findings)."""
        self._emphasis = predicate

    def refresh_display(self) -> None:
        """Repaint every cell (after a display option such as revealing BSNs changed)."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1)
            )

    def row(self, index: int) -> Any:
        return self._rows[index]

    # --- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == SORT_ROLE:
            return sort_key(column.value(row))
        if role == FILTER_ROLE:
            return column.display(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column.right else LEFT)
        if role == Qt.ItemDataRole.DecorationRole:
            return column.icon(row) if column.icon is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row)
            text = column.display(row)
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.FontRole:
            if self._emphasis is not None and self._emphasis(row):
                font = QFont()
                font.setBold(True)
                return font
            if column.monospace:
                return self._fixed_font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column.right else LEFT)
        return None


class FilterProxy(QSortFilterProxyModel):
    """Sorts by raw values and filters, case-insensitively, on every column's text."""

    def __init__(self, source: QAbstractTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
