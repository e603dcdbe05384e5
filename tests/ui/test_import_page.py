"""The Importeren place: recognising layouts, importing in the worker, outcomes and the
quarantined records; drag and drop; recent files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.importing import ImportPage
from tests.ui.conftest import wait_idle

pytest.importorskip("ketenkoppeling.importing")
pytest.importorskip("ketenkoppeling.reference")

DISPLAY = Qt.ItemDataRole.DisplayRole


def _page(window: MainWindow) -> ImportPage:
    page = window.page("import")
    assert isinstance(page, ImportPage)
    return page


@pytest.fixture
def referenced(qtbot: QtBot, window: MainWindow, samples: Path) -> MainWindow:
    """The window on a database with the sample reference workbook loaded."""
    from ketenkoppeling.reference import load_reference_workbook

    # the region's partners are already there; load the full workbook over them
    load_reference_workbook(window.ctx.db, samples / "referentie.xlsx", user="test")
    return window


def test_layout_recognised_before_import(
    qtbot: QtBot, referenced: MainWindow, samples: Path, tmp_path: Path
) -> None:
    page = _page(referenced)
    stray = tmp_path / "boodschappen.csv"
    stray.write_text("melk;brood\n1;2\n", encoding="utf-8")
    page.add_files([samples / "uwv-2008-batch1.xml", samples / "facturen-rib-0002.csv", stray])
    wait_idle(qtbot, referenced)
    layouts = {
        page.pending_model.index(r, 0).data(DISPLAY): page.pending_model.index(r, 1).data(DISPLAY)
        for r in range(page.pending_model.rowCount())
    }
    assert layouts["uwv-2008-batch1.xml"].startswith("Ketenbericht")
    assert layouts["facturen-rib-0002.csv"].startswith("Re-integratiebedrijf")
    assert layouts["boodschappen.csv"] == "niet herkend"
    # adding the same file again does not duplicate it
    page.add_files([samples / "uwv-2008-batch1.xml"])
    assert page.pending_model.rowCount() == 3


def test_import_shows_outcomes_and_quarantine(
    qtbot: QtBot, referenced: MainWindow, samples: Path, tmp_path: Path
) -> None:
    page = _page(referenced)
    stray = tmp_path / "boodschappen.csv"
    stray.write_text("melk;brood\n1;2\n", encoding="utf-8")
    page.add_files([samples / "uwv-2008-batch1.xml", stray])
    wait_idle(qtbot, referenced)
    progress: list[object] = []
    operation = page.start_import()
    assert operation is not None
    operation.signals.progress.connect(progress.append)
    assert not page.import_button.isEnabled()  # no second import while one runs
    with qtbot.waitSignal(operation.signals.finished, timeout=20000):
        pass
    wait_idle(qtbot, referenced)
    assert page.progress.isHidden()
    assert progress, "the import reported no progress"
    assert {getattr(p, "file", None) for p in progress} <= {"uwv-2008-batch1.xml"}
    model = page.outcome_model
    assert model.rowCount() == 2
    outcome = {model.index(r, 0).data(DISPLAY): r for r in range(2)}
    row = outcome["uwv-2008-batch1.xml"]
    assert model.index(row, 1).data(DISPLAY) == "Ingelezen"
    read = int(model.index(row, 2).data(DISPLAY))
    new = int(model.index(row, 3).data(DISPLAY))
    quarantined = int(model.index(row, 6).data(DISPLAY))
    assert read == 113 and new + quarantined == read and quarantined == 2
    rejected = outcome["boodschappen.csv"]
    assert model.index(rejected, 1).data(DISPLAY) == "Geweigerd"
    assert "niet herkend" in model.index(rejected, 9).data(DISPLAY)
    # the rejected file stays in the list, the imported one leaves it
    names = [
        page.pending_model.index(r, 0).data(DISPLAY) for r in range(page.pending_model.rowCount())
    ]
    assert names == ["boodschappen.csv"]

    page.outcome_view.selectRow(row)
    wait_idle(qtbot, referenced)
    lines = page.quarantine_model.rows
    assert len(lines) >= 2
    assert all(line.location and line.message for line in lines)
    assert page.quarantine_title.text() == "Records in quarantaine van uwv-2008-batch1.xml"
    # the engine stores "line 49, /Berichtenbatch/…" (the CLI's JSON shape); the window reads Dutch
    assert any(line.location.startswith("line ") for line in lines)
    positions = [page.quarantine_model.index(r, 1).data(DISPLAY) for r in range(len(lines))]
    assert all(re.match(r"regel \d+, /", p) for p in positions), positions
    assert not any("line" in p for p in positions)
    # a BSN in the quarantine table is masked
    texts = [page.quarantine_model.index(r, 3).data(DISPLAY) for r in range(len(lines))]
    assert not any(re.search(r"(?<!\d)\d{8,9}(?!\d)", t) for t in texts)

    page.outcome_view.selectRow(rejected)
    assert page.quarantine_note.isVisibleTo(page)
    assert "niet herkend" in page.quarantine_note.text()

    # remembered as recent files; earlier imports list the batch
    recent = [p.name for p in referenced.settings.recent_files()]
    assert "uwv-2008-batch1.xml" in recent
    assert page.batch_model.rowCount() == 1


def test_importing_the_same_file_again(qtbot: QtBot, referenced: MainWindow, samples: Path) -> None:
    page = _page(referenced)
    for _ in range(2):
        page.add_files([samples / "facturen-rib-0002.csv"])
        wait_idle(qtbot, referenced)
        operation = page.start_import()
        assert operation is not None
        with qtbot.waitSignal(operation.signals.finished, timeout=20000):
            pass
        wait_idle(qtbot, referenced)
    assert page.outcome_model.index(0, 1).data(DISPLAY) == "Al ingelezen"


def test_cancel_import(qtbot: QtBot, referenced: MainWindow, samples: Path) -> None:
    page = _page(referenced)
    page.add_files([samples / "uwv-2008-batch1.xml", samples / "uwv-2008-batch2.xml"])
    wait_idle(qtbot, referenced)
    operation = page.start_import()
    assert operation is not None
    operation.cancel()  # before the worker picks it up: nothing is imported
    with qtbot.waitSignal(operation.signals.finished, timeout=20000):
        pass
    wait_idle(qtbot, referenced)
    assert page.operation is None
    assert page.import_button.isEnabled()
    assert page.pending_model.rowCount() == 2


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_drop_files(qtbot: QtBot, window: MainWindow, samples: Path, tmp_path: Path) -> None:
    page = _page(window)
    window.show_place("import")
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(samples / "facturen-rib-0003.csv", folder)
    shutil.copy(samples / "facturen-rib-0004.csv", folder)
    (folder / "notities.docx").write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(samples / "haarlem-2008.xml"))]
    )
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(page, drop)
    wait_idle(qtbot, window)
    names = sorted(
        page.pending_model.index(r, 0).data(DISPLAY) for r in range(page.pending_model.rowCount())
    )
    assert names == ["facturen-rib-0003.csv", "facturen-rib-0004.csv", "haarlem-2008.xml"]


def test_recent_file_from_the_menu(qtbot: QtBot, window: MainWindow, samples: Path) -> None:
    window.open_recent(samples / "haarlem-2008.xml")
    wait_idle(qtbot, window)
    assert window.current_page.key == "import"
    assert _page(window).pending_model.rowCount() == 1
