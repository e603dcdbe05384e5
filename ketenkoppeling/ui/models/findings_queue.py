"""The findings queue in the window, over hundreds of thousands of findings without stalling it.

What stalled it (measured with 249,414 findings: up to 0.9 s): the worker thread that loaded,
filtered, sorted and counted the queue held Python's interpreter lock, and the window waited
for it. Three ways:

- the queue as objects (a :class:`~ketenkoppeling.checks.queue.QueueItem` with its records,
  details and partners: some five objects a finding) made every full pass of the cycle
  collector scan 1.3 million objects, one call of about 0.9 s. The queue is kept as plain
  tuples (:data:`ketenkoppeling.checks.queue.ROW_FIELDS`), which the collector leaves out of
  its passes once it has seen them; a row becomes a ``QueueItem`` only where a finding is
  shown or worked on (the selection, the detail pane, a decision);
- a loop in Python keeps the lock until the switch interval (5 ms) forces it over, and the
  window asks for it once for every cell it paints: the worker's loops hand it over at once
  about every millisecond (:func:`~ketenkoppeling.checks.queue.paced`);
- one sort of 250,000 texts is a single call of about 100 ms: the sort runs in chunks that
  are merged (:func:`sort_positions`), over plain numbers or texts where they can be
  (:func:`sort_keys`; a key tuple per row is an object the collector scans).

A long list is filtered, sorted and counted for the chart in one go in a worker thread
(:func:`arrange_all`; the proxy's ``busy`` meanwhile), a newer request stops older work, and
the window takes the result in one step without any work per row (even where each finding
moved to comes from the worker), so that it never paints while a worker computes."""

from __future__ import annotations

import heapq
import time
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeAlias

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ketenkoppeling.checks.queue import FIELD, Overtaken, QueueItem, QueueRow, item_of, paced
from ketenkoppeling.checks.stats import AGE_BUCKETS, age_bucket, age_counts, age_in_days
from ketenkoppeling.ui.models.table import (
    ROW_ROLE,
    Column,
    FilterProxy,
    RowTableModel,
    order_key,
    sort_key,
)
from ketenkoppeling.ui.workers import Operation, run_detached

CHUNK = 1_024  # rows sorted in one call (about half a millisecond); then merged in Python
ID, RULE, SEVERITY, STATUS = FIELD["id"], FIELD["rule"], FIELD["severity"], FIELD["status"]
CREATED, AGE_DAYS = FIELD["created_at"], FIELD["age_days"]

Index = QModelIndex | QPersistentModelIndex
ChartCounts = tuple[dict[str, int], dict[str, int]]
# Row numbers of a long list, kept as an array of machine integers: a list of a million
# numbers is a million objects, freed one by one (in the window) when the list is replaced.
Places: TypeAlias = "array[int]"


Stop = Callable[[], bool] | None  # says when the work is no longer wanted


def sort_positions(keys: Sequence[Any], descending: bool, stop: Stop = None) -> list[int]:
    """The positions of ``keys`` in the order of their keys: stable, as ``list.sort`` with
    ``reverse`` (equal keys keep their order in both directions), in chunks of ``CHUNK``
    merged in Python so that no single call holds the interpreter lock long."""
    if len(keys) <= CHUNK:
        return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
    key = keys.__getitem__
    parts = []
    for start in range(0, len(keys), CHUNK):
        parts.append(
            sorted(range(start, min(start + CHUNK, len(keys))), key=key, reverse=descending)
        )
        time.sleep(0)  # a chunk is one call: let the window have the lock between two
        if stop is not None and stop():
            raise Overtaken
    return list(paced(heapq.merge(*parts, key=key, reverse=descending), stop=stop))


