"""Verdeelsleutels, Koppelingen and Instellingen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.allocation import AllocationPage
from ketenkoppeling.ui.pages.mappings import MappingsPage
from ketenkoppeling.ui.pages.settings import SettingsPage
from ketenkoppeling.ui.settings import AppSettings
from tests.ui.conftest import wait_idle

DISPLAY = Qt.ItemDataRole.DisplayRole

KEY = """
name = "Projectkosten voorbeeld"
unit = "cent"

[[cost]]
year = 2009
items = { "Projectleider" = "60000.00", "Opleiding" = "20000.00" }

[[rule]]
partner = "CWI"
kind = "fixed"
amount = "5000.00"

[[rule]]
partner = "GEM-0473"
kind = "percentage"
percentage = "4.5"

[[rule]]
kind = "caseload"
percentage = "30"
partners = ["GEM-0392", "IASZ"]
counts = { "GEM-0392" = 2100, "IASZ" = 300 }

[[rule]]
partner = "WERKBEDRIJF"
kind = "remainder"
"""


def test_allocation_key_loaded_and_applied(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    pytest.importorskip("ketenkoppeling.accounting.allocation")
    window.show_place("allocation")
    wait_idle(qtbot, window)
    page = window.page("allocation")
    assert isinstance(page, AllocationPage)
    key = tmp_path / "project.toml"
    key.write_text(KEY, encoding="utf-8")
    assert page.load_file(key) is not None
    wait_idle(qtbot, window)
    assert page.keys_model.rowCount() == 1
    assert page.current is not None and page.current.name == "Projectkosten voorbeeld"
    assert "Projectleider" in page.text.toPlainText()
    assert page.allocate() is not None
    wait_idle(qtbot, window)
    shares = page.shares_model
    assert shares.rowCount() == 5
    by_partner = {
        shares.index(r, 1).data(DISPLAY): shares.index(r, 5).data(DISPLAY)
        for r in range(shares.rowCount())
    }
    assert by_partner["CWI"] == "€ 5.000,00"
    assert by_partner["GEM-0473"] == "€ 3.600,00"
    assert by_partner["GEM-0392"] == "€ 21.000,00"
    assert by_partner["IASZ"] == "€ 3.000,00"
    assert by_partner["WERKBEDRIJF"] == "€ 47.400,00"
    assert shares.index(0, 2).data(DISPLAY) == "vast bedrag"
    assert page.export_button.isEnabled()
    target = tmp_path / "verdeling.xlsx"
    assert page.export(target) is not None
    wait_idle(qtbot, window)
    assert target.is_file()


def test_mappings_listed_and_the_first_opened_in_the_workbench(
    qtbot: QtBot, window: MainWindow
) -> None:
    pytest.importorskip("ketenkoppeling.mapping.loader")
    window.show_place("mappings")
    wait_idle(qtbot, window)
    page = window.page("mappings")
    assert isinstance(page, MappingsPage)
    names = {page.model.index(r, 2).data(DISPLAY) for r in range(page.model.rowCount())}
    assert "ketenbericht-v1" in names
    assert page.model.index(0, 4).data(DISPLAY) == "meegeleverd"
    assert page.document is not None and page.document.name in names
    text = page.editor.text_view.text()
    assert text.startswith("<?xml") and f'name="{page.document.name}"' in text
    assert not page.editor.text_view.editor.isReadOnly()


def test_settings_saved(qtbot: QtBot, window: MainWindow) -> None:
    window.show_place("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    assert page.language_combo.currentData() == "nl"
    page.language_combo.setCurrentIndex(1)
    assert AppSettings().language == "en"
    page.user_edit.setText("j.jansen")
    page.user_edit.editingFinished.emit()
    assert AppSettings().user == "j.jansen"
    assert window.user_label.text() == "Gebruiker: j.jansen"
    page.database_edit.setText("/tmp/elders.sqlite")
    page.database_edit.editingFinished.emit()
    assert AppSettings().database == "/tmp/elders.sqlite"


def test_english_when_chosen(qtbot: QtBot, window: MainWindow) -> None:
    from ketenkoppeling.ui.translation import choose_language

    settings = AppSettings()
    settings.language = "en"
    assert choose_language(settings.qsettings.value("language")) == "en"
