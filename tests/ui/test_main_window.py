"""The main window: places, shortcuts, status bar, remembered state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ketenkoppeling.store import Database
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.reference import ReferencePage
from ketenkoppeling.ui.settings import AppSettings
from tests.ui.conftest import wait_idle

PLACES = [
    ("import", "Importeren"),
    ("data", "Gegevens"),
    ("findings", "Signaleringen"),
    ("accounting", "Verantwoording"),
    ("allocation", "Verdeelsleutels"),
    ("mappings", "Koppelingen"),
    ("reference", "Referentiegegevens"),
    ("settings", "Instellingen"),
]


def test_window_shows_the_region(qtbot: QtBot, window: MainWindow) -> None:
    window.show_place("reference")
    wait_idle(qtbot, window)
    page = window.page("reference")
    assert isinstance(page, ReferencePage)
    assert page.models["partners"].rowCount() == 6
    assert page.models["budgets"].rowCount() == 5
    assert page.tabs.tabText(0) == "Ketenpartners (6)"
    assert page.tabs.tabText(1) == "Budgetten (5)"


def test_places_in_dutch_in_order(window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [title for _, title in PLACES]
    assert list(window.pages) == [key for key, _ in PLACES]


def test_menus_in_dutch(window: MainWindow) -> None:
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["Bestand", "Bewerken", "Beeld", "Controle", "Verantwoording", "Help"]
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.check_action.shortcut().toString() == "F5"


def test_ctrl_number_switches_places(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    for number, (key, _title) in enumerate(PLACES, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page.key == key
        assert window.nav.currentRow() == number - 1
    wait_idle(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    findings = window.page("findings")
    assert QApplication.focusWidget() is findings.primary_widget()


def test_status_bar_shows_database_and_user(window: MainWindow, region_db: Database) -> None:
    assert window.database_label.text() == f"Database: {region_db.describe()}"
    assert window.user_label.text() == "Gebruiker: testgebruiker"


def test_password_never_shown(qtbot: QtBot, region_db: Database) -> None:
    region_db.url = "postgresql+psycopg://kk:geheim@dbserver/keten"
    main = MainWindow(region_db, AppSettings())
    qtbot.addWidget(main)
    assert "geheim" not in main.database_label.text()
    assert "***" in main.database_label.text()
    wait_idle(qtbot, main)
    main.close()


def test_geometry_and_place_remembered(qtbot: QtBot, region_db: Database) -> None:
    first = MainWindow(region_db, AppSettings())
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(1211, 777)
    first.show_place("findings")
    wait_idle(qtbot, first)
    first.close()

    stored = AppSettings().qsettings
    assert stored.format() == QSettings.Format.IniFormat
    assert stored.value("window/place") == "findings"

    second = MainWindow(region_db, AppSettings())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.current_page.key == "findings"
    assert (second.width(), second.height()) == (1211, 777)
    wait_idle(qtbot, second)
    second.close()


def test_settings_stay_in_the_temporary_location(
    window: MainWindow, temporary_settings: Path
) -> None:
    window.save_state()
    path = window.settings.qsettings.fileName()
    assert path.startswith(str(temporary_settings))


def test_recent_files_menu(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.settings.add_recent_files([tmp_path / "a.xml", tmp_path / "b.csv"])
    window.settings.add_recent_files([tmp_path / "c.xlsx", tmp_path / "a.xml"])
    assert [p.name for p in window.settings.recent_files()] == ["c.xlsx", "a.xml", "b.csv"]
    window.recent_menu.aboutToShow.emit()
    texts = [a.text() for a in window.recent_menu.actions() if not a.isSeparator()]
    assert texts[:3] == ["&1 c.xlsx", "&2 a.xml", "&3 b.csv"]
    assert texts[-1] == "Lijst wissen"
    QApplication.processEvents()