def sort_keys(values: Sequence[Any], stop: Stop = None) -> list[Any]:
    """The keys :func:`ketenkoppeling.ui.models.table.order_key` gives, in the same order:
    plain numbers when every value is a number, plain lower-case texts when every value is
    text (no tuple per row), else its tuples."""
    plain = [sort_key(value) for value in paced(values, stop=stop)]
    if all(isinstance(key, int | float) for key in paced(plain, stop=stop)):
        return plain
    if all(isinstance(key, str) for key in paced(plain, stop=stop)):
        return [key.lower() for key in paced(plain, stop=stop)]
    return [order_key(value) for value in paced(values, stop=stop)]


def arrange_rows(
    rows: Sequence[QueueRow],
    columns: Sequence[Column],
    sort_column: int,
    descending: bool,
    needle: str,
    haystacks: list[str] | None,
    stop: Stop = None,
) -> tuple[list[int], list[str] | None]:
    """What :func:`ketenkoppeling.ui.models.table.arrange` gives (the rows shown as source
    row numbers in their order, and the rows' texts searched), sorted in chunks; raises
    :class:`~ketenkoppeling.checks.queue.Overtaken` when ``stop()`` says so."""
    shown: list[int]
    if needle:
        if haystacks is None:
            texts = [column.display for column in columns]
            haystacks = [
                "\n".join([t(row) for t in texts]).lower() for row in paced(rows, stop=stop)
            ]
        lowered = needle.lower()
        shown = [i for i, text in enumerate(paced(haystacks, stop=stop)) if lowered in text]
    else:
        shown = list(range(len(rows)))
    if 0 <= sort_column < len(columns):
        value = columns[sort_column].value
        keys = sort_keys([value(rows[i]) for i in paced(shown, stop=stop)], stop)
        shown = [shown[p] for p in paced(sort_positions(keys, descending, stop), stop=stop)]
    return shown, haystacks


def inverse_of(shown: Sequence[int], size: int, stop: Stop = None) -> Places:
    """Source row → its place in ``shown`` (-1: not shown)."""
    inverse = array("q", [-1]) * size
    for place, row in enumerate(paced(shown, stop=stop)):
        inverse[row] = place
    return inverse


def chart_counts_of(
    rows: Sequence[QueueRow], positions: Sequence[int] | None = None, stop: Stop = None
) -> ChartCounts:
    """The rows (those at ``positions`` when given) by rule, in rule order, and by age (as
    :func:`ketenkoppeling.checks.stats.age_counts` counts them, once per moment)."""
    chosen = rows if positions is None else [rows[i] for i in paced(positions, stop=stop)]
    by_rule = dict(sorted(Counter(row[RULE] for row in paced(chosen, stop=stop)).items()))
    moments = Counter(row[CREATED] for row in paced(chosen, stop=stop))
    now = datetime.now(UTC)
    by_age = age_counts([])
    for moment, count in moments.items():
        by_age[age_bucket(age_in_days(moment, now))] += count
    return by_rule, by_age


@dataclass(frozen=True)
class Arranged:
    """A list arranged in a worker: the source rows shown in their order, the rows' texts
    searched, where each source row is shown, and the chart's counts of the rows shown."""

    order: tuple[int, bool, str]  # the sort column, descending, the filter text
    shown: Places
    haystacks: list[str] | None
    inverse: Places
    counts: ChartCounts


def arrange_all(
    rows: Sequence[QueueRow],
    columns: Sequence[Column],
    order: tuple[int, bool, str],
    haystacks: list[str] | None = None,
    stop: Stop = None,
    counts: ChartCounts | None = None,
) -> Arranged:
    """Everything the window shows of ``rows`` in ``order``, made in one go in a worker
    (``counts``: the chart's counts when known, as they are when only the order changed)."""
    sort_column, descending, needle = order
    listed, haystacks = arrange_rows(
        rows, columns, sort_column, descending, needle, haystacks, stop
    )
    shown = array("q", listed)
    del listed  # (its numbers are objects, the array's are not)
    inverse = inverse_of(shown, len(rows), stop)
    if counts is None:
        counts = chart_counts_of(rows, shown, stop)
    return Arranged(order, shown, haystacks, inverse, counts)


