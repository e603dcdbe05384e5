"""The retention period on the Settings page: stored in the database, audited, shown again."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ketenkoppeling.retention import SETTING, retention_period
from ketenkoppeling.store.tables import AuditLogRow
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.settings import SettingsPage
from tests.ui.conftest import wait_idle


def test_retention_period_saved_in_the_database(qtbot: QtBot, window: MainWindow) -> None:
    window.show_place("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    box = page.retention
    assert box.years.value() == 0 and box.years.text() == "niet ingesteld"
    box.years.setValue(7)
    box.years.editingFinished.emit()
    wait_idle(qtbot, window)
    db = window.ctx.db
    with db.session() as session:
        assert retention_period(session) == 7
        entry = session.scalars(select(AuditLogRow).where(AuditLogRow.action == SETTING)).one()
        assert entry.detail == {"years": 7}
    assert box.years.text() == "7 jaar"
    box.years.setValue(0)
    box.years.editingFinished.emit()
    wait_idle(qtbot, window)
    with db.session() as session:
        assert retention_period(session) is None
