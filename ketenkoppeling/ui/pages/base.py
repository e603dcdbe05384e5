"""The base of every place: a title and icon for the navigation, lazy loading on first
show, and refreshing when data it shows changed while it was hidden."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QVBoxLayout, QWidget

from ketenkoppeling.locations import RESOURCES
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.models.table import RowTableModel
from ketenkoppeling.ui.widgets import PageHeader

ICONS = RESOURCES / "icons"


class Page(QWidget):
    key: ClassVar[str] = ""
    icon_name: ClassVar[QStyle.StandardPixmap] = QStyle.StandardPixmap.SP_FileIcon
    listens_to: ClassVar[tuple[str, ...]] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(18, 14, 18, 12)
        self.layout_.setSpacing(10)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.reveal_changed.connect(self._on_reveal_changed)

    def title(self) -> str:
        raise NotImplementedError

    def add_header(self, description: str) -> None:
        """Put the place's title, with ``description`` saying what it is for, on the page."""
        self.layout_.addWidget(PageHeader(self.title(), description, self))

    def icon(self) -> QIcon:
        """The place's own icon (resources/icons/<key>.svg), else a standard one."""
        path = ICONS / f"{self.key}.svg"
        if path.is_file():
            return QIcon(str(path))
        return self.style().standardIcon(self.icon_name)

    def activate(self) -> None:
        """Called when the place is shown: loads its data the first time and after changes."""
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Reload what the place shows (in the worker)."""

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the place's search field, if it has one."""

    def primary_widget(self) -> QWidget | None:
        """What gets the keyboard focus when the place is chosen with its shortcut."""
        return None

    def _on_reveal_changed(self, _reveal: bool) -> None:
        """BSNs shown or masked: repaint every table of the place."""
        for model in self.findChildren(RowTableModel):
            model.refresh_display()

    def _on_data_changed(self, what: str) -> None:
        if what in self.listens_to:
            self._stale = True
            if self.isVisible():
                self.activate()
