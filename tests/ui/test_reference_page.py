"""The Referentiegegevens place: loading a workbook in the worker, its errors, filtering."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages import reference as reference_page
from ketenkoppeling.ui.pages.reference import ReferencePage
from tests.ui.conftest import wait_idle

pytest.importorskip("ketenkoppeling.reference")

DISPLAY = Qt.ItemDataRole.DisplayRole


def _page(qtbot: QtBot, window: MainWindow) -> ReferencePage:
    window.show_place("reference")
    wait_idle(qtbot, window)
    page = window.page("reference")
    assert isinstance(page, ReferencePage)
    return page


def test_load_workbook_refreshes_the_tables(
    qtbot: QtBot, window: MainWindow, samples: Path
) -> None:
    page = _page(qtbot, window)
    assert page.models["instruments"].rowCount() == 0
    operation = page.load_workbook(samples / "referentie.xlsx")
    assert operation is not None
    assert not page.load_button.isEnabled()
    wait_idle(qtbot, window)
    assert page.load_button.isEnabled()
    assert page.models["instruments"].rowCount() == 10
    assert page.models["providers"].rowCount() == 12
    assert page.tabs.tabText(3) == "Instrumenten (10)"
    assert page.banner.text().startswith("referentie.xlsx geladen: 6 ketenpartners, 5 budgetten")


def test_refused_workbook_shows_the_dutch_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    broken = tmp_path / "kapot.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Partners"
    workbook.active.append(["Code", "Naam"])
    workbook.save(broken)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        reference_page, "show_error", lambda _parent, title, message: shown.append((title, message))
    )
    page = _page(qtbot, window)
    page.load_workbook(broken)
    wait_idle(qtbot, window)
    assert shown
    title, message = shown[0]
    assert title == "De referentiewerkmap is niet geladen"
    assert "kapot.xlsx" in message or "Blad" in message or "blad" in message
    assert page.models["partners"].rowCount() == 6  # unchanged


def test_filter_field(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    window.focus_search()
    assert page.filter.hasFocus() or not window.isActiveWindow()
    page.filter.setText("gemeente")
    assert page.proxies["partners"].rowCount() == 3  # also Intergemeentelijke …
    page.tabs.setCurrentIndex(1)
    page.filter.setText("IASZ")
    assert page.proxies["budgets"].rowCount() == 1
    assert page.proxies["budgets"].index(0, 0).data(DISPLAY) == "IASZ-WD-2008"


def test_export_workbook(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = _page(qtbot, window)
    target = tmp_path / "referentie-export.xlsx"
    operation = page.export_workbook(target)
    assert operation is not None
    wait_idle(qtbot, window)
    assert target.is_file()
