"""The Signaleringen place: the queue, a finding beside its records, resolve and accept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QTableWidgetItem
from pytestqt.qtbot import QtBot

from ketenkoppeling.ui.dialogs import ReasonDialog
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.findings import FindingsPage, check_progress_text
from tests.ui.conftest import wait_idle

pytest.importorskip("ketenkoppeling.checks.review")
pytest.importorskip("ketenkoppeling.checks.runner")

DISPLAY = Qt.ItemDataRole.DisplayRole


def _text(item: QTableWidgetItem | None) -> str:
    assert item is not None
    return item.text()


def _open(qtbot: QtBot, window: MainWindow) -> FindingsPage:
    window.show_place("findings")
    wait_idle(qtbot, window)
    page = window.page("findings")
    assert isinstance(page, FindingsPage)
    return page


def _select_rule(qtbot: QtBot, window: MainWindow, page: FindingsPage, rule: str) -> None:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 1).data(DISPLAY) == rule:
            page.view.selectRow(row)
            wait_idle(qtbot, window)
            return
    raise AssertionError(f"no {rule} finding")


def test_findings_listed_and_compared(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    assert page.status == "open"
    assert page.model.rowCount() > 5
    assert page.current is not None
    assert page.count_label.text().startswith(f"{page.model.rowCount()} signaleringen")
    _select_rule(qtbot, sample_window, page, "D1")
    table = page.comparison
    assert table.columnCount() >= 2
    assert _text(table.horizontalHeaderItem(0)).startswith("Inzet ")
    fields = [_text(table.verticalHeaderItem(r)) for r in range(table.rowCount())]
    assert {"BSN", "Instrument", "Startdatum", "Bron"} <= set(fields)
    bsn_row = fields.index("BSN")
    assert _text(table.item(bsn_row, 0)).startswith("*****")
    # the same BSN on both sides: not highlighted; the partners differ: highlighted
    item = table.item(bsn_row, 0)
    assert item is not None and item.background().color().name() != "#fff1c7"
    assert page.explanation.text()
    assert "*****" in page.view.model().index(page.view.currentIndex().row(), 5).data(DISPLAY) or (
        "inzet" in page.view.model().index(page.view.currentIndex().row(), 5).data(DISPLAY)
    )

    page.reveal_button.click()
    assert sample_window.reveal_action.isChecked()
    assert not _text(table.item(bsn_row, 0)).startswith("*****")
    page.reveal_button.click()
    assert _text(table.item(bsn_row, 0)).startswith("*****")


def test_accept_with_reason(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    _select_rule(qtbot, sample_window, page, "D2")
    finding = page.current
    assert finding is not None and page.accept_button.isEnabled()
    operation = page.decide("accept", "Twee verschillende personen; gecontroleerd bij de balie")
    assert operation is not None
    with qtbot.waitSignal(operation.signals.finished, timeout=10000):
        pass
    wait_idle(qtbot, sample_window)
    assert finding.id not in [f.id for f in page.model.rows]  # no longer open
    page.set_status("accepted")
    wait_idle(qtbot, sample_window)
    accepted = [f for f in page.model.rows if f.id == finding.id]
    assert accepted and accepted[0].status == "accepted"
    assert page.current is not None and page.current.id == finding.id
    events = page.events_model.rows
    assert events[-1].action == "accepted"
    assert events[-1].reason == "Twee verschillende personen; gecontroleerd bij de balie"
    assert events[-1].user == "testgebruiker"
    assert not page.resolve_button.isEnabled()


def test_reason_is_required(qtbot: QtBot) -> None:
    dialog = ReasonDialog("Signalering #1 oplossen", "Wat is er gecorrigeerd?")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.editor.setPlainText("   ")
    assert not ok.isEnabled()
    dialog.editor.setPlainText("Dubbele inzet bij UWV afgevoerd")
    assert ok.isEnabled()
    assert dialog.reason() == "Dubbele inzet bij UWV afgevoerd"


def test_run_checks_from_f5(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    before = page.model.rowCount()
    sample_window.activateWindow()
    qtbot.keyClick(sample_window, Qt.Key.Key_F5)
    operation = page.check_operation
    assert operation is not None
    assert page.progress.isVisibleTo(page)
    with qtbot.waitSignal(operation.signals.finished, timeout=20000):
        pass
    wait_idle(qtbot, sample_window)
    assert page.check_operation is None
    assert page.model.rowCount() == before  # checks again: no duplicates
    assert page.banner.text().startswith("Controle klaar")


def test_check_progress_text() -> None:
    assert check_progress_text(("D1: dubbele inzet", 1, 10)) == ("D1: dubbele inzet", 1, 10)
