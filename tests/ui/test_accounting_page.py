"""The Verantwoording place: ledger, reconciliation, settlement and the Excel export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.accounting import AccountingPage
from tests.ui.conftest import wait_idle

pytest.importorskip("ketenkoppeling.accounting.ledger")
pytest.importorskip("ketenkoppeling.accounting.service")

DISPLAY = Qt.ItemDataRole.DisplayRole


def _page(qtbot: QtBot, window: MainWindow) -> AccountingPage:
    window.show_place("accounting")
    wait_idle(qtbot, window)
    page = window.page("accounting")
    assert isinstance(page, AccountingPage)
    return page


def _finish(qtbot: QtBot, window: MainWindow, operation: object) -> None:
    assert operation is not None
    wait_idle(qtbot, window, timeout=20000)


def test_report_for_a_partner(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    assert page.partner_combo.count() == 6
    assert page.year_combo.currentText() == "2008"
    assert page.period == (date(2008, 1, 1), date(2008, 12, 31))
    assert page.date_from.displayFormat() == "dd-MM-yyyy"
    page.set_partner("UWV")
    _finish(qtbot, sample_window, page.report())
    assert page.stack.currentWidget() is page.report_view
    view = page.report_view
    assert "Totaal toegerekend" in view.summary.text()
    budgets = view.budgets.model
    assert budgets.rowCount() == 2
    codes = {budgets.index(r, 0).data(DISPLAY) for r in range(2)}
    assert codes == {"UWV-RIB-WW-2008", "UWV-RIB-AG-2008"}
    assert budgets.index(0, 2).data(DISPLAY).startswith("€ ")
    months = view.months.model
    assert months.rowCount() > 0
    assert months.index(0, 0).data(DISPLAY).endswith("-2008")
    assert len(view.chart.bars()) == months.rowCount()
    assert view.clients.model.index(0, 0).data(DISPLAY).startswith("*****")
    assert view.lines.model.rowCount() > 0
    assert page.export_button.isEnabled()


def test_menu_runs_report_and_reconciliation(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    sample_window.accounting("reconcile")
    wait_idle(qtbot, sample_window, timeout=20000)
    assert page.stack.currentWidget() is page.reconcile_view
    assert "sluit aan tot op de cent" in page.reconcile_view.identity.text()
    assert page.reconcile_view.partners.model.rowCount() >= 3
    assert not page.export_button.isEnabled()  # no workbook for the reconciliation


def test_settlement(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    _finish(qtbot, sample_window, page.settle())
    view = page.settle_view
    assert page.stack.currentWidget() is view
    pairs = view.pairs.model
    assert pairs.rowCount() > 0
    first = pairs.rows[0]
    assert view.lines.model.rowCount() == len(first.lines)


def test_period_checked(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    page.set_period(date(2008, 12, 31), date(2008, 1, 1))
    assert page.reconcile() is None
    assert page.banner.text() == "De periode eindigt voordat ze begint."


def test_export_ledger_workbook(qtbot: QtBot, sample_window: MainWindow, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    page = _page(qtbot, sample_window)
    page.set_partner("GEM-0392")
    _finish(qtbot, sample_window, page.report())
    target = tmp_path / "verantwoording.xlsx"
    _finish(qtbot, sample_window, page.export(target))
    assert target.is_file()
    assert page.banner.text().startswith("Werkmap geschreven")
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames
