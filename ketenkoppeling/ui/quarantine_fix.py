"""Quick fix from the quarantine: a record quarantined because a value map does not know a
value ("onbekend instrument 'Werkervaringsplaats'") gets that value added to the mapping's
value table, with a code chosen from the reference data, as a new mapping version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.dialogs_quarantine import AddValueDialog
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.quarantine import (
    ValueMapMiss,
    batch_mapping,
    reference_codes,
    value_map_miss,
)
from ketenkoppeling.ui.workers import Job, Operation

MAPPING_STORE = "ketenkoppeling.mapping_store"
DOCUMENT = "ketenkoppeling.mapping.document"


@dataclass
class FixContext:
    """What the dialog needs, read in the worker."""

    miss: ValueMapMiss
    batch: int
    mapping: str
    version: str
    text: str
    choices: list[tuple[str, str]]


class QuickFix(QObject):
    """Runs the quick fix for one quarantined record: reads the mapping and the codes,
    shows :class:`AddValueDialog`, saves the new version, and asks for reprocessing."""

    saved = Signal(object, object)  # the new MappingVersion, the ValueMapMiss
    reprocess_requested = Signal(object)  # the ValueMapMiss whose reason to reprocess
    message = Signal(str, bool)  # text, warning

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.dialog: AddValueDialog | None = None
        self.fix: FixContext | None = None

    @staticmethod
    def available() -> bool:
        return engine.available(MAPPING_STORE, "save_version") and engine.available(DOCUMENT)

    @staticmethod
    def applies_to(line: Any) -> bool:
        """A quarantined line of a stored batch whose reason is a value a value map lacks."""
        if line is None or getattr(line, "batch", None) is None:
            return False
        return value_map_miss([getattr(line, "error", None) or {}]) is not None

    def start(self, line: Any) -> Operation[Any] | None:
        """Read what the dialog needs for ``line`` (a QuarantineLine) and open it."""
        store = engine.module(MAPPING_STORE)
        miss = value_map_miss([getattr(line, "error", None) or {}])
        if store is None or miss is None or getattr(line, "batch", None) is None:
            return None
        batch = int(line.batch)
        db = self.ctx.db
        no_batch = arg(self.tr("batch %1 no longer exists"), batch)
        no_mapping = self.tr("the mapping that read this batch is no longer available")

        def read(_job: Job) -> FixContext:
            with db.session() as session:
                mapping = batch_mapping(session, batch)
                choices = reference_codes(session, miss.lookup)
            if mapping is None:
                raise LookupError(no_batch)
            current = store.current_version(db, mapping)
            if current is None:
                raise LookupError(no_mapping)
            return FixContext(miss, batch, mapping, current.version, current.text, choices)

        return self.ctx.run(Operation(read, self._open, self._failed, label="quick-fix"))

    def _open(self, fix: FixContext) -> None:
        self.fix = fix
        label = arg(self.tr("%1 version %2"), fix.mapping, fix.version)
        self.dialog = AddValueDialog(fix.miss, label, fix.choices, self.parent_widget)
        self.dialog.accepted.connect(self._save)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None

    def _save(self) -> Operation[Any] | None:
        store, document = engine.module(MAPPING_STORE), engine.module(DOCUMENT)
        dialog, fix = self.dialog, self.fix
        if store is None or document is None or dialog is None or fix is None:
            return None
        code, comment, reprocess = dialog.code(), dialog.comment(), dialog.reprocess_after()
        db, user = self.ctx.db, self.ctx.user
        no_table = arg(self.tr("mapping %1 has no field %2"), fix.mapping, fix.miss.target_text())

        def save(_job: Job) -> Any:
            doc = document.MappingDocument.from_text(fix.text)
            if not doc.add_map_entry(fix.miss.target, fix.miss.value, code):
                raise LookupError(no_table)
            return store.save_version(
                db, doc.text(), comment=comment, user=user, expected=fix.version
            )

        def saved(version: Any) -> None:
            self.message.emit(
                arg(
                    self.tr("Mapping %1 saved as version %2: %3"),
                    version.name,
                    version.version,
                    version.comment,
                ),
                False,
            )
            self.saved.emit(version, fix.miss)
            if reprocess:
                self.reprocess_requested.emit(fix.miss)

        return self.ctx.run(Operation(save, saved, self._failed, label="quick-fix-save"))

    def _failed(self, exc: BaseException) -> None:
        self.message.emit(
            arg(self.tr("The value was not added: %1"), engine.error_message(exc)), True
        )
