"""Users and roles in the window (issue 11): Instellingen says who you are and, for a
functional administrator, manages the users; Koppelingen does not let another role save."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ketenkoppeling.access import Role, add_user
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AuditLogRow, MappingVersionRow
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.mappings import MappingsPage
from ketenkoppeling.ui.pages.settings import SettingsPage
from ketenkoppeling.ui.settings import AppSettings
from tests.ui.conftest import wait_idle


@pytest.fixture
def as_jan(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("KETENKOPPELING_USER", "jan")
    return monkeypatch


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db, AppSettings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, window)
    return window


def test_an_administrator_manages_the_users_on_the_settings_page(
    qtbot: QtBot, region_db: Database, as_jan: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, region_db)
    window.show_place("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    box = page.users
    assert "nog geen gebruikers ingericht" in box.who.text()  # a single user: every role
    assert box.add_button.isVisibleTo(page)
    box.add({"login": "jan", "name": "Jan", "role": Role.BEHEERDER, "partner": "UWV"})
    wait_idle(qtbot, window)
    box.add({"login": "els", "name": "", "role": Role.CONTROLLER, "partner": "GEM-0392"})
    wait_idle(qtbot, window)
    assert box.table.rowCount() == 2
    assert box.who.text() == "U bent jan: functioneel beheerder."
    assert _cell(box.table, 0, 2) == "controller"
    box.table.selectRow(0)
    assert box.selected() is not None and box.selected().login == "els"  # type: ignore[union-attr]
    box.deactivate()
    wait_idle(qtbot, window)
    assert _cell(box.table, 0, 4) == "nee"
    box.table.selectRow(1)
    box.deactivate()  # the last administrator: refused, with the engine's Dutch reason
    wait_idle(qtbot, window)
    assert "minstens één actieve functioneel beheerder" in box.who.text()
    with region_db.session() as s:
        actions = list(s.scalars(select(AuditLogRow.action).where(AuditLogRow.subject == "els")))
    assert actions == ["user.add", "user.deactivate"]
    window.close()


def test_another_role_cannot_save_a_mapping_from_the_workbench(
    qtbot: QtBot, region_db: Database, as_jan: pytest.MonkeyPatch
) -> None:
    add_user(region_db, "jan", role=Role.BEHEERDER, partner="UWV")
    add_user(region_db, "piet", role=Role.BACKOFFICE, partner="UWV")
    as_jan.setenv("KETENKOPPELING_USER", "piet")
    window = _window(qtbot, region_db)
    window.show_place("settings")
    settings = window.page("settings")
    assert isinstance(settings, SettingsPage)
    assert settings.users.who.text() == "U bent piet: medewerker backoffice."
    assert not settings.users.add_button.isVisibleTo(settings)
    window.show_place("mappings")
    wait_idle(qtbot, window)
    page = window.page("mappings")
    assert isinstance(page, MappingsPage)
    assert page.document is not None
    assert not page.save_button.isEnabled() and not page.import_button.isEnabled()
    assert "functioneel beheerder" in page.save_button.toolTip()
    assert page.editor.versions.restore_refusal
    page.save_version(comment="toch proberen")  # Ctrl+S reaches the engine anyway
    wait_idle(qtbot, window)
    assert "Alleen een functioneel beheerder mag koppelingen wijzigen" in page.banner.text()
    with region_db.session() as s:
        assert s.scalar(select(MappingVersionRow.id)) is None
    window.close()