def first_of_age(
    rows: Sequence[QueueRow], positions: Sequence[int], bucket: str, by_age: bool, descending: bool
) -> int:
    """The first place in ``positions`` whose row is ``bucket`` old (-1: none); when the
    places are sorted by age (``by_age``) it is looked up by halving."""
    if not by_age:
        return next(
            (n for n, i in enumerate(positions) if age_bucket(rows[i][AGE_DAYS]) == bucket), -1
        )
    low, high = next((lo, hi) for key, lo, hi in AGE_BUCKETS if key == bucket)
    if descending:  # the oldest first: the first at most ``high`` days old
        place = 0 if high is None else bisect_left(
            positions, -high, key=lambda i: -rows[i][AGE_DAYS]
        )  # fmt: skip
    else:
        place = bisect_left(positions, low, key=lambda i: rows[i][AGE_DAYS])
    if place < len(positions) and age_bucket(rows[positions[place]][AGE_DAYS]) == bucket:
        return place
    return -1


class FindingsModel(RowTableModel):
    """A :class:`RowTableModel` over queue rows (tuples; its columns read tuples): ``row``,
    ``rows`` and the row role hand out :class:`QueueItem` objects, made when asked."""

    def set_rows(self, rows: Sequence[Any]) -> None:
        """As :meth:`RowTableModel.set_rows`; a list is taken as it is (not copied: the
        queue's lists are made for the model and never changed)."""
        self.beginResetModel()
        self._rows = rows if type(rows) is list else list(rows)
        self.endResetModel()

    def compact_rows(self) -> list[QueueRow]:
        """The rows as held (read, never change them)."""
        return self._rows

    @property
    def rows(self) -> list[QueueItem]:
        return [item_of(row) for row in self._rows]

    def row(self, index: int) -> QueueItem:
        return item_of(self._rows[index])

    def cell(self, number: int, column_number: int, role: int) -> Any:
        if role == ROW_ROLE:
            return item_of(self._rows[number]) if 0 <= number < len(self._rows) else None
        return super().cell(number, column_number, role)


