"""A table model over a large store table that loads pages of rows as the view scrolls.

``canFetchMore``/``fetchMore`` ask the worker for the next page of ``PAGE`` rows, always by
keyset: in the natural order ``WHERE key > last``, in a column's order
``WHERE (column, key) > (last value, last key)`` (rows whose column is empty form a segment of
their own, before or after the others as the database sorts them), so that page 2,000 costs
what page 1 costs. Only ``RESIDENT_PAGES`` pages are kept; a page scrolled back into view is
read again from the cursor it started at. The first page is asked for before the total is
counted. A search restarts from the first page; work asked for an earlier search or order is
skipped in the worker and its result dropped."""

from __future__ import annotations

from collections import OrderedDict
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
from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.models.table import LEFT, RIGHT, ROW_ROLE, Column
from ketenkoppeling.ui.workers import Job, Operation

PAGE = 500
RESIDENT_PAGES = 40  # at most 20,000 rows held; the others are read again when seen

Index = QModelIndex | QPersistentModelIndex
Cursor = tuple[Any, Any]  # (the sort column's value, the key) of the last row before a page


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
    """One page: after ``after`` (None: from the start) in the order of ``sort_column``
    (None: the key's). ``nulls_first``: the database sorts empty values before the others in
    ascending order (SQLite does, PostgreSQL does not)."""

    search: str
    sort_column: int | None
    descending: bool
    after: Cursor | None
    limit: int = PAGE
    nulls_first: bool = True


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


def sort_column(spec: LazySpec, request: PageRequest) -> Any:
    """The column the page is ordered by (the key in the natural order)."""
    return spec.key if request.sort_column is None else spec.sort_by[request.sort_column]


def cursor_of(spec: LazySpec, request: PageRequest, row: Any) -> Cursor:
    """Where the next page starts: the sort value and the key of ``row``."""
    column = sort_column(spec, request)
    return (row._mapping[column], row._mapping[spec.key])


def page_queries(spec: LazySpec, request: PageRequest) -> list[Select[Any]]:
    """The queries that read a page, in turn until it is full: in a column's order, the rows
    with a value and those without are two segments, each read by keyset on an index."""
    base = select(*spec.columns)
    condition = search_condition(spec, request.search)
    if condition is not None:
        base = base.where(condition)
    key, desc, after = spec.key, request.descending, request.after
    column = sort_column(spec, request)
    if column is key:
        query = base
        if after is not None:
            query = query.where(key < after[1] if desc else key > after[1])
        return [query.order_by(key.desc() if desc else key).limit(request.limit)]
    empty_first = request.nulls_first != desc
    segments = ["empty", "values"] if empty_first else ["values", "empty"]
    if after is not None:
        segments = segments[segments.index("empty" if after[0] is None else "values") :]
    queries = []
    for segment in segments:
        query = base
        if segment == "empty":
            query = query.where(column.is_(None))
            if after is not None and after[0] is None:
                query = query.where(key < after[1] if desc else key > after[1])
            query = query.order_by(key.desc() if desc else key)
        else:
            query = query.where(column.is_not(None))
            if after is not None and after[0] is not None:
                last = tuple_(literal(after[0], column.type), literal(after[1], key.type))
                pair = tuple_(column, key)
                query = query.where(
                    and_(column <= after[0], pair < last)
                    if desc
                    else and_(column >= after[0], pair > last)
                )
            query = (
                query.order_by(column.desc(), key.desc()) if desc else query.order_by(column, key)
            )
        queries.append(query.limit(request.limit))
        after = None  # the next segment is read from its start
    return queries


def fetch_page(session: Session, spec: LazySpec, request: PageRequest) -> list[Any]:
    rows: list[Any] = []
    for query in page_queries(spec, request):
        rows.extend(session.execute(query.limit(request.limit - len(rows))).all())
        if len(rows) >= request.limit:
            break
    return rows


def count_query(spec: LazySpec, search: str) -> Select[Any]:
    query = select(func.count()).select_from(spec.key.class_)
    condition = search_condition(spec, search)
    return query if condition is None else query.where(condition)


def count_rows(session: Session, spec: LazySpec, search: str) -> int:
    return int(session.execute(count_query(spec, search)).scalar_one())


