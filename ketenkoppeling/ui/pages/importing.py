"""Importeren: drop or choose files, see the layout recognised in each, import them in the
worker with progress and cancel, then the outcome per file and its quarantined records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import FINDINGS, RECORDS, REFERENCE, AppContext
from ketenkoppeling.ui.dialogs import choose_open_files
from ketenkoppeling.ui.empty_hint import EmptyDatabaseHint
from ketenkoppeling.ui.formatting import arg, format_count, mask_numbers
from ketenkoppeling.ui.models.importing import (
    SUPPORTED_SUFFIXES,
    PendingFile,
    QuarantineLine,
    batch_columns,
    error_lines,
    outcome_columns,
    pending_columns,
    quarantine_columns,
    quarantine_lines,
)
from ketenkoppeling.ui.models.table import RowTableModel
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.quarantine_fix import MAPPING_STORE, QuickFix
from ketenkoppeling.ui.quarantine_panel import QuarantinePanel
from ketenkoppeling.ui.widgets import (
    Banner,
    ProgressPanel,
    TableView,
    icon_button,
    subheading,
)
from ketenkoppeling.ui.withdraw import BatchWithdrawal, can_withdraw
from ketenkoppeling.ui.workers import Job, Operation


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; a folder gives the importable files in it (and below it)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
    return found


def recognise(
    path: Path, mappings: dict[str, Any] | None = None
) -> tuple[str, str | None, str, str]:
    """(state, mapping name, mapping title, reason) for one file; runs in a worker.
    ``mappings`` are those the import would use (team versions in the database included)."""
    detect_module = engine.module("ketenkoppeling.mapping.detect")
    loader = engine.module("ketenkoppeling.mapping.loader")
    if detect_module is not None and loader is not None:
        if mappings is None:
            mappings = loader.load_mappings()
        found, attempts = detect_module.detect(path, mappings)
        if found is not None:
            return "found", found.name, f"{found.title} (v{found.version})", ""
        reason = "\n".join(f"{a.mapping}: {a.reason}" for a in attempts)
        return "unknown", None, "", reason
    detect_mapping = engine.function(engine.IMPORTING, "detect_mapping")
    if detect_mapping is None:
        return "unknown", None, "", engine.failure(engine.IMPORTING)
    name = detect_mapping(path)
    return ("found", name, name, "") if name else ("unknown", None, "", "")


class DropArea(QFrame):
    """The visible place to drop files (the whole page accepts them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropArea")
        self.setStyleSheet(
            "#dropArea { border: 2px dashed palette(mid); border-radius: 8px; }"
            '#dropArea[hover="true"] { border-color: palette(highlight);'
            " background: palette(alternate-base); }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        icon = QLabel(self)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder).pixmap(32, 32)
        )
        layout.addWidget(icon)
        text = QLabel(
            self.tr(
                "<b>Drop files here</b> — Ketenberichten (XML), Excel exports and CSV files, "
                "or a folder with them."
            ),
            self,
        )
        text.setWordWrap(True)
        layout.addWidget(text, 1)
        self.choose_button = QPushButton(self.tr("Choose files…"), self)
        self.choose_button.setToolTip(self.tr("Choose files to import (Ctrl+O)"))
        layout.addWidget(self.choose_button)

    def set_hover(self, hover: bool) -> None:
        self.setProperty("hover", "true" if hover else "false")
        self.style().unpolish(self)
        self.style().polish(self)


class ImportPage(Page):
    key = "import"
    icon_name = QStyle.StandardPixmap.SP_ArrowDown
    listens_to = (RECORDS, REFERENCE)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAcceptDrops(True)
        self.pending: list[PendingFile] = []
        self.results: list[Any] = []
        self.operation: Operation[Any] | None = None
        self._file_order: list[str] = []

        self.add_header(
            self.tr(
                "Each file is imported in one go: every record read ends up new, unchanged, "
                "replaced or quarantined with its reason."
            )
        )
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)
        self.empty_hint = EmptyDatabaseHint(ctx, self)
        self.layout_.addWidget(self.empty_hint)
        self.drop_area = DropArea(self)
        self.drop_area.choose_button.clicked.connect(self.choose_files)
        self.layout_.addWidget(self.drop_area)

        # files waiting to be imported
        self.pending_model = RowTableModel(pending_columns(), self)
        self.pending_view = TableView(self, sortable=False)
        self.pending_view.setModel(self.pending_model)
        self.pending_view.setMinimumHeight(90)
        for column, width in enumerate((220, 340, 90)):
            self.pending_view.setColumnWidth(column, width)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Mapping:"), self))
        self.mapping_combo = QComboBox(self)
        self.mapping_combo.addItem(self.tr("Recognise automatically"), None)
        self.mapping_combo.setToolTip(
            self.tr("Use one mapping for every file instead of recognising the layout")
        )
        controls.addWidget(self.mapping_combo)
        controls.addStretch(1)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setToolTip(self.tr("Remove the selected files from the list (Del)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(self.tr("Clear list"), self)
        self.clear_button.clicked.connect(self.clear_pending)
        self.import_button = icon_button(
            self.tr("Import"), QStyle.StandardPixmap.SP_ArrowDown, self
        )
        self.import_button.setToolTip(self.tr("Import the files in the list (Ctrl+Enter)"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        for button in (self.remove_button, self.clear_button, self.import_button):
            controls.addWidget(button)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(subheading(self.tr("Files to import"), top))
        top_layout.addWidget(self.pending_view, 1)
        top_layout.addLayout(controls)

        self.progress = ProgressPanel(self)
        self.progress.cancel_requested.connect(self.cancel)
        top_layout.addWidget(self.progress)

        # outcomes: this session's results and earlier batches
        self.outcome_model = RowTableModel(outcome_columns(), self)
        self.outcome_view = TableView(self)
        self.outcome_view.setModel(self.outcome_model)
        self.outcome_view.current_row_changed.connect(self._show_outcome)
        self.batch_model = RowTableModel(batch_columns(), self)
        self.batch_view = TableView(self)
        self.batch_view.setModel(self.batch_model)
        self.batch_view.current_row_changed.connect(self._show_batch)
        self.withdrawal = BatchWithdrawal(ctx, self)
        self.withdrawal.message.connect(
            lambda text, warning: self.banner.show_text(text, warning=warning)
        )
        self.withdraw_button = QPushButton(self.tr("Withdraw batch…"), self)
        self.withdraw_button.setToolTip(
            self.tr(
                "Withdraw the selected batch, imported by mistake: its records are removed or "
                "get their earlier version back (you see the counts first)"
            )
        )
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.batch_view.current_row_changed.connect(self._update_withdraw)
        self.batch_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.batch_view.customContextMenuRequested.connect(self._batch_menu)
        batches = QWidget(self)
        batches_layout = QVBoxLayout(batches)
        batches_layout.setContentsMargins(0, 0, 0, 0)
        batches_layout.addWidget(self.batch_view, 1)
        batch_actions = QHBoxLayout()
        batch_actions.addStretch(1)
        batch_actions.addWidget(self.withdraw_button)
        batches_layout.addLayout(batch_actions)
        self._update_withdraw(None)
        self.outcome_tabs = QTabWidget(self)
        self.outcome_tabs.setDocumentMode(True)
        self.outcome_tabs.addTab(self.outcome_view, self.tr("Outcome"))
        self.outcome_tabs.addTab(batches, self.tr("Earlier imports"))
        self.quarantine_panel = QuarantinePanel(ctx, self)
        self.quarantine_panel.group_changed.connect(self._show_group)
        self.quarantine_panel.summary_loaded.connect(self._quarantine_counted)
        self.quarantine_panel.reprocessed.connect(self._reprocessed)
        self.outcome_tabs.addTab(self.quarantine_panel, self.tr("Quarantine"))
        self.outcome_tabs.currentChanged.connect(self._on_outcome_tab)

        self.quarantine_title = subheading(self.tr("Quarantined records"), self)
        self.quarantine_note = Banner("", self)
        self.quarantine_model = RowTableModel(quarantine_columns(), self)
        self.quarantine_view = TableView(self)
        self.quarantine_view.setModel(self.quarantine_model)
        self.quarantine_view.current_row_changed.connect(self._show_record_data)
        self.quarantine_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.quarantine_view.customContextMenuRequested.connect(self._quarantine_menu)
        self.menu: QMenu | None = None
        self.quick_fix = QuickFix(ctx, self)
        self.quick_fix.message.connect(
            lambda text, warning: self.quarantine_note.show_text(text, warning=warning)
        )
        self.quick_fix.reprocess_requested.connect(self._reprocess_fixed)
        self.fix_button = QPushButton(self.tr("Add value to value table…"), self)
        self.fix_button.setToolTip(
            self.tr(
                "Add the unknown value of the selected record to the mapping's value table, "
                "with a code from the reference data"
            )
        )
        self.fix_button.clicked.connect(self.fix_selected)
        self.reprocess_line_button = QPushButton(self.tr("Reprocess this reason…"), self)
        self.reprocess_line_button.setToolTip(
            self.tr("Reprocess every record quarantined for the reason of the selected record")
        )
        self.reprocess_line_button.clicked.connect(self.reprocess_selected_reason)
        self.record_data = QPlainTextEdit(self)
        self.record_data.setReadOnly(True)
        self.record_data.setPlaceholderText(
            self.tr("Select a quarantined record to see the values read from the file.")
        )
        quarantine_split = QSplitter(Qt.Orientation.Horizontal, self)
        quarantine_split.addWidget(self.quarantine_view)
        quarantine_split.addWidget(self.record_data)
        quarantine_split.setStretchFactor(0, 3)
        quarantine_split.setStretchFactor(1, 1)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.quarantine_title, 1)
        title_row.addWidget(self.fix_button)
        title_row.addWidget(self.reprocess_line_button)
        bottom_layout.addLayout(title_row)
        bottom_layout.addWidget(self.quarantine_note)
        bottom_layout.addWidget(quarantine_split, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.outcome_tabs)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([220, 220, 260])
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)

        QShortcut(QKeySequence("Ctrl+O"), self, self.choose_files)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.start_import)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.pending_view, self.remove_selected)
        self._update_buttons()
        if not engine.available(engine.IMPORTING, "import_files"):
            self.banner.show_text(
                arg(
                    self.tr("Importing is not available yet (%1)."),
                    engine.failure(engine.IMPORTING),
                ),
                warning=True,
            )

    def title(self) -> str:
        return self.tr("Import")

    def primary_widget(self) -> QWidget | None:
        return self.pending_view if self.pending else self.drop_area.choose_button

    # --- lifecycle ------------------------------------------------------------------------

    def activate(self) -> None:
        # a mapping may have been added or saved on the Koppelingen place meanwhile
        self._load_mapping_names()
        super().activate()

    def refresh(self) -> None:
        self.empty_hint.refresh()
        self._load_batches()
        self.quarantine_panel.refresh()

    def _available_mappings(self) -> Operation[Any] | None:
        """The mappings an import would use, read in the database lane (team versions in
        the database override the files); None when only the files can be read."""
        store = engine.module(MAPPING_STORE)
        if store is None:
            return None
        db = self.ctx.db
        return Operation(lambda _job: store.available_mappings(db), label="mappings")

    def _load_mapping_names(self) -> None:
        operation = self._available_mappings()
        loader = engine.module("ketenkoppeling.mapping.loader")
        if operation is None and loader is None:
            return

        def show(mappings: dict[str, Any]) -> None:
            chosen = self.mapping_combo.currentData()
            while self.mapping_combo.count() > 1:  # keep "Recognise automatically"
                self.mapping_combo.removeItem(1)
            found = [(m.name, m.title) for m in mappings.values()]
            for name, title in sorted(found, key=lambda m: m[1].lower()):
                self.mapping_combo.addItem(title, name)
            index = self.mapping_combo.findData(chosen)
            self.mapping_combo.setCurrentIndex(max(index, 0))

        if operation is None:
            assert loader is not None
            operation = Operation(lambda _job: loader.load_mappings(), label="mappings")
            operation.signals.succeeded.connect(show)
            self.ctx.run(operation, database=False)
        else:
            operation.signals.succeeded.connect(show)
            self.ctx.run(operation)

    def _load_batches(self) -> None:
        list_batches = engine.function(engine.IMPORTING, "list_batches")
        if list_batches is None:
            return
        db = self.ctx.db

        def fetch(_job: Job) -> list[Any]:
            with db.session() as session:
                return list(list_batches(session))

        self.ctx.run(Operation(fetch, self._show_batches))

    def _show_batches(self, batches: list[Any]) -> None:
        self.batch_model.set_rows(batches)
        self._update_withdraw(self.batch_view.current_row())

    # --- choosing files -------------------------------------------------------------------

    def choose_files(self) -> None:
        paths = choose_open_files(
            self,
            self.ctx.settings,
            "import",
            self.tr("Choose files to import"),
            self.tr("Importable files (*.xml *.xlsx *.xlsm *.csv *.txt);;All files (*)"),
        )
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[Path]) -> None:
        """Add files (or folders) to the list and recognise their layout in the background."""
        known = {p.path for p in self.pending}
        added: list[PendingFile] = []
        for path in expand_paths([Path(p) for p in paths]):
            resolved = path.resolve()
            if resolved in known:
                continue
            known.add(resolved)
            item = PendingFile(resolved, resolved.stat().st_size)
            self.pending.append(item)
            added.append(item)
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            self.banner.show_text(
                arg(self.tr("Not found: %1"), ", ".join(str(p) for p in missing)), warning=True
            )
        self.pending_model.set_rows(self.pending)
        self._update_buttons()
        if not added:
            return
        operation = self._available_mappings()
        if operation is None:
            self._recognise(added, None)
            return
        operation.signals.succeeded.connect(lambda mappings: self._recognise(added, mappings))
        operation.signals.failed.connect(lambda _exc: self._recognise(added, None))
        self.ctx.run(operation)

    def _recognise(self, items: list[PendingFile], mappings: dict[str, Any] | None) -> None:
        """Recognise each file's layout, in the file lane."""
        for item in items:
            self._recognise_one(item, mappings)

    def _recognise_one(self, item: PendingFile, mappings: dict[str, Any] | None) -> None:
        def done(found: tuple[str, str | None, str, str]) -> None:
            item.state, item.mapping, item.mapping_title, item.reason = found
            self.pending_model.refresh_display()
            self.pending_view.fit_columns()

        def failed(exc: BaseException) -> None:
            item.state, item.reason = "error", engine.error_message(exc)
            self.pending_model.refresh_display()

        self.ctx.run(
            Operation(lambda _job: recognise(item.path, mappings), done, failed, label="detect"),
            database=False,
        )

    def remove_selected(self) -> None:
        chosen = {id(row) for row in self.pending_view.selected_rows()}
        self.pending = [p for p in self.pending if id(p) not in chosen]
        self.pending_model.set_rows(self.pending)
        self._update_buttons()

    def clear_pending(self) -> None:
        self.pending = []
        self.pending_model.set_rows([])
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.operation is not None
        has_files = bool(self.pending)
        self.import_button.setEnabled(has_files and not running)
        self.remove_button.setEnabled(has_files and not running)
        self.clear_button.setEnabled(has_files and not running)
        self.drop_area.choose_button.setEnabled(not running)

    # --- drag and drop --------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self.operation is None and mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
            event.acceptProposedAction()
            self.drop_area.set_hover(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: Any) -> None:
        self.drop_area.set_hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_area.set_hover(False)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    # --- importing ------------------------------------------------------------------------

    def start_import(self) -> Operation[Any] | None:
        import_files = engine.function(engine.IMPORTING, "import_files")
        if import_files is None or not self.pending or self.operation is not None:
            return None
        paths = [p.path for p in self.pending]
        mapping = self.mapping_combo.currentData()
        db, user = self.ctx.db, self.ctx.user
        self._file_order = [p.name for p in paths]
        self.banner.show_text("")

        def work(job: Job) -> list[Any]:
            return list(
                import_files(
                    db,
                    paths,
                    mapping=mapping,
                    user=user,
                    progress=job.report,
                    cancel=job.cancelled,
                )
            )

        self.operation = Operation(
            work,
            self._imported,
            self._failed,
            self._progress,
            label="import",
            long_running=True,
        )
        self.operation.signals.finished.connect(self._finished)
        self.progress.start(arg(self.tr("Importing %n file(s)…", "", len(paths)), len(paths)))
        self._update_buttons()
        self.ctx.settings.add_recent_files(paths)
        return self.ctx.run(self.operation)

    def cancel(self) -> None:
        if self.operation is not None:
            self.operation.cancel()

    def _progress(self, value: Any) -> None:
        file = str(getattr(value, "file", ""))
        done, total = int(getattr(value, "done", 0)), int(getattr(value, "total", 0))
        phase = str(getattr(value, "phase", ""))
        phases = {
            "lezen": self.tr("reading"),
            "opslaan": self.tr("storing"),
            "reading": self.tr("reading"),
            "storing": self.tr("storing"),
        }
        number = self._file_order.index(file) + 1 if file in self._file_order else 0
        text = arg(
            self.tr("File %1 of %2: %3 — %4"),
            number,
            len(self._file_order),
            file,
            phases.get(phase, phase),
        )
        if total > 0:
            text += arg(self.tr(" (%1 of %2)"), format_count(done), format_count(total))
        self.progress.update_progress(text, done, total)

    def _imported(self, results: list[Any]) -> None:
        self.results = results
        self.outcome_model.set_rows(results)
        self.outcome_tabs.setCurrentIndex(0)
        self.outcome_view.select_first()
        # imported files leave the list; a rejected one stays, to import with another mapping
        finished = {
            r.file for r in results if getattr(r, "status", "") in ("imported", "already-imported")
        }
        self.pending = [p for p in self.pending if p.path.name not in finished]
        self.pending_model.set_rows(self.pending)
        counts = {status: 0 for status in ("imported", "already-imported", "rejected")}
        for result in results:
            counts[result.status] = counts.get(result.status, 0) + 1
        message = arg(
            self.tr("%1 imported, %2 already imported, %3 rejected."),
            counts["imported"],
            counts["already-imported"],
            counts["rejected"],
        )
        if counts.get("cancelled"):
            message += " " + arg(self.tr("%1 cancelled."), counts["cancelled"])
        self.ctx.tell(message)
        self.banner.show_text(message, warning=bool(counts["rejected"]))
        if counts["imported"]:
            self.ctx.changed(RECORDS)
            self.ctx.changed(FINDINGS)
        self._load_batches()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_text(
            arg(self.tr("The import stopped: %1"), engine.error_message(exc)), warning=True
        )

    def _finished(self) -> None:
        self.operation = None
        self.progress.finish()
        self._update_buttons()

    # --- outcome details ------------------------------------------------------------------

    def _on_outcome_tab(self, index: int) -> None:
        if index == 0:
            self._show_outcome(self.outcome_view.current_row())
        elif index == 1:
            self._show_batch(self.batch_view.current_row())
        else:
            self._show_group(self.quarantine_panel.view.current_row())

    def _show_outcome(self, result: Any) -> None:
        self.record_data.clear()
        if result is None:
            self.quarantine_model.set_rows([])
            self.quarantine_note.show_text("")
            return
        if result.status in ("rejected", "cancelled", "already-imported"):
            self.quarantine_title.setText(arg(self.tr("Why %1 was not imported"), result.file))
            self.quarantine_note.show_text(
                mask_numbers(str(result.message or "")), warning=result.status == "rejected"
            )
            self.quarantine_model.set_rows([])
            return
        self.quarantine_title.setText(arg(self.tr("Quarantined records of %1"), result.file))
        self.quarantine_note.show_text("")
        if result.quarantined and result.batch is not None:
            self._load_quarantine(int(result.batch))
        else:
            self._show_quarantine(error_lines(list(result.errors or [])))

    def _show_batch(self, batch: Any) -> None:
        self.record_data.clear()
        if batch is None:
            self.quarantine_model.set_rows([])
            return
        self.quarantine_title.setText(arg(self.tr("Quarantined records of %1"), batch.file_name))
        self.quarantine_note.show_text("")
        self._load_quarantine(int(batch.id))

    def _load_quarantine(self, batch_id: int, reason: str | None = None) -> None:
        fetch_records = engine.function(engine.IMPORTING, "quarantined_records")
        if fetch_records is None:
            return
        db = self.ctx.db

        def fetch(_job: Job) -> list[QuarantineLine]:
            with db.session() as session:
                lines = quarantine_lines(list(fetch_records(session, batch_id)))
            return [line for line in lines if reason is None or line.message == reason]

        self.ctx.run(Operation(fetch, self._show_quarantine))

    def _show_quarantine(self, lines: list[QuarantineLine]) -> None:
        self.quarantine_model.set_rows(lines)
        if not lines:
            self.quarantine_note.show_text(self.tr("No records were quarantined."))
        self._update_line_actions()

    # --- the quarantine: reprocessing and the quick fix ----------------------------------

    def _show_group(self, group: Any) -> None:
        self.record_data.clear()
        if self.outcome_tabs.currentWidget() is not self.quarantine_panel:
            return
        if group is None:
            self.quarantine_title.setText(self.tr("Quarantined records"))
            self.quarantine_model.set_rows([])
            self._update_line_actions()
            return
        self.quarantine_title.setText(
            arg(self.tr("Quarantined records of %1 (batch %2)"), group.file, group.batch)
        )
        self.quarantine_note.show_text("")
        self._load_quarantine(int(group.batch), str(group.reason))

    def _quarantine_counted(self, count: int) -> None:
        index = self.outcome_tabs.indexOf(self.quarantine_panel)
        title = self.tr("Quarantine")
        self.outcome_tabs.setTabText(index, f"{title} ({format_count(count)})" if count else title)

    def _update_line_actions(self) -> None:
        line = self.quarantine_view.current_row()
        self.fix_button.setEnabled(QuickFix.available() and QuickFix.applies_to(line))
        self.reprocess_line_button.setEnabled(
            line is not None and line.batch is not None and bool(line.message)
        )

    def fix_selected(self) -> Operation[Any] | None:
        """The quick fix for the selected quarantined record (a value a value map lacks)."""
        line = self.quarantine_view.current_row()
        if not QuickFix.applies_to(line):
            return None
        return self.quick_fix.start(line)

    def reprocess_selected_reason(self) -> Operation[Any] | None:
        line = self.quarantine_view.current_row()
        if line is None or not line.message:
            return None
        return self.quarantine_panel.reprocess(reason=line.message)

    def _reprocess_fixed(self, miss: Any) -> None:
        self.quarantine_panel.reprocess(reason=miss.message)

    def _quarantine_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        fix = menu.addAction(self.fix_button.text(), self.fix_selected)
        fix.setEnabled(self.fix_button.isEnabled())
        again = menu.addAction(self.reprocess_line_button.text(), self.reprocess_selected_reason)
        again.setEnabled(self.reprocess_line_button.isEnabled())
        menu.addSeparator()
        menu.addAction(self.tr("Copy"), self.quarantine_view.copy_selection)
        menu.popup(self.quarantine_view.viewport().mapToGlobal(position))
        self.menu = menu

    def _reprocessed(self, results: list[Any]) -> None:
        self.results = results
        self.outcome_model.set_rows(results)
        self.outcome_tabs.setCurrentIndex(0)
        self.outcome_view.select_first()
        if any(int(r.new) + int(r.replaced) for r in results):
            self.ctx.changed(FINDINGS)
        self.ctx.changed(RECORDS)  # reloads the batches and the quarantine here too

    # --- withdrawing a batch -------------------------------------------------------------

    def _update_withdraw(self, batch: Any) -> None:
        self.withdraw_button.setEnabled(BatchWithdrawal.available() and can_withdraw(batch))

    def withdraw_selected(self) -> Operation[Any] | None:
        """Withdraw the selected batch, after a dry run's counts are confirmed."""
        return self.withdrawal.start(self.batch_view.current_row())

    def _batch_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        action = menu.addAction(self.withdraw_button.text(), self.withdraw_selected)
        action.setEnabled(self.withdraw_button.isEnabled())
        menu.addSeparator()
        menu.addAction(self.tr("Copy"), self.batch_view.copy_selection)
        menu.popup(self.batch_view.viewport().mapToGlobal(position))
        self.menu = menu

    def _show_record_data(self, line: QuarantineLine | None) -> None:
        self._update_line_actions()
        if line is None or not line.data:
            self.record_data.clear()
            return
        width = max(len(str(k)) for k in line.data)
        self.record_data.setPlainText(
            "\n".join(
                f"{str(k).ljust(width)}  {mask_numbers(str(v))}" for k, v in line.data.items()
            )
        )
