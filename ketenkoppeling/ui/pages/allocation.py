"""Verdeelsleutels: the stored allocation keys, edited as a form (a form per rule, checked
while typing), saved in the database with versions (author, time, comment; someone else's
save in the meantime is refused, never overwritten), imported from and exported to TOML, and
the allocation it gives per year and partner, worked out in the background after every edit
(exportable to Excel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from ketenkoppeling.accounting import allocation as engine_allocation
from ketenkoppeling.accounting import allocation_store
from ketenkoppeling.accounting.allocation_form import (
    CostDraft,
    KeyDraft,
    RuleDraft,
    template_draft,
)
from ketenkoppeling.model.money import format_euro
from ketenkoppeling.store.tables import PartnerRow
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.allocation_editor import AllocationEditor
from ketenkoppeling.ui.allocation_versions import KeyVersionsPanel, SaveKeyDialog
from ketenkoppeling.ui.context import ALLOCATION, RECORDS, REFERENCE, AppContext
from ketenkoppeling.ui.dialogs import choose_open_files, choose_save_file, show_error
from ketenkoppeling.ui.formatting import arg, format_count, format_date
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.widgets import Banner, TableView, icon_button, subheading
from ketenkoppeling.ui.workers import Job, Operation

PREVIEW_DELAY_MS = 300


@dataclass(frozen=True)
class ShareLine:
    year: int
    partner: str
    rule: str
    percentage: Decimal | None
    count: int | None
    amount: Decimal


@dataclass(frozen=True)
class StoredState:
    text: str
    version: int
    versions: list[allocation_store.KeyVersion]


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
                "shares by caseload and a remainder. Edit a key in the form, start from the "
                "region's template, or load one from a TOML file."
            )
        )
        self._build_bar()
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)
        self._build_body()
        self.current: Any = None  # the stored key selected (StoredKey)
        self.current_text = ""  # the TOML of the key in the form, when it is valid
        self.base_version = 0  # the stored version the form started from (0: a new key)
        self.allocation: Any = None
        self.dirty = False
        self._wanted: str | None = None
        self._loading = False
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.preview)
        self.editor.changed.connect(self._edited)
        self.versions.open_requested.connect(self.open_version)
        self._update_buttons()

    def _build_bar(self) -> None:
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New key"), self)
        self.new_button.clicked.connect(self.new_key)
        self.template_button = QPushButton(self.tr("Template: the region's cost sharing"), self)
        self.template_button.setToolTip(
            self.tr(
                "Fills the form with the cost-sharing key of the specification: a fixed "
                "amount, a percentage, a group by caseload and the remainder."
            )
        )
        self.template_button.clicked.connect(self.apply_template)
        self.save_button = icon_button(
            self.tr("Save…"), QStyle.StandardPixmap.SP_DialogSaveButton, self
        )
        self.save_button.clicked.connect(self.choose_save)
        self.load_button = icon_button(
            self.tr("Load key…"), QStyle.StandardPixmap.SP_DialogOpenButton, self
        )
        self.load_button.clicked.connect(self.choose_and_load)
        self.export_toml_button = QPushButton(self.tr("Export key…"), self)
        self.export_toml_button.clicked.connect(self.choose_export_toml)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_current)
        self.allocate_button = QPushButton(self.tr("Calculate allocation"), self)
        self.allocate_button.clicked.connect(lambda: self.allocate())
        self.export_button = icon_button(
            self.tr("Export to Excel…"), QStyle.StandardPixmap.SP_DialogSaveButton, self
        )
        self.export_button.clicked.connect(self.choose_export)
        for button in (
            self.new_button,
            self.template_button,
            self.save_button,
            self.load_button,
            self.export_toml_button,
            self.delete_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        self.layout_.addLayout(bar)

    def _build_body(self) -> None:
        self.keys_model = RowTableModel(
            [
                Column(self.tr("Key"), attr("name")),
                Column(self.tr("Version"), attr("version"), right=True),
                Column(self.tr("Changed"), attr("updated_at"), format_date),
            ],
            self,
        )
        self.keys_view = TableView(self)
        self.keys_view.setSelectionMode(TableView.SelectionMode.SingleSelection)
        self.keys_view.setModel(self.keys_model)
        keys_header = self.keys_view.horizontalHeader()  # the name takes what the rest leaves
        keys_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            keys_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.keys_view.current_row_changed.connect(self._select)
        self.versions = KeyVersionsPanel(self)

        self.editor = AllocationEditor(self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlaceholderText(self.tr("Select a key to see its rules."))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.editor, self.tr("Form"))
        self.tabs.addTab(self.text, self.tr("TOML"))

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
        self.shares_title.setWordWrap(True)  # a long message wraps instead of widening
        self.shares_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        left = QSplitter(Qt.Orientation.Vertical, self)
        keys = QWidget(left)
        keys_layout = QVBoxLayout(keys)
        keys_layout.setContentsMargins(0, 0, 0, 0)
        keys_layout.addWidget(subheading(self.tr("Stored keys"), keys))
        keys_layout.addWidget(self.keys_view)
        left.addWidget(keys)
        left.addWidget(self.versions)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.tabs)
        shares = QWidget(right)
        shares_layout = QVBoxLayout(shares)
        shares_layout.setContentsMargins(0, 0, 0, 0)
        shares_bar = QHBoxLayout()
        shares_bar.addWidget(self.shares_title, 1)
        shares_bar.addWidget(self.allocate_button)
        shares_bar.addWidget(self.export_button)
        shares_layout.addLayout(shares_bar)
        shares_layout.addWidget(self.shares_view)
        right.addWidget(shares)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([480, 180])
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 840])  # at 1280×800: the keys list ~330 px
        self.layout_.addWidget(splitter, 1)

    def title(self) -> str:
        return self.tr("Allocation keys")

    def primary_widget(self) -> QWidget | None:
        return self.keys_view

    def _update_buttons(self) -> None:
        valid = self.editor.valid
        self.save_button.setEnabled(valid)
        self.export_toml_button.setEnabled(valid and bool(self.current_text))
        self.delete_button.setEnabled(self.current is not None)
        self.allocate_button.setEnabled(bool(self.current_text))
        self.export_button.setEnabled(self.allocation is not None)

    # --- the stored keys ------------------------------------------------------------------

    def refresh(self) -> None:
        db = self.ctx.db

        def fetch(_job: Job) -> tuple[list[Any], list[tuple[str, str]]]:
            with db.session() as session:
                keys = list(engine_allocation.list_keys(session))
                partners = [
                    (code, name)
                    for code, name in session.execute(
                        select(PartnerRow.code, PartnerRow.name).order_by(PartnerRow.code)
                    )
                ]
            return keys, partners

        self.ctx.run(Operation(fetch, self._show_keys, label="keys"))

    def _show_keys(self, found: tuple[list[Any], list[tuple[str, str]]]) -> None:
        keys, partners = found
        self.editor.set_partners(partners)
        name = self._wanted or (self.current.name if self.current is not None else None)
        self._wanted = None
        self.keys_model.set_rows(keys)
        for row, key in enumerate(keys):
            if key.name == name:
                self.keys_view.selectRow(row)
                if self.keys_view.current_row() is not key:
                    self._select(key)
                return
        if self.current is None and self.dirty:
            return  # a new key being made: keep it in the form
        self.keys_view.select_first()

    def _select(self, key: Any) -> None:
        keep = self.dirty and key is not None and self.current is not None
        if keep and key.name == self.current.name:
            self.current = key  # the same key again (a refresh): keep the user's edits
            return
        if key is not None and not self._discard_ok():
            self._reselect_current()
            return
        self.current = key
        if key is None:
            return
        self.allocation = None
        db, name = self.ctx.db, key.name

        def fetch(_job: Job) -> StoredState:
            with db.session() as session:
                text = engine_allocation.load_key(session, name).text
                version = allocation_store.current_version(session, name) or 0
                versions = allocation_store.list_versions(session, name)
            return StoredState(text, version, versions)

        def show(state: StoredState) -> None:
            if self.current is key:
                self.base_version = state.version
                self.versions.set_versions(state.versions)
                self._show_text(state.text)

        self.ctx.run(Operation(fetch, show, label="key-text"))

    def _discard_ok(self) -> bool:
        """True when nothing unsaved is in the form, or the user lets it go."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The form has changes that are not saved. Discard them?"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.dirty = False
        return True

    def _reselect_current(self) -> None:
        """Back to the key being edited in the list, without loading it again."""
        view = self.keys_view
        view.blockSignals(True)
        try:
            view.clearSelection()
            for row in range(self.keys_model.rowCount()):
                found = view.row_at(self.keys_model.index(row, 0))
                wanted = self.current is not None and found is not None
                if wanted and found.name == self.current.name:
                    view.selectRow(row)
        finally:
            view.blockSignals(False)

    def _show_text(self, text: str) -> None:
        """Put a key in the form (and its TOML beside it); the preview follows."""
        self._loading = True
        try:
            self.editor.set_draft(KeyDraft.from_toml(text))
        except engine_allocation.AllocationError as exc:  # stored before today's checks
            self.banner.show_text(str(exc), warning=True)
        finally:
            self._loading = False
        self.dirty = False
        self.current_text = text if self.editor.valid else ""
        self.text.setPlainText(text)
        self._update_buttons()
        self._schedule_preview()

    # --- editing --------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.allocation = None
        if self.editor.valid:
            self.current_text = self.editor.draft().to_toml()
            self.text.setPlainText(self.current_text)
            self._schedule_preview()
        else:
            self.current_text = ""
            self._preview_timer.stop()
            self.shares_model.set_rows([])
            first = self.editor.problems[0].message if self.editor.problems else ""
            self.shares_title.setText(
                arg(self.tr("Allocation — waits until the key has no errors: %1"), first)
            )
        self._update_buttons()

    def _start_draft(self, draft: KeyDraft) -> None:
        self.current, self.base_version = None, 0
        self.keys_view.clearSelection()
        self.versions.set_versions([])
        self.editor.set_draft(draft)
        self.tabs.setCurrentWidget(self.editor)
        self._edited()

    def new_key(self) -> None:
        if not self._discard_ok():
            return
        year = str(date.today().year)
        self._start_draft(
            KeyDraft(
                name="",
                costs=[CostDraft(year, [("", "")])],
                rules=[RuleDraft(kind="remainder")],
            )
        )
        self.banner.show_text(self.tr("New key: fill in the form and save it."))

    def apply_template(self) -> None:
        """The specification's cost-sharing key, with partners from the partner table."""
        if not self._discard_ok():
            return
        known = [code for code, _name in self.editor.partners]
        self._start_draft(template_draft(known if known else None))
        missing = [p for p in self.editor.problems if p.field.endswith(("partner", "partners"))]
        if missing:
            self.banner.show_text(
                self.tr("Template filled in; choose the partners the reference data lacks."),
                warning=True,
            )
        else:
            self.banner.show_text(
                self.tr("Template filled in: adjust the amounts and save the key.")
            )

    def open_version(self, version: allocation_store.KeyVersion) -> None:
        """An earlier version in the form; saving it makes it the current version."""
        self._loading = True
        try:
            self.editor.set_draft(KeyDraft.from_toml(version.toml))
        finally:
            self._loading = False
        self._edited()
        self.tabs.setCurrentWidget(self.editor)
        self.banner.show_text(
            arg(
                self.tr("Version %1 is in the form; save it to make it the current version."),
                version.version,
            )
        )

    # --- saving ---------------------------------------------------------------------------

    def choose_save(self) -> None:
        if not self.editor.valid:
            self.banner.show_text(
                self.tr("The key has errors: see the messages by the fields."), warning=True
            )
            return
        comment = SaveKeyDialog.ask(self.editor.name.text().strip(), self)
        if comment is not None:
            self.save(comment)

    def save(self, comment: str) -> Operation[Any] | None:
        """Store the key in the form as its next version; refused when someone else saved
        after the form was opened (nothing is overwritten)."""
        if not self.editor.valid:
            return None
        draft = self.editor.draft()
        text = draft.to_toml()
        renamed = self.current is None or self.current.name != draft.name.strip()
        expected = 0 if renamed else self.base_version  # a new name: a new key
        db, user = self.ctx.db, self.ctx.user

        def work(_job: Job) -> allocation_store.SavedKey:
            with db.session() as session:
                return allocation_store.save_key_version(
                    session, text, user=user, comment=comment, expected=expected
                )

        def done(saved: allocation_store.SavedKey) -> None:
            self.base_version = saved.version.version
            self.dirty = False
            self.banner.show_text(
                arg(
                    self.tr("Key '%1' saved as version %2."),
                    saved.key.name,
                    saved.version.version,
                )
            )
            self._wanted = saved.key.name
            self.ctx.changed(ALLOCATION)
            self.refresh()

        def failed(exc: BaseException) -> None:
            message = engine.error_message(exc)
            self.banner.show_text(message, warning=True)
            title = (
                self.tr("Someone else saved this key")
                if isinstance(exc, allocation_store.AllocationConflict)
                else self.tr("The key was refused")
            )
            show_error(self, title, message)

        return self.ctx.run(Operation(work, done, failed, label="key-save"))

    # --- TOML files -----------------------------------------------------------------------

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
        """Import a TOML key: stored as the next version of the key with its name."""
        db, user = self.ctx.db, self.ctx.user
        comment = arg(self.tr("Imported from %1"), path.name)

        def work(_job: Job) -> str:
            text = path.read_bytes()
            with db.session() as session:
                saved = allocation_store.save_key_version(session, text, user=user, comment=comment)
                return saved.key.name

        def done(name: str) -> None:
            self.banner.show_text(arg(self.tr("Key '%1' stored."), name))
            self._wanted = name
            self.dirty = False
            self.ctx.changed(ALLOCATION)
            self.refresh()

        def failed(exc: BaseException) -> None:
            show_error(self, self.tr("The key was refused"), engine.error_message(exc))

        return self.ctx.run(Operation(work, done, failed, label="key-load"))

    def choose_export_toml(self) -> None:
        if not self.current_text:
            return
        name = self.editor.name.text().strip() or "verdeelsleutel"
        path = choose_save_file(
            self,
            self.ctx.settings,
            "allocation",
            self.tr("Export allocation key"),
            self.tr("Allocation key (*.toml)"),
            f"{name}.toml".replace(" ", "-"),
        )
        if path is not None:
            self.export_toml(path)

    def export_toml(self, path: Path) -> bool:
        """Write the key in the form as TOML (only a key without errors)."""
        if not self.current_text:
            return False
        path.write_text(self.current_text, encoding="utf-8")
        self.banner.show_text(arg(self.tr("Key written: %1"), path))
        return True

    def delete_current(self) -> None:
        if self.current is None:
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
                engine_allocation.delete_key(session, name, user)

        def done(_result: Any) -> None:
            self.current = None
            self.ctx.changed(ALLOCATION)
            self.refresh()

        self.ctx.run(Operation(work, done, label="key-delete"))

    # --- allocating -----------------------------------------------------------------------

    def _schedule_preview(self) -> None:
        if self.current_text:
            self._preview_timer.start()

    def preview(self) -> Operation[Any] | None:
        """The allocation of the key in the form, worked out in the background; problems
        are shown in the banner (no dialog while the user types)."""
        return self.allocate(quiet=True)

    def allocate(self, *, quiet: bool = False) -> Operation[Any] | None:
        if not self.current_text:
            return None
        db, text = self.ctx.db, self.current_text

        def work(_job: Job) -> Any:
            with db.session() as session:
                return engine_allocation.allocate_stored(session, text)

        def done(allocation: Any) -> None:
            if text != self.current_text:
                return  # edited meanwhile: a newer preview follows
            self.allocation = allocation
            self.shares_model.set_rows(share_lines(allocation))
            totals = ", ".join(f"{y.year}: {format_euro(y.total)}" for y in allocation.years)
            self.shares_title.setText(arg(self.tr("Allocation — totals %1"), totals))
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            if text != self.current_text:
                return
            self.allocation = None
            self.shares_model.set_rows([])
            self._update_buttons()
            if quiet:
                self.shares_title.setText(
                    arg(self.tr("Allocation — not possible: %1"), engine.error_message(exc))
                )
            else:
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
