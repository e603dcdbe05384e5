"""Importeren: "Batch intrekken…" with the dry run's counts confirmed first; Qt's file dialog
labels in Dutch; the hint on an empty database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import DeploymentRow, ImportBatchRow
from ketenkoppeling.ui import dialogs
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.importing import ImportPage
from ketenkoppeling.ui.settings import AppSettings
from ketenkoppeling.ui.withdraw import WithdrawDialog
from tests.importing.test_layouts import ROW, trajecten
from tests.ui.conftest import wait_idle

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow, samples: Path) -> ImportPage:
    load_reference_workbook(window.ctx.db, samples / "referentie.xlsx", user="test")
    window.show_place("import")
    wait_idle(qtbot, window)
    found = window.page("import")
    assert isinstance(found, ImportPage)
    return found


def _import(qtbot: QtBot, window: MainWindow, page: ImportPage, path: Path) -> None:
    page.add_files([path])
    wait_idle(qtbot, window)
    operation = page.start_import()
    assert operation is not None
    with qtbot.waitSignal(operation.signals.finished, timeout=20000):
        pass
    wait_idle(qtbot, window)


def _deployments(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(DeploymentRow)) or 0


def _select_batch(page: ImportPage, batch_id: int) -> None:
    page.outcome_tabs.setCurrentIndex(1)
    model = page.batch_model
    row = next(r for r in range(model.rowCount()) if model.row(r).id == batch_id)
    page.batch_view.selectRow(row)


def test_withdraw_a_batch_from_the_page(
    qtbot: QtBot, window: MainWindow, page: ImportPage, tmp_path: Path
) -> None:
    db = window.ctx.db
    before = _deployments(db)
    _import(qtbot, window, page, trajecten(tmp_path / "vergissing.xlsx", [ROW]))
    batch_id = int(page.outcome_model.row(0).batch)
    assert _deployments(db) == before + 1
    _select_batch(page, batch_id)
    assert page.withdraw_button.isEnabled()
    assert page.withdraw_button.text() == "Batch intrekken…"

    # cancelled: nothing changes
    operation = page.withdraw_selected()
    assert operation is not None
    wait_idle(qtbot, window)
    dialog = page.withdrawal.dialog
    assert isinstance(dialog, WithdrawDialog)
    rows = {
        dialog.model.index(r, 0).data(DISPLAY): dialog.model.index(r, 1).data(DISPLAY)
        for r in range(dialog.model.rowCount())
    }
    assert rows["Inzetten"] == "1" and rows["Bestedingsregels"] == "1"
    dialog.reject()
    assert _deployments(db) == before + 1
    assert page.banner.text() == "Er is niets ingetrokken."

    # confirmed: withdrawn, and shown as such in the list
    page.withdraw_selected()
    wait_idle(qtbot, window)
    dialog = page.withdrawal.dialog
    assert dialog is not None
    dialog.withdraw_button.click()
    wait_idle(qtbot, window)
    assert _deployments(db) == before
    assert f"Batch {batch_id} is ingetrokken" in page.banner.text()
    with db.session() as s:
        stored = s.get(ImportBatchRow, batch_id)
        assert stored is not None and stored.withdrawn_by == window.ctx.user
    page.refresh()
    wait_idle(qtbot, window)
    _select_batch(page, batch_id)
    row = page.batch_view.currentIndex().row()
    headers = [page.batch_model.headerData(c, Qt.Orientation.Horizontal) for c in range(12)]
    status = page.batch_model.index(row, headers.index("Status"))
    assert status.data(DISPLAY) == "Ingetrokken"
    assert "Ingetrokken op" in status.data(TOOLTIP)
    assert not page.withdraw_button.isEnabled()  # a withdrawn batch cannot be withdrawn again


def test_file_dialog_labels_are_dutch(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[QFileDialog] = []

    def fake_run(dialog: QFileDialog) -> list[str]:
        seen.append(dialog)
        return []

    monkeypatch.setattr(dialogs, "run_file_dialog", fake_run)
    settings = AppSettings()
    assert dialogs.choose_open_files(None, settings, "import", "Kies", "Alle bestanden (*)") == []
    assert dialogs.choose_save_file(None, settings, "x", "Opslaan", "Excel (*.xlsx)", "a") is None
    label = QFileDialog.DialogLabel
    opened, saved = seen
    assert opened.labelText(label.LookIn) == "&Zoeken in:"
    assert opened.labelText(label.FileType) == "Bestanden van &type:"
    assert opened.labelText(label.FileName) == "Bestands&naam:"
    assert opened.labelText(label.Accept) == "&Openen"
    assert opened.labelText(label.Reject) == "Annuleren"
    assert opened.fileMode() == QFileDialog.FileMode.ExistingFiles
    assert saved.labelText(label.Accept) == "Op&slaan"
    assert saved.acceptMode() == QFileDialog.AcceptMode.AcceptSave


@pytest.fixture
def empty_window(qtbot: QtBot, db: Database, settings: AppSettings) -> Iterator[MainWindow]:
    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_idle(qtbot, main)
    yield main
    wait_idle(qtbot, main)
    main.close()


def test_an_empty_database_hints_at_the_reference_data(
    qtbot: QtBot, empty_window: MainWindow, samples: Path
) -> None:
    empty_window.show_place("import")
    wait_idle(qtbot, empty_window)
    page = empty_window.page("import")
    assert isinstance(page, ImportPage)
    page.refresh()
    wait_idle(qtbot, empty_window)
    assert page.empty_hint.isVisible()
    page.empty_hint.go_button.click()
    wait_idle(qtbot, empty_window)
    assert empty_window.current_page.key == "reference"
    load_reference_workbook(empty_window.ctx.db, samples / "referentie.xlsx", user="test")
    page.refresh()
    wait_idle(qtbot, empty_window)
    assert not page.empty_hint.isVisible()
