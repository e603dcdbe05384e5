"""Koppelingen: the mapping workbench. The mappings the importer knows (shipped, the user's
folder, versions in the database) on the left; the open mapping on the right, with a sample
file's structure beside the common model, a live preview, the XML text and the versions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling import mapping_store
from ketenkoppeling.importing import reference_set
from ketenkoppeling.mapping.document import MappingDocument, copy_of, new_mapping_from_sample
from ketenkoppeling.mapping.structure import sample_structure
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import REFERENCE, AppContext
from ketenkoppeling.ui.dialogs import choose_open_files, choose_save_file, show_error
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.permissions import administrator_refusal
from ketenkoppeling.ui.widgets import (
    Banner,
    FilterField,
    filtered_list,
    hint,
    icon_button,
    subheading,
)
from ketenkoppeling.ui.workbench.compact import ElidedLabel
from ketenkoppeling.ui.workbench.editor import MappingEditor
from ketenkoppeling.ui.workbench.preview_runner import PreviewRunner
from ketenkoppeling.ui.workbench.start_dialog import StartMappingDialog, suggest_name
from ketenkoppeling.ui.workbench.value_map import Codes
from ketenkoppeling.ui.workbench.versions import CommentDialog, DiffDialog, version_label
from ketenkoppeling.ui.workers import Job, Operation

SAMPLE_FILTER = "*.xml *.xlsx *.xlsm *.csv *.txt"


@dataclass(frozen=True)
class MappingRow:
    name: str
    title: str
    version: str
    origin: str
    format: str


def load_rows(db: Any) -> list[MappingRow]:
    """Every mapping the importer would use, with the version and where it comes from."""
    rows = []
    for name, mapping in mapping_store.available_mappings(db).items():
        current = mapping_store.current_version(db, name)
        rows.append(
            MappingRow(
                name=name,
                title=mapping.title,
                version=current.version if current else mapping.version,
                origin=current.origin if current else "",
                format=mapping.source.format,
            )
        )
    return sorted(rows, key=lambda r: r.title.lower())


def load_codes(db: Any) -> tuple[Any, dict[str, Codes]]:
    """The reference data as the preview needs it, and the codes a value map offers."""
    with db.session() as session:
        reference = reference_set(session)
    codes: dict[str, Codes] = {
        "partner": sorted(reference.partners.items()),
        "instrument": sorted(reference.instruments.items()),
        "regime": sorted(reference.regimes.items()),
        "budget": [(code, "") for code in sorted(reference.budgets)],
        "provider": [(code, "") for code in sorted(reference.providers)],
    }
    return reference, codes


class MappingsPage(Page):
    key = "mappings"
    icon_name = QStyle.StandardPixmap.SP_FileLinkIcon
    listens_to = (REFERENCE,)

    preview_done = Signal(list)  # the preview records of the sample
    counts_done = Signal(object)  # PreviewCounts of the whole sample
    saved = Signal(object)  # the MappingVersion just saved

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAcceptDrops(True)
        self.opened: Any = None  # the saved MappingVersion the document started from
        self.sample_path: Path | None = None
        self.rows: list[MappingRow] = []
        self.last_diff = ""
        self._opening = False
        self.add_header(
            self.tr(
                "Choose per field of the common model its column or element in a sample file, "
                "and see at once what the import makes of it."
            )
        )
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)

        # the mappings
        self.filter = FilterField(self.tr("Filter mappings (Ctrl+F)"), self)
        self.filter.setMinimumWidth(120)
        self.model = RowTableModel(
            [
                Column(self.tr("Version"), attr("version"), right=True),
                Column(self.tr("Mapping"), attr("title"), tooltip=self._row_tip),
                Column(self.tr("Name"), attr("name")),
                Column(self.tr("Format"), attr("format"), lambda f: str(f).upper()),
                Column(self.tr("Origin"), attr("origin")),
            ],
            self,
        )
        self.proxy, self.view = filtered_list(self.model, self.filter, self)
        self.view.current_row_changed.connect(self._chosen)
        # a narrow pane: version and title (the last visible column takes the width); name,
        # format and origin of the selected one under the list, of each in the title's tooltip
        for column in (2, 3, 4):
            self.view.setColumnHidden(column, True)
        # the title fills the pane and is cut with "…" (the full text is in its tooltip)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.details = hint("", self)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton(self.tr("New from sample…"), self)
        self.new_button.setToolTip(self.tr("Start a mapping for a new layout from the open sample"))
        self.new_button.clicked.connect(lambda: self.new_mapping_from_sample())
        self.copy_button = QPushButton(self.tr("Copy…"), self)
        self.copy_button.setToolTip(self.tr("Start a mapping from a copy of the selected one"))
        self.copy_button.clicked.connect(lambda: self.copy_mapping())
        self.import_button = QPushButton(self.tr("Import file…"), self)
        self.import_button.setToolTip(self.tr("Save a mapping file as a new version"))
        self.import_button.clicked.connect(lambda: self.import_mapping())
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setToolTip(self.tr("Write the selected mapping to a file"))
        self.export_button.clicked.connect(lambda: self.export_mapping())
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        for button in (self.new_button, self.copy_button, self.import_button, self.export_button):
            buttons.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(subheading(self.tr("Mappings"), left))
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.details)
        left_layout.addLayout(buttons)

        # the open mapping
        self.editor = MappingEditor(self)
        self.runner = PreviewRunner(ctx, self.editor.mapping, self)
        self.current_label = ElidedLabel(self.tr("No mapping open"), self)
        font = self.current_label.font()
        font.setBold(True)
        self.current_label.setFont(font)
        self.save_button = icon_button(
            self.tr("Save as new version…"), QStyle.StandardPixmap.SP_DialogSaveButton, self
        )
        self.save_button.setToolTip(self.tr("Save the mapping as a new version (Ctrl+S)"))
        self.save_button.clicked.connect(lambda: self.save_version())
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.current_label, 1)
        toolbar.addWidget(self.save_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(4)
        right_layout.addLayout(toolbar)
        right_layout.addWidget(self.editor, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([265, 835])  # at 1280×800 most titles show whole
        self.splitter = splitter
        self.layout_.addWidget(splitter, 1)

        self.editor.document_changed.connect(self._document_changed)
        self.editor.sample_view.open_requested.connect(self.choose_sample)
        self.editor.sample_view.reread_requested.connect(self._reread_sample)
        self.editor.versions.compare_requested.connect(self.compare_versions)
        self.editor.versions.restore_requested.connect(lambda v: self.restore_version(v))
        self.editor.versions.open_requested.connect(self.open_version)
        preview = self.editor.preview
        preview.progress.cancel_requested.connect(self.runner.cancel_counts)
        self.runner.records_ready.connect(self._records_ready)
        self.runner.problem.connect(preview.show_problem)
        self.runner.counts_started.connect(preview.counts_started)
        self.runner.counts_progress.connect(preview.counts_progress)
        self.runner.counts_ready.connect(self._counts_ready)
        self.runner.counts_stopped.connect(
            lambda text: preview.counts_stopped(text or self.tr("Counting stopped."))
        )
        self._save_tips = {b: b.toolTip() for b in (self.save_button, self.import_button)}
        self._check_role()
        for keys, slot in (("Ctrl+S", lambda: self.save_version()), ("Ctrl+O", self.choose_sample)):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Mappings")

    def _row_tip(self, row: MappingRow) -> str:
        return f"{row.title}\n{row.name} · {row.format.upper()} · " + arg(
            self.tr("version %1, %2"), row.version, row.origin
        )

    def primary_widget(self) -> QWidget | None:
        return self.view

    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # --- public surface -------------------------------------------------------------------

    @property
    def document(self) -> MappingDocument | None:
        return self.editor.document

    @property
    def counts(self) -> Any:
        """The whole sample's counts for the mapping as edited (None while counting)."""
        return self.runner.counts

    @property
    def saved_counts(self) -> Any:
        return self.runner.saved_counts

    @property
    def busy(self) -> bool:
        return self.runner.busy

    # --- loading --------------------------------------------------------------------------

    def _check_role(self) -> None:
        """Only a functional administrator saves: the buttons follow the user's role."""
        self.edit_refusal = administrator_refusal(self.ctx.db)
        self.editor.versions.set_restore_refusal(self.edit_refusal)

    def refresh(self) -> None:
        self._check_role()
        self._update_buttons()
        self._load_list()
        self._load_reference()

    def _load_list(self, select: str | None = None) -> Operation[Any]:
        db = self.ctx.db

        def failed(exc: BaseException) -> None:
            self.banner.show_text(
                arg(self.tr("The mappings could not be read: %1"), engine.error_message(exc)),
                warning=True,
            )

        def show(rows: list[MappingRow]) -> None:
            self.rows = rows
            self._opening = True
            try:
                self.model.set_rows(rows)
                header = self.view.horizontalHeader()
                label = self.model.headerData(0, Qt.Orientation.Horizontal) or ""
                header.resizeSection(0, header.fontMetrics().horizontalAdvance(label) + 40)
                wanted = select or (self.document.name if self.document is not None else None)
                self._select_row(wanted)
            finally:
                self._opening = False
            if self.document is None and rows:
                self.view.select_first()

        return self.ctx.run(Operation(lambda _job: load_rows(db), show, failed, label="mappings"))

    def _select_row(self, name: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            found = self.view.row_at(self.proxy.index(row, 0))
            if found is not None and found.name == name:
                self.view.setCurrentIndex(self.proxy.index(row, 0))
                return

    def _load_reference(self) -> None:
        db = self.ctx.db

        def loaded(result: tuple[Any, dict[str, Codes]]) -> None:
            reference, codes = result
            self.editor.set_codes(codes)
            self.runner.set_reference(reference)

        def failed(exc: BaseException) -> None:
            self.banner.show_text(
                arg(self.tr("The reference data could not be read: %1"), engine.error_message(exc)),
                warning=True,
            )

        self.ctx.run(Operation(lambda _job: load_codes(db), loaded, failed, label="codes"))

    def _chosen(self, row: MappingRow | None) -> None:
        self.details.setText(self._row_tip(row).split("\n", 1)[1] if row is not None else "")
        if row is None or self._opening:
            return
        if self.document is not None and row.name == self.document.name:
            return
        self.open_mapping(row.name)

    def _confirm_discard(self) -> bool:
        if not self.editor.dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The open mapping has changes that were not saved. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def open_mapping(self, name: str, *, confirm: bool = True) -> Operation[Any] | None:
        """Open the current version of mapping ``name`` in the editor."""
        if confirm and not self._confirm_discard():
            self._opening = True
            self._select_row(self.document.name if self.document is not None else None)
            self._opening = False
            return None
        db = self.ctx.db

        def fetch(_job: Job) -> tuple[Any, list[Any]]:
            return mapping_store.current_version(db, name), mapping_store.list_versions(db, name)

        def show(result: tuple[Any, list[Any]]) -> None:
            current, versions = result
            if current is None:
                self.banner.show_text(arg(self.tr("There is no mapping '%1'."), name), warning=True)
                return
            self._show_version(current, versions)

        def failed(exc: BaseException) -> None:
            self.banner.show_text(engine.error_message(exc), warning=True)

        return self.ctx.run(Operation(fetch, show, failed, label="open-mapping"))

    def _show_version(self, version: Any, versions: list[Any], *, text: str | None = None) -> None:
        """Put ``version`` (or ``text`` started from it) in the editor."""
        try:
            document = MappingDocument.from_text(text if text is not None else version.text)
        except Exception as exc:
            self.banner.show_text(engine.error_message(exc), warning=True)
            return
        self.opened = version
        self.banner.show_text("")
        self.editor.set_document(document)
        self._opening = True
        self._select_row(document.name)
        self._opening = False
        self.editor.versions.set_versions(versions)
        self._set_saved(version)
        self._update_label()
        self._update_buttons()
        self.runner.schedule()

    def _set_saved(self, version: Any) -> None:
        saved = None
        if version is not None:
            try:
                saved = MappingDocument.from_text(version.text).to_mapping()
            except Exception:  # an old version the schema no longer accepts: no comparison
                saved = None
        key = f"{version.name} {version.version}" if version is not None else ""
        self.runner.set_saved(key, saved)

    def open_version(self, version: Any) -> None:
        """Load an older version into the editor; saving makes it the newest."""
        if not self._confirm_discard():
            return
        versions = self.editor.versions.versions()
        current = self.opened if self.opened is not None else version
        self._show_version(current, versions, text=version.text)
        self.editor.dirty = version is not current
        self._update_label()

    # --- the sample -----------------------------------------------------------------------

    def choose_sample(self) -> None:
        paths = choose_open_files(
            self,
            self.ctx.settings,
            "mapping-sample",
            self.tr("Open a sample file"),
            arg(self.tr("Partner files (%1);;All files (*)"), SAMPLE_FILTER),
            many=False,
        )
        if paths:
            self.open_sample(paths[0])

    def open_sample(
        self, path: Path | str, *, sheet: str | None = None, header_row: int | None = None
    ) -> Operation[Any]:
        """Read the structure of a sample file (in the background) and preview it."""
        path = Path(path)
        self.editor.sample_view.show_busy(arg(self.tr("Reading %1…"), path.name))

        def read(job: Job) -> Any:
            return sample_structure(
                path, sheet=sheet, header_row=header_row,
                progress=lambda done, total: job.report((done, total)),
            )  # fmt: skip

        def show(structure: Any) -> None:
            self.sample_path = path
            self.editor.set_structure(structure)
            self.runner.set_sample(path)
            self.editor.preview.clear(self.tr("Previewing…"))
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.editor.sample_view.show_busy("")
            self.banner.show_text(
                arg(self.tr("The sample cannot be read: %1"), engine.error_message(exc)),
                warning=True,
            )

        return self.ctx.run(Operation(read, show, failed, label="sample"), database=False)

    def _reread_sample(self, sheet: str | None, header_row: int) -> None:
        if self.sample_path is not None:
            self.open_sample(self.sample_path, sheet=sheet, header_row=header_row or None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_sample(paths[0])

    # --- starting a mapping ---------------------------------------------------------------

    def new_mapping_from_sample(
        self, name: str | None = None, title: str | None = None, partner: str | None = None
    ) -> MappingDocument | None:
        """Start a mapping for the open sample's layout (asks name, title and partner)."""
        structure = self.editor.structure
        if structure is None:
            self.banner.show_text(self.tr("Open a sample file first (Ctrl+O)."), warning=True)
            return None
        if name is None or title is None:
            dialog = StartMappingDialog(
                self.tr("New mapping from the sample"),
                arg(
                    self.tr("A new mapping for the layout of %1. It is saved as version 1 of "
                            "its own name when you save it."),
                    structure.file.name,
                ),
                self,
                name=suggest_name(structure.file.name),
                partners=self.editor.codes.get("partner", []),
                taken={r.name for r in self.rows},
            )  # fmt: skip
            if dialog.exec() != StartMappingDialog.DialogCode.Accepted:
                return None
            name, title, partner = dialog.name(), dialog.mapping_title(), dialog.partner()
        if not self._confirm_discard():
            return None
        document = new_mapping_from_sample(structure, name=name, title=title, partner=partner)
        self._start(document)
        return document

    def copy_mapping(
        self, name: str | None = None, title: str | None = None
    ) -> MappingDocument | None:
        """Start a mapping from a copy of the open one (a shipped mapping, say)."""
        if self.document is None:
            return None
        source = self.editor.current_text()
        if name is None or title is None:
            dialog = StartMappingDialog(
                self.tr("Copy of a mapping"),
                arg(self.tr("A copy of %1 under a new name, to adapt to a partner's layout."),
                    self.document.title),
                self,
                name=f"{self.document.name}-kopie"[:100],
                mapping_title=arg(self.tr("%1 (copy)"), self.document.title),
                taken={r.name for r in self.rows},
            )  # fmt: skip
            if dialog.exec() != StartMappingDialog.DialogCode.Accepted:
                return None
            name, title = dialog.name(), dialog.mapping_title()
        if not self._confirm_discard():
            return None
        document = copy_of(source, name=name, title=title)
        self._start(document)
        return document

    def _start(self, document: MappingDocument) -> None:
        self.opened = None
        self.editor.set_document(document)
        self.editor.dirty = True
        self.editor.versions.set_versions([])
        self._set_saved(None)
        self._opening = True
        self.view.clearSelection()
        self._opening = False
        self.details.setText(arg(self.tr("%1: not saved yet"), document.name))
        self._update_label()
        self._update_buttons()
        self.runner.schedule()

    # --- saving and versions --------------------------------------------------------------

    def save_version(self, comment: str | None = None) -> Operation[Any] | None:
        """Save the mapping as a new version (asks the comment when not given)."""
        if self.document is None:
            return None
        text = self.editor.current_text()
        if comment is None:
            dialog = CommentDialog(
                self.tr("Save as new version"),
                arg(self.tr("Saving %1 as a new version. What changed?"), self.document.name),
                self,
            )
            if dialog.exec() != CommentDialog.DialogCode.Accepted:
                return None
            comment = dialog.comment()
        expected = None
        if self.opened is not None and self.opened.name == self.document.name:
            expected = self.opened.version
        db, user = self.ctx.db, self.ctx.user

        def save(_job: Job) -> tuple[Any, list[Any]]:
            version = mapping_store.save_version(
                db, text, comment=comment, user=user, expected=expected
            )
            return version, mapping_store.list_versions(db, version.name)

        return self._run_save(save, self.tr("Saved as %1."))

    def _run_save(self, work: Any, message: str) -> Operation[Any]:
        def done(result: tuple[Any, list[Any]]) -> None:
            version, versions = result
            self._show_version(version, versions)
            self._load_list(select=version.name)
            text = arg(message, version_label(version))
            self.banner.show_text(text)
            self.ctx.tell(text)
            self.saved.emit(version)

        def failed(exc: BaseException) -> None:
            text = arg(self.tr("Not saved: %1"), engine.error_message(exc))
            self.banner.show_text(text, warning=True)
            self.ctx.tell(text)

        self.save_button.setEnabled(False)
        operation = Operation(work, done, failed, label="save-mapping")
        operation.signals.finished.connect(self._update_buttons)
        return self.ctx.run(operation)

    def restore_version(self, version: Any, comment: str | None = None) -> Operation[Any] | None:
        """Go back to ``version``: saved again as the newest version."""
        if comment is None:
            dialog = CommentDialog(
                self.tr("Go back to a version"),
                arg(
                    self.tr("Version %1 is saved again as the newest version. Why?"),
                    version.version,
                ),
                self,
            )
            dialog.editor.setPlainText(arg(self.tr("back to version %1"), version.version))
            if dialog.exec() != CommentDialog.DialogCode.Accepted:
                return None
            comment = dialog.comment()
        db, user = self.ctx.db, self.ctx.user

        def restore(_job: Job) -> tuple[Any, list[Any]]:
            restored = mapping_store.restore_version(
                db, version.name, version.version, comment=comment, user=user
            )
            return restored, mapping_store.list_versions(db, restored.name)

        return self._run_save(restore, self.tr("Restored as %1."))

    def compare_versions(self, older: Any, newer: Any, *, show: bool = True) -> str:
        self.last_diff = mapping_store.diff_versions(older, newer)
        if show:
            dialog = DiffDialog(
                arg(
                    self.tr("%1: version %2 and version %3"),
                    older.name,
                    older.version,
                    newer.version,
                ),
                self.last_diff,
                self,
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
        return self.last_diff

    # --- files ----------------------------------------------------------------------------

    def export_mapping(self, path: Path | None = None) -> Operation[Any] | None:
        name = self.document.name if self.document is not None else None
        if name is None or self.opened is None:
            self.banner.show_text(self.tr("Save the mapping first; then it can be exported."))
            return None
        if path is None:
            path = choose_save_file(
                self, self.ctx.settings, "mapping-export", self.tr("Export mapping"),
                self.tr("Mapping files (*.xml)"), f"{name}.xml",
            )  # fmt: skip
            if path is None:
                return None
        db, target = self.ctx.db, Path(path)

        def done(written: Path) -> None:
            self.banner.show_text(arg(self.tr("Written to %1."), str(written)))

        def failed(exc: BaseException) -> None:
            show_error(self, self.tr("Not exported"), engine.error_message(exc))

        return self.ctx.run(
            Operation(lambda _job: mapping_store.export_mapping(db, name, target), done, failed)
        )

    def import_mapping(self, path: Path | None = None) -> Operation[Any] | None:
        if path is None:
            paths = choose_open_files(
                self, self.ctx.settings, "mapping-import", self.tr("Import a mapping file"),
                self.tr("Mapping files (*.xml)"), many=False,
            )  # fmt: skip
            if not paths:
                return None
            path = paths[0]
        db, user, source = self.ctx.db, self.ctx.user, Path(path)

        def work(_job: Job) -> tuple[Any, list[Any]]:
            version = mapping_store.import_mapping_file(db, source, comment="", user=user)
            return version, mapping_store.list_versions(db, version.name)

        return self._run_save(work, self.tr("Imported as %1."))

    # --- preview --------------------------------------------------------------------------

    def _records_ready(self, records: list[Any]) -> None:
        self.editor.preview.set_records(records)
        self.preview_done.emit(records)

    def _counts_ready(self, counts: Any, saved: Any) -> None:
        comparison = counts.compare(saved) if saved is not None else ""
        label = version_label(self.opened) if self.opened is not None else ""
        self.editor.preview.counts_finished(counts, comparison, label)
        self.counts_done.emit(counts)

    def _document_changed(self) -> None:
        self._update_label()
        self.runner.schedule()

    # --- state ----------------------------------------------------------------------------

    def _update_label(self) -> None:
        document = self.document
        if document is None:
            self.current_label.setText(self.tr("No mapping open"))
            return
        parts = [document.title or document.name]
        if self.opened is not None and self.opened.name == document.name:
            parts.append(f"({document.name}, {version_label(self.opened)}, {self.opened.origin})")
        else:
            parts.append(arg(self.tr("(%1, not saved yet)"), document.name))
        text = " ".join(parts)
        if self.editor.dirty:
            text += " — " + self.tr("changed")
        self.current_label.setText(text)
        self.current_label.setToolTip(text)

    def _update_buttons(self) -> None:
        has_document = self.document is not None
        refusal = getattr(self, "edit_refusal", "")  # a role that may not save (issue 11)
        self.save_button.setEnabled(has_document and not refusal)
        self.import_button.setEnabled(not refusal)
        for button, tip in getattr(self, "_save_tips", {}).items():
            button.setToolTip(refusal or tip)
        self.copy_button.setEnabled(has_document)
        self.export_button.setEnabled(has_document and self.opened is not None)
        self.new_button.setEnabled(self.editor.structure is not None)
