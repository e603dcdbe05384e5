"""A table model over a list of plain rows, described by columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
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


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        SORT_ROLE,
        FILTER_ROLE,
        ROW_ROLE,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
    }
)


class RowTableModel(QAbstractTableModel):
    """Read-only rows with formatted display, right-aligned amounts and raw sort values."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._emphasis: Callable[[Any], bool] | None = None
        self._fixed_font = QFont("Monospace")
        self._fixed_font.setStyleHint(QFont.StyleHint.TypeWriter)
        self._bold_font = QFont()
        self._bold_font.setBold(True)

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
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, number: int, column_number: int, role: int) -> Any:
        """What ``data`` gives for row ``number``, column ``column_number`` (a proxy asks
        here directly, without making an index)."""
        if role not in _ROLES or not 0 <= number < len(self._rows):
            return None
        row = self._rows[number]
        column = self._columns[column_number]
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
                return self._bold_font
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


def order_key(value: Any) -> tuple[int, Any]:
    """The sort value as Qt's proxy compared it, as a Python key: numbers by value, the
    rest as text without regard to case; numbers before text."""
    key = sort_key(value)
    if isinstance(key, int | float):
        return (0, key)
    return (1, str(key).lower())


def arrange(
    rows: Sequence[Any],
    columns: Sequence[Column],
    sort_column: int,
    descending: bool,
    needle: str,
    haystacks: list[str] | None,
) -> tuple[list[int], list[str] | None]:
    """The rows a :class:`FilterProxy` shows, as source row numbers in their order, and the
    rows' texts searched (made when a filter needs them and none were given). A row is shown
    when any column's text holds ``needle`` (ignoring case); the sort is stable."""
    shown: list[int]
    if needle:
        if haystacks is None:
            haystacks = ["\n".join(c.display(row) for c in columns).lower() for row in rows]
        lowered = needle.lower()
        shown = [i for i, text in enumerate(haystacks) if lowered in text]
    else:
        shown = list(range(len(rows)))
    if 0 <= sort_column < len(columns):
        value = columns[sort_column].value
        shown.sort(key=lambda i: order_key(value(rows[i])), reverse=descending)
    return shown, haystacks


