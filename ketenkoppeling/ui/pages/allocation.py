"""Verdeelsleutels: the stored allocation keys, their TOML text, loading a key from a file,
and the allocation it gives per year and partner (exportable to Excel)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.model.money import format_euro
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import ALLOCATION, RECORDS, REFERENCE, AppContext
from ketenkoppeling.ui.dialogs import choose_open_files, choose_save_file, show_error
from ketenkoppeling.ui.formatting import arg, format_count, format_date
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.widgets import Banner, TableView, icon_button, subheading
from ketenkoppeling.ui.workers import Job, Operation


@dataclass(frozen=True)
class ShareLine:
    year: int
    partner: str
    rule: str
    percentage: Decimal | None
    count: int | None
    amount: Decimal


def rule_text(kind: str) -> str:
    tr = QCoreApplication.translate
    texts = {
        "fixed": tr("AllocationPage", "fixed amount"),
        "percentage": tr("AllocationPage", "percentage"),
        "caseload": tr("AllocationPage", "by caseload"),
        "remainder": tr("AllocationPage", "remainder"),
    }
    return texts.get(kind, kind)


def _euro(value: Decimal | None) -> str:
    return "" if value is None else format_euro(value)


def _percentage(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f} %".replace(".", ",")


def share_lines(allocation: Any) -> list[ShareLine]:
    return [
        ShareLine(y.year, s.partner, s.rule, s.percentage, s.count, s.amount)
        for y in allocation.years
        for s in y.shares
    ]


class AllocationPage(Page):
    key = "allocation"
    icon_name = QStyle.StandardPixmap.SP_FileDialogInfoView
    listens_to = (ALLOCATION, REFERENCE, RECORDS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_header(
            self.tr(
                "Keys that split a shared cost over partners: fixed amounts, percentages, "
                "shares by caseload and a remainder. Load a key from a TOML file."
            )
        )
        bar = QHBoxLayout()
        self.load_button = icon_button(
            self.tr("Load key…"), QStyle.StandardPixmap.SP_DialogOpenButton, self
        )
        self.load_button.clicked.connect(self.choose_and_load)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_current)
        self.allocate_button = QPushButton(self.tr("Calculate allocation"), self)
        self.allocate_button.clicked.connect(self.allocate)
        self.export_button = icon_button(
            self.tr("Export to Excel…"), QStyle.StandardPixmap.SP_DialogSaveButton, self
        )
        self.export_button.clicked.connect(self.choose_export)
        for button in (self.load_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.allocate_button)
        bar.addWidget(self.export_button)
        self.layout_.addLayout(bar)
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)

        self.keys_model = RowTableModel(
            [
                Column(self.tr("Key"), attr("name")),
                Column(self.tr("Changed"), attr("updated_at"), format_date),
            ],
            self,
        )
        self.keys_view = TableView(self)
        self.keys_view.setSelectionMode(TableView.SelectionMode.SingleSelection)
        self.keys_view.setModel(self.keys_model)
        self.keys_view.current_row_changed.connect(self._select)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlaceholderText(self.tr("Select a key to see its rules."))
        self.shares_model = RowTableModel(
            [
                Column(self.tr("Year"), attr("year"), right=True),
                Column(self.tr("Partner"), attr("partner")),
                Column(self.tr("Rule"), attr("rule"), rule_text),
                Column(self.tr("Percentage"), attr("percentage"), _percentage, right=True),
                Column(
                    self.tr("Caseload"),
                    attr("count"),
                    lambda n: "" if n is None else format_count(n),
                    right=True,
                ),
                Column(self.tr("Share"), attr("amount"), _euro, right=True),
            ],
            self,
        )
        self.shares_view = TableView(self)
        self.shares_view.setModel(self.shares_model)
        self.shares_title = subheading(self.tr("Allocation"), self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(subheading(self.tr("Stored keys"), left))
        left_layout.addWidget(self.keys_view)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.text)
        shares = QWidget(right)
        shares_layout = QVBoxLayout(shares)
        shares_layout.setContentsMargins(0, 0, 0, 0)
        shares_layout.addWidget(self.shares_title)
        shares_layout.addWidget(self.shares_view)
        right.addWidget(shares)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 900])
        self.layout_.addWidget(splitter, 1)
        self.current: Any = None
        self.current_text = ""
        self.allocation: Any = None
        self._wanted: str | None = None
        self._update_buttons()
        if engine.module(engine.ALLOCATION) is None:
            self.banner.show_text(self.tr("Allocation keys are not available yet."), warning=True)

    def title(self) -> str:
        return self.tr("Allocation keys")

    def primary_widget(self) -> QWidget | None:
        return self.keys_view

    def _update_buttons(self) -> None:
        available = engine.module(engine.ALLOCATION) is not None
        self.load_button.setEnabled(available)
        self.delete_button.setEnabled(available and self.current is not None)
        self.allocate_button.setEnabled(available and bool(self.current_text))
        self.export_button.setEnabled(self.allocation is not None)

    def refresh(self) -> None:
        module = engine.module(engine.ALLOCATION)
        if module is None:
            return
        db = self.ctx.db

        def fetch(_job: Job) -> list[Any]:
            with db.session() as session:
                return list(module.list_keys(session))

        self.ctx.run(Operation(fetch, self._show_keys, label="keys"))

    def _show_keys(self, keys: list[Any]) -> None:
        name = self._wanted or (self.current.name if self.current is not None else None)
        self._wanted = None
        self.keys_model.set_rows(keys)
        for row, key in enumerate(keys):
            if key.name == name:
                self.keys_view.selectRow(row)
                return
        self.keys_view.select_first()

    def _select(self, key: Any) -> None:
        self.current, self.current_text, self.allocation = key, "", None
        self.text.clear()
        self.shares_model.set_rows([])
        self.shares_title.setText(self.tr("Allocation"))
        self._update_buttons()
        module = engine.module(engine.ALLOCATION)
        if key is None or module is None:
            return
        db, name = self.ctx.db, key.name

        def fetch(_job: Job) -> str:
            with db.session() as session:
                return str(module.load_key(session, name).text)

        def show(text: str) -> None:
            if self.current is key:
                self.current_text = text
                self.text.setPlainText(text)
                self._update_buttons()

        self.ctx.run(Operation(fetch, show, label="key-text"))

    # --- loading and deleting -------------------------------------------------------------

    def choose_and_load(self) -> None:
        paths = choose_open_files(
            self,
            self.ctx.settings,
            "allocation",
            self.tr("Load allocation key"),
            self.tr("Allocation key (*.toml)"),
            many=False,
        )
        if paths:
            self.load_file(paths[0])

    def load_file(self, path: Path) -> Operation[Any] | None:
        module = engine.module(engine.ALLOCATION)
        if module is None:
            return None
        db, user = self.ctx.db, self.ctx.user

        def work(_job: Job) -> str:
            text = path.read_bytes()
            with db.session() as session:
                return str(module.save_key(session, text, user).name)

        def done(name: str) -> None:
            self.banner.show_text(arg(self.tr("Key '%1' stored."), name))
            self._wanted = name
            self.ctx.changed(ALLOCATION)
            self.refresh()

        def failed(exc: BaseException) -> None:
            show_error(self, self.tr("The key was refused"), engine.error_message(exc))

        return self.ctx.run(Operation(work, done, failed, label="key-load"))

    def delete_current(self) -> None:
        module = engine.module(engine.ALLOCATION)
        if module is None or self.current is None:
            return
        name = self.current.name
        answer = QMessageBox.question(
            self,
            self.tr("Delete key"),
            arg(
                self.tr("Delete the allocation key '%1'? This is recorded in the audit log."), name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, user = self.ctx.db, self.ctx.user

        def work(_job: Job) -> None:
            with db.session() as session:
                module.delete_key(session, name, user)

        def done(_result: Any) -> None:
            self.current = None
            self.ctx.changed(ALLOCATION)
            self.refresh()

        self.ctx.run(Operation(work, done, label="key-delete"))

    # --- allocating -----------------------------------------------------------------------

    def allocate(self) -> Operation[Any] | None:
        module = engine.module(engine.ALLOCATION)
        if module is None or not self.current_text:
            return None
        db, text = self.ctx.db, self.current_text

        def work(_job: Job) -> Any:
            with db.session() as session:
                return module.allocate_stored(session, text)

        def done(allocation: Any) -> None:
            self.allocation = allocation
            self.shares_model.set_rows(share_lines(allocation))
            totals = ", ".join(f"{y.year}: {format_euro(y.total)}" for y in allocation.years)
            self.shares_title.setText(arg(self.tr("Allocation — totals %1"), totals))
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.allocation = None
            self._update_buttons()
            show_error(self, self.tr("The key cannot be applied"), engine.error_message(exc))

        return self.ctx.run(Operation(work, done, failed, label="allocate"))

    def choose_export(self) -> None:
        if self.allocation is None:
            return
        path = choose_save_file(
            self,
            self.ctx.settings,
            "export",
            self.tr("Export to Excel"),
            self.tr("Excel workbook (*.xlsx)"),
            f"verdeling-{self.allocation.key.name}.xlsx".replace(" ", "-"),
        )
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> Operation[Any] | None:
        writer = engine.function(
            "ketenkoppeling.accounting.workbook_allocation", "write_allocation_workbook"
        )
        context_for = engine.function("ketenkoppeling.accounting.workbook", "report_context")
        if writer is None or context_for is None or self.allocation is None:
            return None
        db, user, allocation = self.ctx.db, self.ctx.user, self.allocation

        def work(_job: Job) -> Any:
            with db.session() as session:
                context = context_for(session, db.describe(), user=user)
            return writer(allocation, path, context)

        def done(_result: Any) -> None:
            message = arg(self.tr("Workbook written: %1"), path)
            self.banner.show_text(message)
            self.ctx.tell(message)

        def failed(exc: BaseException) -> None:
            show_error(self, self.tr("The workbook was not written"), engine.error_message(exc))

        return self.ctx.run(Operation(work, done, failed, label="export-allocation"))
