"""The Gegevens place: lazily loaded tables, search, masked BSNs, a record's source."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from ketenkoppeling.store import Database
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.models.lazy import PAGE
from ketenkoppeling.ui.pages.data import DataPage
from tests.factories import deployment, store
from tests.ui.conftest import wait_idle

DISPLAY = Qt.ItemDataRole.DisplayRole
BSNS = ["111222333", "123456782", "999999990"]


def _fill(db: Database, n: int) -> None:
    with db.session() as session:
        store(
            session,
            *[
                deployment("UWV", f"TRJ-{i:05d}", BSNS[i % 3], "SCH", "2008-06-02")
                for i in range(n)
            ],
        )


def _page(qtbot: QtBot, window: MainWindow) -> DataPage:
    window.show_place("data")
    page = window.page("data")
    assert isinstance(page, DataPage)
    page.tabs.setCurrentIndex(1)  # Inzet
    wait_idle(qtbot, window)
    return page


def test_rows_load_page_by_page(qtbot: QtBot, region_db: Database, window: MainWindow) -> None:
    _fill(region_db, 1234)
    page = _page(qtbot, window)
    page.refresh()
    wait_idle(qtbot, window)
    model = page.models["deployments"]
    assert model.total == 1234
    assert model.rowCount() == PAGE  # only the first page
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    wait_idle(qtbot, window)
    assert model.rowCount() == 2 * PAGE
    model.fetchMore(QModelIndex())
    wait_idle(qtbot, window)
    assert model.rowCount() == 1234
    assert not model.canFetchMore(QModelIndex())
    references = [model.row(i).reference for i in range(model.rowCount())]
    assert len(set(references)) == 1234  # keyset paging: no row twice, none lost
    assert page.count_label.text() == "1.234 records, 1.234 getoond"


def test_search_and_masked_bsn(qtbot: QtBot, region_db: Database, window: MainWindow) -> None:
    _fill(region_db, 30)
    page = _page(qtbot, window)
    page.refresh()
    wait_idle(qtbot, window)
    model = page.models["deployments"]
    assert model.rowCount() == 30
    assert model.index(0, 2).data(DISPLAY) == "*****2333"
    page.search.setText("TRJ-0001")  # searches after a pause in typing
    qtbot.waitUntil(lambda: model.rowCount() == 10, timeout=5000)  # TRJ-00010 … 00019
    wait_idle(qtbot, window)
    page.search.setText("123456782")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # or at once on Enter
    wait_idle(qtbot, window)
    assert model.rowCount() == 10
    assert {model.row(i).bsn for i in range(10)} == {"123456782"}
    page.reveal_button.click()
    assert model.index(0, 2).data(DISPLAY) == "123456782"
    page.reveal_button.click()
    assert model.index(0, 2).data(DISPLAY) == "*****6782"


def test_sort_by_column(qtbot: QtBot, region_db: Database, window: MainWindow) -> None:
    _fill(region_db, 12)
    page = _page(qtbot, window)
    page.refresh()
    wait_idle(qtbot, window)
    view = page.views["deployments"]
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, window)
    model = page.models["deployments"]
    assert model.row(0).reference == "TRJ-00011"


def test_selected_record_shows_its_source(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    view = page.views["deployments"]
    view.selectRow(0)
    wait_idle(qtbot, sample_window)
    assert page.panel.fields["file"].text().endswith((".xml", ".xlsx", ".csv"))
    assert page.panel.fields["location"].text()
    assert page.panel.fields["batch"].text().isdigit()
    page.tabs.setCurrentIndex(2)  # Bestedingen
    wait_idle(qtbot, sample_window)
    page.views["spend"].selectRow(0)
    wait_idle(qtbot, sample_window)
    assert "%" in page.panel.fields["attributions"].text()
