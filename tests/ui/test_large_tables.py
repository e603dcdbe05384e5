"""Table views over many rows: keyset pages in every order, a bounded number of rows held,
long lists sorted and filtered in the background (issue 10)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from ketenkoppeling.store import Database
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.models import lazy
from ketenkoppeling.ui.models.lazy import PAGE, PageRequest, fetch_page
from ketenkoppeling.ui.models.table import Column, FilterProxy, RowTableModel, attr
from ketenkoppeling.ui.pages.data import DataPage, data_tabs
from tests.factories import deployment, store
from tests.ui.conftest import wait_idle

DISPLAY = Qt.ItemDataRole.DisplayRole
PARTNERS = ("UWV", "GEM-0392", "IASZ")


def _fill(db: Database, n: int) -> None:
    """Deployments with repeated values and empty provider, end and work coach."""
    rng = random.Random(7)
    with db.session() as session:
        store(
            session,
            *[
                deployment(
                    rng.choice(PARTNERS),
                    f"TRJ-{rng.randrange(10**6):06d}-{i}",
                    f"1000000{i % 7:02d}",
                    rng.choice(("SCH", "WF", "JC")),
                    f"2008-0{rng.randrange(1, 4)}-1{rng.randrange(0, 3)}",
                    end=rng.choice((None, "2008-12-31", "2008-09-30")),
                    provider=rng.choice((None, "RIB-0001", "RIB-0002")),
                    werkcoach=rng.choice((None, "Jansen", "de Vries")),
                )
                for i in range(n)
            ],
        )


def _expected(rows: list[Any], position: int, descending: bool) -> list[Any]:
    """SQLite's order: empty values before the others ascending, after them descending; the
    key breaks ties in the same direction."""

    def key(row: Any) -> tuple[Any, ...]:
        value = row[position]
        return (value is not None, value if value is not None else "", row[0])

    return [row[0] for row in sorted(rows, key=key, reverse=descending)]


def test_keyset_pages_follow_every_order(qapp: Any, region_db: Database) -> None:
    _fill(region_db, 157)
    spec = next(tab.spec for tab in data_tabs() if tab.name == "deployments")
    names = [column.key for column in spec.columns]
    with region_db.session() as session:
        everything = fetch_page(session, spec, PageRequest("", None, False, None, limit=10_000))
        assert len(everything) == 157
        for sort_column, column in enumerate(spec.sort_by):
            for descending in (False, True):
                read: list[Any] = []
                after = None
                while True:  # pages of 7: the cursor crosses groups of equal and empty values
                    request = PageRequest("", sort_column, descending, after, limit=7)
                    page = fetch_page(session, spec, request)
                    read.extend(page)
                    if len(page) < 7:
                        break
                    after = lazy.cursor_of(spec, request, page[-1])
                wanted = _expected(everything, names.index(column.key), descending)
                assert [row[0] for row in read] == wanted, (column.key, descending)


def test_a_search_pages_by_keyset_too(qapp: Any, region_db: Database) -> None:
    _fill(region_db, 60)
    spec = next(tab.spec for tab in data_tabs() if tab.name == "deployments")
    with region_db.session() as session:
        every = fetch_page(session, spec, PageRequest("jansen", 1, True, None, limit=1000))
        read: list[Any] = []
        after = None
        while True:
            request = PageRequest("jansen", 1, True, after, limit=4)
            page = fetch_page(session, spec, request)
            read.extend(page)
            if len(page) < 4:
                break
            after = lazy.cursor_of(spec, request, page[-1])
    assert every and all(row.werkcoach == "Jansen" for row in every)
    assert [row.id for row in read] == [row.id for row in every]


@pytest.fixture
def two_pages_held(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(lazy, "RESIDENT_PAGES", 2)
    yield


def test_only_a_few_pages_are_held_and_read_again_when_seen(
    qtbot: QtBot, region_db: Database, window: MainWindow, two_pages_held: None
) -> None:
    _fill(region_db, 2 * PAGE + 234)
    window.show_place("data")
    page = window.page("data")
    assert isinstance(page, DataPage)
    page.tabs.setCurrentIndex(1)
    wait_idle(qtbot, window)
    view, model = page.views["deployments"], page.models["deployments"]
    view.sortByColumn(7, Qt.SortOrder.DescendingOrder)  # by work coach, empty ones last
    wait_idle(qtbot, window)
    first = model.row(0)
    while not model.exhausted:
        model.fetchMore(QModelIndex())
        wait_idle(qtbot, window)
        view.scrollToBottom()  # the first rows out of sight
        qtbot.wait(10)
    wait_idle(qtbot, window)
    assert model.rowCount() == 2 * PAGE + 234
    assert model.resident_rows <= 2 * PAGE  # the first page was let go
    assert model.index(0, 1).data(DISPLAY) == "…"  # shown as loading, and asked for again
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    wait_idle(qtbot, window)
    assert model.row(0) == first
    assert model.index(0, 1).data(DISPLAY) == first.reference
    werkcoaches = [model.row(i).werkcoach for i in range(PAGE)]
    assert werkcoaches == sorted(werkcoaches, key=lambda w: (w is not None, w or ""), reverse=True)


def _long_model(n: int) -> RowTableModel:
    model = RowTableModel([Column("Code", attr("code")), Column("Bedrag", attr("cents"))])
    model.set_rows([{"code": f"C{(i * 37) % n:05d}", "cents": (i * 7919) % 1000} for i in range(n)])
    return model


def test_a_long_list_is_sorted_and_filtered_in_the_background(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FilterProxy, "SYNC_LIMIT", 50)
    model = _long_model(400)
    proxy = FilterProxy(model)
    selection = QItemSelectionModel(proxy)
    selection.setCurrentIndex(proxy.index(10, 0), QItemSelectionModel.SelectionFlag.Current)
    chosen = model.rows[10]
    with qtbot.waitSignal(proxy.arranged, timeout=5000):
        proxy.sort(1, Qt.SortOrder.DescendingOrder)
        assert proxy.busy  # not yet: the window goes on meanwhile
    assert not proxy.busy
    amounts = [proxy.index(r, 1).data(Qt.ItemDataRole.UserRole + 1) for r in range(400)]
    assert amounts == sorted(amounts, reverse=True)
    assert proxy.rows()[selection.currentIndex().row()] is chosen  # the current row follows
    with qtbot.waitSignal(proxy.arranged, timeout=5000):
        proxy.setFilterFixedString("c0001")
    wanted = {f"C{i:05d}" for i in range(10, 20)}
    assert {r["code"] for r in proxy.rows()} == wanted
    codes = [r["code"] for r in proxy.rows()]
    cents = [r["cents"] for r in proxy.rows()]
    assert cents == sorted(cents, reverse=True) and len(codes) == 10
    with qtbot.waitSignal(proxy.arranged, timeout=5000):  # a new list keeps order and filter
        model.set_rows(list(reversed(model.rows)))
    assert proxy.rowCount() == 10
    # an earlier request that arrives late is dropped
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(proxy.arranged, timeout=5000):
        proxy.sort(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not proxy.busy)
    assert [r["code"] for r in proxy.rows()] == sorted(codes, reverse=True)


def test_a_short_list_is_arranged_at_once() -> None:
    proxy = FilterProxy(_long_model(30))
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert not proxy.busy
    assert [r["code"] for r in proxy.rows()] == sorted(r["code"] for r in proxy.rows())
    proxy.setFilterFixedString("C0001")
    assert proxy.rowCount() == 10


def test_a_long_findings_queue_is_filtered_in_the_background(
    qtbot: QtBot, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketenkoppeling.ui.pages.findings import FindingsPage, chart_counts

    monkeypatch.setattr(FilterProxy, "SYNC_LIMIT", 2)
    sample_window.show_place("findings")
    page = sample_window.page("findings")
    assert isinstance(page, FindingsPage)
    page.refresh()
    wait_idle(qtbot, sample_window)
    qtbot.waitUntil(lambda: not page.busy)
    total = page.model.rowCount()
    rules = {f.rule for f in page.model.rows}
    rule = sorted(rules)[0]
    combo = page.filters.rule_combo
    combo.setCurrentIndex(combo.findData(rule))
    qtbot.waitUntil(lambda: not page.busy and {f.rule for f in page.model.rows} == {rule})
    assert 0 < page.model.rowCount() < total or rules == {rule}
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page.busy)
    ids = [f.id for f in page.listed()]
    assert ids == sorted(ids, reverse=True)
    assert page.chart.counts() == chart_counts(page.listed())
    assert page.count_label.text().startswith(f"{len(ids)} ")


def test_a_finished_operation_is_let_go(qtbot: QtBot) -> None:
    """Its slots refer to it (the task manager's, its own): once its outcome is delivered
    nothing may keep it, or every page a table read would stay in memory."""
    import gc
    import weakref

    from ketenkoppeling.ui.workers import Operation, TaskManager

    tasks = TaskManager()
    delivered: list[int] = []
    operation = tasks.run(
        Operation(lambda _job: list(range(1000)), lambda r: delivered.append(len(r)))
    )
    gone = weakref.ref(operation)
    with qtbot.waitSignal(operation.signals.finished, timeout=5000):
        pass
    assert operation.result is not None and delivered == [1000]
    del operation
    qtbot.waitUntil(lambda: (gc.collect(), gone() is None)[1], timeout=2000)
