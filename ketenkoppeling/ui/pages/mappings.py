"""Koppelingen: the mappings from each partner's layout to the common model, with their
version, description and file text (read-only for now: the mapping editor is to come)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.locations import MAPPINGS
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.widgets import Banner, FilterField, filtered_list

LOADER = "ketenkoppeling.mapping.loader"
SHIPPED = MAPPINGS


@dataclass(frozen=True)
class MappingInfo:
    name: str
    version: str
    title: str
    description: str
    format: str
    path: Path | None
    shipped: bool
    text: str


def load_mapping_infos() -> tuple[list[MappingInfo], str]:
    """Every mapping the importer knows (shipped and the user's own), and the user folder."""
    loader = engine.module(LOADER)
    if loader is None:
        return [], ""
    user_dir = ""
    dirs = loader.mapping_dirs()
    if len(dirs) > 1:
        user_dir = str(dirs[-1])
    infos = []
    for mapping in loader.load_mappings().values():
        path = Path(mapping.path) if mapping.path else None
        text = path.read_text(encoding="utf-8", errors="replace") if path else ""
        infos.append(
            MappingInfo(
                name=mapping.name,
                version=str(mapping.version),
                title=mapping.title,
                description=mapping.description,
                format=mapping.source.format,
                path=path,
                shipped=path is not None and path.parent.resolve() == SHIPPED.resolve(),
                text=text,
            )
        )
    return sorted(infos, key=lambda m: m.title.lower()), user_dir


class MappingsPage(Page):
    key = "mappings"
    icon_name = QStyle.StandardPixmap.SP_FileLinkIcon

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_header(
            self.tr(
                "How each partner's export layout maps to the common model. A drifted "
                "layout is a mapping edit, not a code change: a copy in your own mappings "
                "folder with the same name replaces the shipped one."
            )
        )
        self.filter = FilterField(self.tr("Filter mappings (Ctrl+F)"), self)
        self.layout_.addWidget(self.filter)
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)
        self.model = RowTableModel(
            [
                Column(self.tr("Mapping"), attr("title")),
                Column(self.tr("Name"), attr("name")),
                Column(self.tr("Version"), attr("version"), right=True),
                Column(self.tr("Format"), attr("format"), lambda f: str(f).upper()),
                Column(self.tr("Origin"), attr("shipped"), self._origin),
            ],
            self,
        )
        self.proxy, self.view = filtered_list(self.model, self.filter, self)
        self.view.current_row_changed.connect(self._select)

        details = QWidget(self)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.description = QLabel(details)
        self.description.setWordWrap(True)
        self.file_label = QLabel(details)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setWordWrap(True)
        form.addRow(self.tr("Description:"), self.description)
        form.addRow(self.tr("File:"), self.file_label)
        details_layout.addLayout(form)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        details_layout.addWidget(self.text, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([230, 460])
        self.layout_.addWidget(splitter, 1)

    def title(self) -> str:
        return self.tr("Mappings")

    def _origin(self, shipped: Any) -> str:
        return self.tr("shipped") if shipped else self.tr("own")

    def primary_widget(self) -> QWidget | None:
        return self.view

    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def refresh(self) -> None:
        from ketenkoppeling.ui.workers import Operation

        def failed(exc: BaseException) -> None:
            self.banner.show_text(
                arg(self.tr("The mappings could not be read: %1"), engine.error_message(exc)),
                warning=True,
            )

        self.ctx.run(
            Operation(lambda _job: load_mapping_infos(), self._show, failed, label="mappings"),
            database=False,
        )

    def _show(self, found: tuple[list[MappingInfo], str]) -> None:
        infos, user_dir = found
        self.model.set_rows(infos)
        if engine.module(LOADER) is None:
            self.banner.show_text(self.tr("Mappings are not available yet."), warning=True)
        else:
            self.banner.show_text(
                arg(
                    self.tr(
                        "Your own mappings folder: %1. The mapping editor (sample file beside "
                        "the target fields, live preview) is still to come."
                    ),
                    user_dir or "–",
                )
            )
        self.view.select_first()

    def _select(self, info: MappingInfo | None) -> None:
        if info is None:
            self.description.clear()
            self.file_label.clear()
            self.text.clear()
            return
        self.description.setText(info.description or "–")
        self.file_label.setText(str(info.path) if info.path else "–")
        self.text.setPlainText(info.text)
