"""What every place shares: the database, the task manager, the settings, and the news that
data changed (so places showing it refresh when next seen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from ketenkoppeling.store import Database
from ketenkoppeling.ui.formatting import set_reveal
from ketenkoppeling.ui.settings import AppSettings
from ketenkoppeling.ui.workers import Operation, TaskManager

REFERENCE = "reference"
RECORDS = "records"
FINDINGS = "findings"
ALLOCATION = "allocation"


class AppContext(QObject):
    """Shared state of the running application; widgets listen to its signals."""

    data_changed = Signal(str)  # REFERENCE | RECORDS | FINDINGS | ALLOCATION
    status_message = Signal(str)
    navigate = Signal(str)  # a place key
    reveal_changed = Signal(bool)  # BSNs shown in full (never remembered)
    user_changed = Signal(str)

    def __init__(
        self,
        db: Database,
        settings: AppSettings,
        tasks: TaskManager | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.tasks = tasks if tasks is not None else TaskManager(self)
        self._reveal = False
        set_reveal(False)

    @property
    def reveal_bsn(self) -> bool:
        return self._reveal

    def set_reveal_bsn(self, reveal: bool) -> None:
        if reveal != self._reveal:
            self._reveal = reveal
            set_reveal(reveal)
            self.reveal_changed.emit(reveal)

    @property
    def user(self) -> str:
        return self.settings.user

    def set_user(self, user: str) -> None:
        self.settings.user = user
        self.user_changed.emit(self.settings.user)

    def run(self, operation: Operation[Any], *, database: bool = True) -> Operation[Any]:
        return self.tasks.run(operation, database=database)

    def changed(self, what: str) -> None:
        self.data_changed.emit(what)

    def tell(self, message: str) -> None:
        self.status_message.emit(message)
