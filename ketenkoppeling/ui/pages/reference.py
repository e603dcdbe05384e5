"""Referentiegegevens: partners, budgets, regimes, instruments and providers, and the
workbook they are exchanged in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QStyle, QTabWidget, QWidget

from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import REFERENCE, AppContext
from ketenkoppeling.ui.dialogs import choose_open_files, choose_save_file, show_error
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.models.reference import (
    ReferenceData,
    budget_columns,
    instrument_columns,
    load_reference,
    partner_columns,
    provider_columns,
    regime_columns,
)
from ketenkoppeling.ui.models.table import Column, FilterProxy, RowTableModel
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.widgets import Banner, FilterField, TableView, icon_button
from ketenkoppeling.ui.workers import Job, Operation

COUNT_NAMES = ("partners", "budgets", "regimes", "instruments", "providers")


def result_count(result: Any, name: str) -> int:
    """A count from the engine's ReferenceResult (attribute, ``counts`` dict or mapping)."""
    for source in (result, getattr(result, "counts", None)):
        if isinstance(source, dict) and name in source:
            return int(source[name])
        value = getattr(source, name, None)
        if isinstance(value, int):
            return value
    return 0


class ReferencePage(Page):
    key = "reference"
    icon_name = QStyle.StandardPixmap.SP_FileDialogDetailedView
    listens_to = (REFERENCE,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_header(
            self.tr(
                "Partners, budgets and code lists. Load a workbook to update them: "
                "what changed is replaced and kept in history."
            )
        )
        bar = QHBoxLayout()
        self.load_button = icon_button(
            self.tr("Load workbook…"), QStyle.StandardPixmap.SP_DialogOpenButton, self
        )
        self.load_button.clicked.connect(self.choose_and_load)
        self.export_button = icon_button(
            self.tr("Export workbook…"), QStyle.StandardPixmap.SP_DialogSaveButton, self
        )
        self.export_button.clicked.connect(self.choose_and_export)
        self.filter = FilterField(self.tr("Filter the table (Ctrl+F)"), self)
        bar.addWidget(self.load_button)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        bar.addWidget(self.filter)
        self.layout_.addLayout(bar)
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.models: dict[str, RowTableModel] = {}
        self.proxies: dict[str, FilterProxy] = {}
        self.views: dict[str, TableView] = {}
        for name, columns in (
            ("partners", partner_columns()),
            ("budgets", budget_columns()),
            ("regimes", regime_columns()),
            ("instruments", instrument_columns()),
            ("providers", provider_columns()),
        ):
            self._add_tab(name, columns)
        self.layout_.addWidget(self.tabs, 1)
        self.filter.textChanged.connect(self._apply_filter)
        self.tabs.currentChanged.connect(lambda _i: self._apply_filter(self.filter.text()))
        self._update_tab_titles()
        self.loading = False

    def title(self) -> str:
        return self.tr("Reference data")

    def _add_tab(self, name: str, columns: list[Column]) -> None:
        model = RowTableModel(columns, self)
        proxy = FilterProxy(model, self)
        view = TableView(self.tabs)
        view.setModel(proxy)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.models[name] = model
        self.proxies[name] = proxy
        self.views[name] = view
        self.tabs.addTab(view, "")

    def _tab_title(self, name: str, n: int) -> str:
        titles = {
            "partners": self.tr("Partners (%n)", "", n),
            "budgets": self.tr("Budgets (%n)", "", n),
            "regimes": self.tr("Regimes (%n)", "", n),
            "instruments": self.tr("Instruments (%n)", "", n),
            "providers": self.tr("Providers (%n)", "", n),
        }
        return titles[name]

    def _update_tab_titles(self) -> None:
        for index, name in enumerate(self.models):
            self.tabs.setTabText(index, self._tab_title(name, self.models[name].rowCount()))

    def _apply_filter(self, text: str) -> None:
        for proxy in self.proxies.values():
            proxy.setFilterFixedString(text)

    def primary_widget(self) -> QWidget | None:
        return self.tabs.currentWidget()

    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # --- loading from the store -----------------------------------------------------------

    def refresh(self) -> None:
        db = self.ctx.db

        def fetch(_job: Job) -> ReferenceData:
            with db.session() as session:
                return load_reference(session)

        self.ctx.run(Operation(fetch, self._show, label="reference"))

    def _show(self, data: ReferenceData) -> None:
        for name in self.models:
            self.models[name].set_rows(getattr(data, name))
        self._update_tab_titles()

    # --- the workbook ---------------------------------------------------------------------

    def choose_and_load(self) -> None:
        paths = choose_open_files(
            self,
            self.ctx.settings,
            "reference",
            self.tr("Load reference workbook"),
            self.tr("Excel workbook (*.xlsx)"),
            many=False,
        )
        if paths:
            self.load_workbook(paths[0])

    def load_workbook(self, path: Path) -> Operation[Any] | None:
        load = engine.function(engine.REFERENCE, "load_reference_workbook")
        if load is None:
            self._unavailable()
            return None
        db, user = self.ctx.db, self.ctx.user
        self.loading = True
        self.load_button.setEnabled(False)
        self.banner.show_text(arg(self.tr("Loading %1…"), path.name))

        def work(_job: Job) -> Any:
            return load(db, path, user=user)

        def done(result: Any) -> None:
            counts = [result_count(result, name) for name in COUNT_NAMES]
            parts = [
                self.tr("%Ln partner(s)", "", counts[0]),
                self.tr("%Ln budget(s)", "", counts[1]),
                self.tr("%Ln regime(s)", "", counts[2]),
                self.tr("%Ln instrument(s)", "", counts[3]),
                self.tr("%Ln provider(s)", "", counts[4]),
            ]
            message = arg(self.tr("%1 loaded: %2."), path.name, ", ".join(parts))
            self.banner.show_text(message)
            self.ctx.tell(message)
            self.ctx.changed(REFERENCE)  # this place (and others showing it) reloads

        def failed(exc: BaseException) -> None:
            self.banner.show_text("")
            title = self.tr("The reference workbook was not loaded")
            show_error(self, title, engine.error_message(exc))

        def always() -> None:
            self.loading = False
            self.load_button.setEnabled(True)

        operation = Operation(work, done, failed, label="reference-load")
        operation.signals.finished.connect(always)
        return self.ctx.run(operation)

    def choose_and_export(self) -> None:
        if engine.function(engine.REFERENCE, "export_reference_workbook") is None:
            self._unavailable()
            return
        path = choose_save_file(
            self,
            self.ctx.settings,
            "reference",
            self.tr("Export reference data"),
            self.tr("Excel workbook (*.xlsx)"),
            "referentiegegevens.xlsx",
        )
        if path is not None:
            self.export_workbook(path)

    def export_workbook(self, path: Path) -> Operation[Any] | None:
        export = engine.function(engine.REFERENCE, "export_reference_workbook")
        if export is None:
            self._unavailable()
            return None
        db = self.ctx.db

        def done(_result: Any) -> None:
            message = arg(self.tr("Reference data exported to %1."), path)
            self.banner.show_text(message)
            self.ctx.tell(message)

        def failed(exc: BaseException) -> None:
            show_error(self, self.tr("Export failed"), engine.error_message(exc))

        return self.ctx.run(Operation(lambda _job: export(db, path), done, failed))

    def _unavailable(self) -> None:
        self.banner.show_text(
            self.tr("Loading and exporting the workbook is not available yet."), warning=True
        )