class LazyTableModel(QAbstractTableModel):
    """Rows of a store table, loaded page by page in the worker; at most ``RESIDENT_PAGES``
    pages held."""

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
        self._row_count = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()  # page number → rows
        self._starts: list[Cursor | None] = []  # where each page read so far starts
        self._next: Cursor | None = None  # where the next page starts
        self._rereading: set[int] = set()
        self._search = ""
        self._sort_column: int | None = None
        self._descending = False
        self._generation = 0
        self._loading = False
        self._exhausted = True
        self._nulls_first = not ctx.db.engine.dialect.name.startswith("postgres")
        self.total: int | None = None
        self.page_loaded: Callable[[], None] | None = None

    # --- loading --------------------------------------------------------------------------

    def reload(self, search: str | None = None, *, recount: bool = True) -> None:
        """Start again from the first page (with a new search text when given); the total is
        counted again unless ``recount`` is False (a new order keeps it)."""
        if search is not None:
            self._search = search.strip()
        self._generation += 1
        self.beginResetModel()
        self._row_count = 0
        self._pages.clear()
        self._starts.clear()
        self._rereading.clear()
        self._next = None
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        if recount or self.total is None:
            self.total = None
            self.fetchMore(QModelIndex())
            self._count()
        else:
            self.fetchMore(QModelIndex())

    def _request(self, after: Cursor | None) -> PageRequest:
        return PageRequest(
            search=self._search,
            sort_column=self._sort_column,
            descending=self._descending,
            after=after,
            nulls_first=self._nulls_first,
        )

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    def _count(self) -> None:
        generation, db, spec, search = self._generation, self.ctx.db, self.spec, self._search

        def work(_job: Job) -> int | None:
            if not self._current(generation):
                return None  # a newer search or order was asked for meanwhile
            with db.session() as session:
                return count_rows(session, spec, search)

        def done(total: int | None) -> None:
            if total is not None and self._current(generation):
                self.total = total
                self.total_changed.emit(total)

        self.ctx.run(Operation(work, done, label=f"count-{spec.name}"))

    def _read(self, request: PageRequest, done: Callable[[list[Any]], None], label: str) -> None:
        generation, db, spec = self._generation, self.ctx.db, self.spec

        def work(_job: Job) -> list[Any] | None:
            if not self._current(generation):
                return None
            with db.session() as session:
                return fetch_page(session, spec, request)

        def arrived(rows: list[Any] | None) -> None:
            if rows is not None and self._current(generation):
                done(rows)

        def failed(exc: BaseException) -> None:
            if self._current(generation):
                self._rereading.clear()
                if self._loading:
                    self._set_loading(False)
                    self._exhausted = True
            self.ctx.tasks.unhandled_failure.emit(exc)

        self.ctx.run(Operation(work, arrived, failed, label=f"{label}-{spec.name}"))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._loading:
            return
        request = self._request(self._next)
        self._set_loading(True)

        def done(rows: list[Any]) -> None:
            self._set_loading(False)
            if len(rows) < request.limit:
                self._exhausted = True
            if rows:
                number = len(self._starts)
                self._starts.append(request.after)
                self._next = cursor_of(self.spec, request, rows[-1])
                self._keep(number, rows)
                start = self._row_count
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._row_count += len(rows)
                self.endInsertRows()
            if self.page_loaded is not None:
                self.page_loaded()

        self._read(request, done, "page")

    def _keep(self, number: int, rows: list[Any]) -> None:
        self._pages[number] = rows
        self._pages.move_to_end(number)
        while len(self._pages) > RESIDENT_PAGES:
            self._pages.popitem(last=False)

    def _page(self, number: int) -> list[Any] | None:
        """The rows of a page read before; when they were let go, read again (None now)."""
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        if number < len(self._starts) and number not in self._rereading:
            self._rereading.add(number)
            request = self._request(self._starts[number])

            def done(rows: list[Any]) -> None:
                self._rereading.discard(number)
                self._keep(number, rows)
                first = number * PAGE
                last = min(first + len(rows), self._row_count) - 1
                if last >= first:
                    self.dataChanged.emit(
                        self.index(first, 0), self.index(last, len(self._columns) - 1)
                    )

            self._read(request, done, "reread")
        return None

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self.loading_changed.emit(loading)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    @property
    def resident_rows(self) -> int:
        """How many rows are held in memory now."""
        return sum(len(rows) for rows in self._pages.values())

    def refresh_display(self) -> None:
        if self._row_count:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._row_count - 1, len(self._columns) - 1)
            )

    # --- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._row_count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def row(self, index: int) -> Any:
        """The row at ``index``, or None while its page is being read again."""
        if not 0 <= index < self._row_count:
            raise IndexError(index)
        rows = self._page(index // PAGE)
        offset = index % PAGE
        return rows[offset] if rows is not None and offset < len(rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._row_count:
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column.right else LEFT)
        if role not in (Qt.ItemDataRole.DisplayRole, ROW_ROLE):
            return None
        row = self.row(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        return column.display(row) if role == Qt.ItemDataRole.DisplayRole else row

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
        self.reload(recount=False)
