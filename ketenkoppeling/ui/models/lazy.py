"""A table model over a large store table that loads pages of rows as the view scrolls.

``canFetchMore``/``fetchMore`` ask the worker for the next page of ``PAGE`` rows: by keyset
(``WHERE key > last``) in the natural order, by offset when the user sorted on a column. The
total is counted separately. A search restarts from the first page; a page that arrives for
an earlier search is dropped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.models.table import LEFT, RIGHT, ROW_ROLE, Column
from ketenkoppeling.ui.workers import Job, Operation

PAGE = 500

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LazySpec:
    """What to read: the selected columns (the first is the unique key, used for keyset
    paging), the column each displayed column sorts by, the columns searched as text and the
    BSN column (searched by prefix)."""

    name: str
    columns: Sequence[Any]  # SQLAlchemy column attributes; columns[0] is the unique key
    sort_by: Sequence[Any]  # one per displayed column
    search: Sequence[Any] = ()
    bsn: Any = None

    @property
    def key(self) -> Any:
        return self.columns[0]


@dataclass(frozen=True)
class PageRequest:
    search: str
    sort_column: int | None
    descending: bool
    after: Any
    offset: int
    limit: int = PAGE


def search_condition(spec: LazySpec, text: str) -> ColumnElement[bool] | None:
    """Every word must match one of the searched columns (case-insensitive, anywhere);
    digits match the BSN from its start."""
    words = text.split()
    if not words:
        return None
    conditions = []
    for word in words:
        options = [column.ilike(f"%{escape_like(word)}%", escape="\\") for column in spec.search]
        if spec.bsn is not None and word.isdigit():
            options.append(spec.bsn.like(f"{word}%"))
        conditions.append(or_(*options))
    return and_(*conditions)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fetch_page(session: Session, spec: LazySpec, request: PageRequest) -> list[Any]:
    query = select(*spec.columns)
    condition = search_condition(spec, request.search)
    if condition is not None:
        query = query.where(condition)
    if request.sort_column is None:
        if request.after is not None:
            query = query.where(spec.key > request.after)
        query = query.order_by(spec.key).limit(request.limit)
    else:
        column = spec.sort_by[request.sort_column]
        order = column.desc() if request.descending else column.asc()
        query = query.order_by(order, spec.key).offset(request.offset).limit(request.limit)
    return list(session.execute(query).all())


def count_rows(session: Session, spec: LazySpec, search: str) -> int:
    query = select(func.count()).select_from(spec.columns[0].class_)
    condition = search_condition(spec, search)
    if condition is not None:
        query = query.where(condition)
    return int(session.execute(query).scalar_one())


class LazyTableModel(QAbstractTableModel):
    """Rows of a store table, loaded page by page in the worker."""

    total_changed = Signal(int)
    loading_changed = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        spec: LazySpec,
        columns: Sequence[Column],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._search = ""
        self._sort_column: int | None = None
        self._descending = False
        self._generation = 0
        self._loading = False
        self._exhausted = True
        self.total: int | None = None
        self.page_loaded: Callable[[], None] | None = None

    # --- loading --------------------------------------------------------------------------

    def reload(self, search: str | None = None) -> None:
        """Start again from the first page (with a new search text when given)."""
        if search is not None:
            self._search = search.strip()
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self.total = None
        self._count()
        self.fetchMore(QModelIndex())

    def _count(self) -> None:
        generation, db, spec, search = self._generation, self.ctx.db, self.spec, self._search

        def work(_job: Job) -> int:
            with db.session() as session:
                return count_rows(session, spec, search)

        def done(total: int) -> None:
            if generation == self._generation:
                self.total = total
                self.total_changed.emit(total)

        self.ctx.run(Operation(work, done, label=f"count-{spec.name}"))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._loading:
            return
        keyed = self._sort_column is None and self._rows
        request = PageRequest(
            search=self._search,
            sort_column=self._sort_column,
            descending=self._descending,
            after=self._rows[-1][0] if keyed else None,
            offset=len(self._rows),
        )
        generation, db, spec = self._generation, self.ctx.db, self.spec
        self._set_loading(True)

        def work(_job: Job) -> list[Any]:
            with db.session() as session:
                return fetch_page(session, spec, request)

        def done(rows: list[Any]) -> None:
            if generation != self._generation:
                return
            self._set_loading(False)
            if len(rows) < request.limit:
                self._exhausted = True
            if rows:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            if self.page_loaded is not None:
                self.page_loaded()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._set_loading(False)
                self._exhausted = True
            self.ctx.tasks.unhandled_failure.emit(exc)

        self.ctx.run(Operation(work, done, failed, label=f"page-{spec.name}"))

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self.loading_changed.emit(loading)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def refresh_display(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1)
            )

    # --- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def row(self, index: int) -> Any:
        return self._rows[index]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column.right else LEFT)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if self._columns[section].right else LEFT)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the database: start again in the new order."""
        self._sort_column = column if 0 <= column < len(self.spec.sort_by) else None
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