class FilterProxy(QAbstractProxyModel):
    """Sorts a :class:`RowTableModel` by raw values and filters it, case-insensitively, on
    every column's text.

    Unlike a QSortFilterProxyModel, which calls back into Python for every comparison and
    every cell it filters on, the order is computed in Python over the whole list at once
    (:func:`arrange`); a list longer than ``SYNC_LIMIT`` rows is arranged in a worker thread
    (``busy`` meanwhile, ``arranged`` when done) so that the window never waits for it."""

    SYNC_LIMIT = 2_000

    arranged = Signal()

    def __init__(self, source: RowTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._map: list[int] = []
        self._inverse: list[int] | None = None
        self._sort_column = -1
        self._order = Qt.SortOrder.AscendingOrder
        self._needle = ""
        self._haystacks: list[str] | None = None
        self._generation = 0
        self._busy = False
        self._running: set[Any] = set()
        self._texts = 0  # changes whenever the rows' texts may have
        self.setSourceModel(source)

    def setSourceModel(self, source: Any) -> None:
        self.beginResetModel()
        super().setSourceModel(source)
        self._map = list(range(source.rowCount()))
        self._inverse = None
        self._haystacks = None
        self.endResetModel()
        source.modelAboutToBeReset.connect(self._source_about_to_reset)
        source.modelReset.connect(self._source_reset)
        source.dataChanged.connect(self._source_data_changed)
        source.headerDataChanged.connect(self.headerDataChanged)
        for signal in (source.layoutChanged, source.rowsInserted, source.rowsRemoved,
                       source.columnsInserted, source.columnsRemoved):  # fmt: skip
            signal.connect(self._source_changed)
        self._rearrange()

    # --- what is shown --------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A long list is being sorted or filtered in the background."""
        return self._busy

    def source_rows(self) -> list[Any]:
        """The source's rows (its own list: read, never change it)."""
        rows: list[Any] = getattr(self.sourceModel(), "rows", [])
        return rows

    def rows(self) -> list[Any]:
        """The rows shown, in their order."""
        rows = self.source_rows()
        return [rows[i] for i in self._map]

    def sortColumn(self) -> int:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return self._order

    def filter_text(self) -> str:
        return self._needle

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._order = order
        self._rearrange()

    def setFilterFixedString(self, text: str) -> None:
        self._needle = text or ""
        self._rearrange()

    def _rearrange(self) -> None:
        """Compute the order and filter again: here for a short list, else in a worker."""
        self._generation += 1
        generation = self._generation
        rows, columns = self.source_rows(), list(getattr(self.sourceModel(), "columns", []))
        descending = self._order == Qt.SortOrder.DescendingOrder
        args = (rows, columns, self._sort_column, descending, self._needle, self._haystacks)
        if len(rows) <= self.SYNC_LIMIT:
            self._set_map(*arrange(*args))
            return
        from ketenkoppeling.ui.workers import Operation, run_detached

        texts = self._texts

        def done(result: tuple[list[int], list[str] | None]) -> None:
            if generation == self._generation:
                self._busy = False
                self._set_map(*result)
            elif texts == self._texts and self._haystacks is None:
                self._haystacks = result[1]  # overtaken, but its texts still hold

        def finished() -> None:
            if generation == self._generation and self._busy:  # it failed
                self._busy = False
                self.arranged.emit()

        operation = Operation(lambda _job: arrange(*args), done, label="arrange")
        operation.signals.finished.connect(finished)
        self._busy = True
        self._running.add(operation)  # kept until its result is delivered
        operation.signals.finished.connect(lambda: self._running.discard(operation))
        run_detached(operation)

    def _set_map(self, shown: list[int], haystacks: list[str] | None) -> None:
        """Show ``shown``; the selection and the current row follow their rows."""
        self._haystacks = haystacks
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [
            (self._map[i.row()], i.column()) if i.isValid() and i.row() < len(self._map) else None
            for i in persistent
        ]
        self._map = shown
        self._inverse = None
        moved = []
        for source in sources:
            row = -1 if source is None else self._proxy_row(source[0])
            moved.append(
                self.index(row, source[1]) if source is not None and row >= 0 else QModelIndex()
            )
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
        self.arranged.emit()

    def _proxy_row(self, source_row: int) -> int:
        if self._inverse is None:
            inverse = [-1] * (self.sourceModel().rowCount() if self.sourceModel() else 0)
            for position, row in enumerate(self._map):
                if row < len(inverse):
                    inverse[row] = position
            self._inverse = inverse
        return self._inverse[source_row] if 0 <= source_row < len(self._inverse) else -1

    # --- the source changed ---------------------------------------------------------------

    def _source_about_to_reset(self) -> None:
        self._generation += 1
        self._texts += 1
        self.beginResetModel()

    def _source_reset(self) -> None:
        self._haystacks = None
        source = self.sourceModel()
        count = source.rowCount() if source is not None else 0
        long_list = count > self.SYNC_LIMIT
        # a long list shows unsorted (or, when filtered, nothing) until it is arranged
        self._map = [] if long_list and self._needle else list(range(count))
        self._inverse = None
        self.endResetModel()
        self._rearrange()

    def _source_changed(self, *_args: Any) -> None:
        self._source_about_to_reset()
        self._source_reset()

    def _source_data_changed(self, *_args: Any) -> None:
        self._haystacks = None  # texts change (BSNs shown or masked)
        self._texts += 1
        if self._map:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._map) - 1, self.columnCount() - 1)
            )
        if self._needle:
            self._rearrange()

    # --- Qt -------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if (
            parent.isValid()
            or not 0 <= row < len(self._map)
            or not 0 <= column < self.columnCount()
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index | None = None) -> Any:
        if index is None:
            return super().parent()
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._map)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def mapToSource(self, index: Index) -> QModelIndex:
        source = self.sourceModel()
        if not index.isValid() or source is None or not 0 <= index.row() < len(self._map):
            return QModelIndex()
        return source.index(self._map[index.row()], index.column())

    def mapFromSource(self, index: Index) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        row = self._proxy_row(index.row())
        return self.index(row, index.column()) if row >= 0 else QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.sourceModel()
        if source is None or not index.isValid() or not 0 <= index.row() < len(self._map):
            return None
        if isinstance(source, RowTableModel):
            return source.cell(self._map[index.row()], index.column(), role)
        return source.data(source.index(self._map[index.row()], index.column()), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        source = self.sourceModel()
        if source is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        return source.headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        source = self.sourceModel()
        if source is None or not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return source.flags(self.mapToSource(index))
