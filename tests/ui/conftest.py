"""GUI test fixtures: a temporary QSettings location, Dutch translations, a main window on
a database with the example region, and napari's rule that a test must not leave worker
threads running."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ketenkoppeling.store import Database, open_database
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.settings import AppSettings
from ketenkoppeling.ui.translation import install_translations, remove_translations
from ketenkoppeling.ui.workers import active_thread_count, wait_for_all
from tests.conftest import SAMPLES
from tests.factories import add_region


@pytest.fixture(scope="session")
def qapp_args(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Offscreen, give the application a screen the size of an office monitor (the plugin's
    default of 800×800 is smaller than the main window's minimum)."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return ["ketenkoppeling-tests"]
    config = tmp_path_factory.mktemp("screen") / "screen.json"
    screen = {"name": "Test", "x": 0, "y": 0, "width": 1600, "height": 1000,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return ["ketenkoppeling-tests", "-platform", f"offscreen:configfile={config}"]


@pytest.fixture(autouse=True)
def temporary_settings(tmp_path: Path) -> Iterator[Path]:
    """Every test reads and writes settings in its own directory, never the real ones."""
    location = tmp_path / "settings"
    location.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(location))
    yield location


@pytest.fixture(autouse=True)
def no_threads_left(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves work running in a thread pool (after napari's conftest)."""
    yield
    finished = wait_for_all(5000)
    QApplication.processEvents()
    assert finished, "worker threads were still busy 5 s after the test"
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert active_thread_count() == 0


@pytest.fixture(scope="session", autouse=True)
def dutch(qapp: QApplication) -> Iterator[None]:
    translators = install_translations(qapp, "nl")
    yield
    remove_translations(qapp, translators)


@pytest.fixture
def region_db(db: Database) -> Database:
    with db.session() as session:
        add_region(session)
    return db


_SAMPLE_TEMPLATE: dict[str, Path] = {}


def _sample_template(directory: Path) -> Path:
    """A database with the sample region: reference workbook, every sample file, checks run
    (built once per test session with the engine, then copied per test)."""
    if "db" not in _SAMPLE_TEMPLATE:
        reference = pytest.importorskip("ketenkoppeling.reference")
        importing = pytest.importorskip("ketenkoppeling.importing")
        runner = pytest.importorskip("ketenkoppeling.checks.runner")
        path = directory / "samples.sqlite"
        database = open_database(str(path))
        reference.load_reference_workbook(database, SAMPLES / "referentie.xlsx", user="test")
        files = sorted(
            p
            for p in SAMPLES.iterdir()
            if p.suffix in (".xml", ".csv", ".xlsx") and p.name != "referentie.xlsx"
        )
        importing.import_files(database, files, user="test")
        runner.run_checks(database, user="test")
        database.dispose()
        _SAMPLE_TEMPLATE["db"] = path
    return _SAMPLE_TEMPLATE["db"]


@pytest.fixture
def sample_db(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A fresh copy of the sample region's database."""
    if "db" in _SAMPLE_TEMPLATE:
        template = _SAMPLE_TEMPLATE["db"]
    else:
        template = _sample_template(tmp_path_factory.mktemp("sample-template"))
    target = tmp_path / "samples.sqlite"
    shutil.copy(template, target)
    database = open_database(str(target))
    yield database
    database.dispose()


@pytest.fixture
def sample_window(qtbot: QtBot, sample_db: Database, settings: AppSettings) -> Iterator[MainWindow]:
    main = MainWindow(sample_db, settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_idle(qtbot, main)
    yield main
    wait_idle(qtbot, main)
    main.close()


@pytest.fixture
def settings() -> AppSettings:
    return AppSettings()


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 10000) -> None:
    """Wait until the window's worker has delivered everything it was asked for."""
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=timeout)


@pytest.fixture
def window(qtbot: QtBot, region_db: Database, settings: AppSettings) -> Iterator[MainWindow]:
    main = MainWindow(region_db, settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_idle(qtbot, main)
    yield main
    wait_idle(qtbot, main)
    main.close()