class FindingsProxy(FilterProxy):
    """A :class:`FilterProxy` over a :class:`FindingsModel`: arranged over the tuples, a long
    list in a worker thread with the sort in chunks."""

    def source_rows(self) -> list[Any]:
        source = self.sourceModel()
        return source.compact_rows() if isinstance(source, FindingsModel) else []

    def rows(self) -> list[Any]:
        """The findings shown, in their order, as :class:`QueueItem` objects."""
        rows = self.source_rows()
        return [item_of(rows[i]) for i in self._map]

    def positions(self) -> Sequence[int]:
        """The source rows shown, in their order (a list that is replaced, never changed)."""
        return self._map

    # the proxy's map and its inverse may be Places (FilterProxy only reads them as lists)
    _ready_inverse: tuple[Sequence[int], Sequence[int]] | None = None  # (map, its inverse)
    _counts: tuple[Sequence[int], ChartCounts] | None = None  # (map, the chart's counts of it)
    # (the source rows, the filter text, the counts): what a new order alone does not change
    _counted: tuple[Sequence[QueueRow], str, ChartCounts] | None = None
    _preset: Arranged | None = None  # how the rows about to be set are arranged

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """As :meth:`FilterProxy.sort`; the same order asked again while it is being
        arranged (a view asks twice: its header, then itself) is not arranged twice."""
        if self._busy and (column, order) == (self._sort_column, self._order):
            return
        super().sort(column, order)

    def order(self) -> tuple[int, bool, str]:
        """The sort column, descending, the filter text: what :func:`arrange_all` takes."""
        descending = self._order == Qt.SortOrder.DescendingOrder
        return (self._sort_column, descending, self._needle)

    def show_arranged(self, rows: list[QueueRow], arranged: Arranged) -> None:
        """Show ``rows`` as a worker arranged them: in one step, with nothing left to do
        here (unless the order or the filter text changed meanwhile)."""
        source = self.sourceModel()
        assert isinstance(source, FindingsModel)
        self._preset = arranged
        try:
            source.set_rows(rows)
        finally:
            self._preset = None

    def chart_counts(self) -> ChartCounts | None:
        """The chart's counts of the rows shown, when the worker made them with the order."""
        counts = self._counts
        return counts[1] if counts is not None and counts[0] is self._map else None

    def _proxy_row(self, source_row: int) -> int:
        """As :meth:`FilterProxy._proxy_row`, with the inverse the worker made for the map."""
        ready = self._ready_inverse
        if self._inverse is None and ready is not None and ready[0] is self._map:
            self._inverse = ready[1]  # type: ignore[assignment]
        self._ready_inverse = None if self._inverse is not None else ready
        return super()._proxy_row(source_row)

    def _source_reset(self) -> None:
        """As :meth:`FilterProxy._source_reset`; rows a worker arranged are shown at once,
        and the unsorted map is its own inverse."""
        preset, self._preset = self._preset, None
        if preset is not None and preset.order == self.order():
            self._busy = False  # what was being arranged was for the rows before
            self._map = preset.shown  # type: ignore[assignment]
            self._inverse, self._haystacks = None, preset.haystacks
            self._ready_inverse = (preset.shown, preset.inverse)
            self._counts = (preset.shown, preset.counts)
            self._counted = (self.source_rows(), preset.order[2], preset.counts)
            self.endResetModel()
            self.arranged.emit()
            return
        self._haystacks, self._counted = None, None  # (nor the rows before kept for it)
        source = self.sourceModel()
        count = source.rowCount() if source is not None else 0
        long_list = count > self.SYNC_LIMIT
        # a long list shows unsorted (or, when filtered, nothing) until it is arranged
        self._map = [] if long_list and self._needle else list(range(count))
        self._inverse = None
        self._ready_inverse = (self._map, self._map) if self._map else None
        self.endResetModel()
        self._rearrange()

    def _rearrange(self) -> None:
        """As :meth:`FilterProxy._rearrange`: a long list arranged (and counted for the
        chart) by :func:`arrange_all` in a worker thread."""
        self._generation += 1
        generation = self._generation
        rows, columns = self.source_rows(), list(getattr(self.sourceModel(), "columns", []))
        order, haystacks = self.order(), self._haystacks
        if len(rows) <= self.SYNC_LIMIT:
            self._set_map(*arrange_rows(rows, columns, *order, haystacks))
            return
        texts = self._texts

        def stale() -> bool:
            return generation != self._generation

        counted = self._counted
        known = counted[2] if counted and counted[0] is rows and counted[1] == order[2] else None

        def work(_job: Any) -> Arranged | None:
            try:
                return arrange_all(rows, columns, order, haystacks, stale, known)
            except Overtaken:  # a newer order or filter is being arranged
                return None  # (not raised on: a caught exception's frames are garbage)

        def done(arranged: Arranged | None) -> None:
            if arranged is None:
                return
            if generation == self._generation:
                self._busy = False
                self._ready_inverse = (arranged.shown, arranged.inverse)
                self._counts = (arranged.shown, arranged.counts)
                self._counted = (rows, order[2], arranged.counts)
                self._set_map(arranged.shown, arranged.haystacks)  # type: ignore[arg-type]
            elif texts == self._texts and self._haystacks is None:
                self._haystacks = arranged.haystacks  # overtaken, but its texts still hold

        def finished() -> None:
            if generation == self._generation and self._busy:  # it failed
                self._busy = False
                self.arranged.emit()

        operation = Operation(work, done, label="arrange")
        operation.signals.finished.connect(finished)
        self._busy = True
        self._running.add(operation)  # kept until its result is delivered
        operation.signals.finished.connect(lambda: self._running.discard(operation))
        run_detached(operation)


def row_getter(name: str) -> Callable[[QueueRow], Any]:
    """A column's value: the field ``name`` of a queue row."""
    position = FIELD[name]

    def get(row: QueueRow) -> Any:
        return row[position]

    return get
