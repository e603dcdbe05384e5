"""The quarantine per batch and reason on the Importeren place, and reprocessing it: the
expected outcome first (a dry run, shown for confirmation), then the run itself in the
worker with progress and cancel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.dialogs_quarantine import ReprocessDialog
from ketenkoppeling.ui.formatting import arg, format_count, mask_numbers
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.quarantine import expected_outcomes
from ketenkoppeling.ui.widgets import Banner, ProgressPanel, TableView, hint
from ketenkoppeling.ui.workers import Job, Operation

REPROCESSING = "ketenkoppeling.reprocessing"


def group_columns() -> list[Column]:
    tr = QCoreApplication.translate
    return [
        Column(tr("QuarantinePanel", "Batch"), attr("batch"), right=True),
        Column(tr("QuarantinePanel", "File"), attr("file")),
        Column(tr("QuarantinePanel", "Mapping"), attr("mapping")),
        Column(tr("QuarantinePanel", "Records"), attr("count"), lambda n: format_count(int(n)),
               right=True),
        Column(tr("QuarantinePanel", "Reason"), attr("reason"), mask_numbers,
               tooltip=lambda g: mask_numbers(g.reason) or None),
    ]  # fmt: skip


class QuarantinePanel(QWidget):
    """Quarantined records grouped per batch and reason, with "Reprocess" for the selected
    batch, the selected reason, or everything."""

    group_changed = Signal(object)  # a QuarantineGroup, or None
    reprocessed = Signal(object)  # the FileResults of a reprocessing run
    summary_loaded = Signal(int)  # records in quarantine

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.operation: Operation[Any] | None = None
        self.dialog: ReprocessDialog | None = None
        self._scope: tuple[int | None, str | None] = (None, None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(
            hint(
                self.tr(
                    "After a mapping or the reference data changed, run quarantined records "
                    "again from the values kept with them."
                ),
                self,
            ),
            1,
        )
        self.batch_button = QPushButton(self.tr("Reprocess batch…"), self)
        self.batch_button.setToolTip(self.tr("Reprocess the quarantine of the selected batch"))
        self.batch_button.clicked.connect(self.reprocess_batch)
        self.reason_button = QPushButton(self.tr("Reprocess reason…"), self)
        self.reason_button.setToolTip(
            self.tr("Reprocess every record quarantined for the selected reason")
        )
        self.reason_button.clicked.connect(self.reprocess_reason)
        self.all_button = QPushButton(self.tr("Reprocess all…"), self)
        self.all_button.setToolTip(self.tr("Reprocess every quarantined record"))
        self.all_button.clicked.connect(self.reprocess_all)
        for button in (self.batch_button, self.reason_button, self.all_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.banner = Banner("", self)
        layout.addWidget(self.banner)
        self.model = RowTableModel(group_columns(), self)
        self.view = TableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionMode(TableView.SelectionMode.SingleSelection)
        self.view.current_row_changed.connect(self._group_changed)
        layout.addWidget(self.view, 1)
        self.progress = ProgressPanel(self)
        self.progress.cancel_requested.connect(self.cancel)
        layout.addWidget(self.progress)
        self._update_buttons()
        if not engine.available(REPROCESSING, "reprocess"):
            self.banner.show_text(
                arg(self.tr("Reprocessing is not available (%1)."), engine.failure(REPROCESSING)),
                warning=True,
            )

    # --- the groups -----------------------------------------------------------------------

    def refresh(self) -> None:
        summary = engine.function(REPROCESSING, "quarantine_summary")
        if summary is None:
            return
        db = self.ctx.db
        self.ctx.run(Operation(lambda _job: list(summary(db)), self._show_groups))

    def _show_groups(self, groups: list[Any]) -> None:
        current = self.view.current_row()
        key = (current.batch, current.reason) if current is not None else None
        self.model.set_rows(groups)
        for row, group in enumerate(groups):
            if (group.batch, group.reason) == key:
                self.view.selectRow(row)
                break
        else:
            self.group_changed.emit(None)
        self.summary_loaded.emit(sum(int(g.count) for g in groups))
        self._update_buttons()

    def _group_changed(self, group: Any) -> None:
        self._update_buttons()
        self.group_changed.emit(group)

    def _update_buttons(self) -> None:
        idle = self.operation is None and engine.available(REPROCESSING, "reprocess")
        selected = self.view.current_row() is not None
        self.batch_button.setEnabled(idle and selected)
        self.reason_button.setEnabled(idle and selected)
        self.all_button.setEnabled(idle and self.model.rowCount() > 0)

    # --- reprocessing ---------------------------------------------------------------------

    def reprocess_batch(self) -> Operation[Any] | None:
        group = self.view.current_row()
        return None if group is None else self.reprocess(batch=int(group.batch))

    def reprocess_reason(self) -> Operation[Any] | None:
        group = self.view.current_row()
        return None if group is None else self.reprocess(reason=str(group.reason))

    def reprocess_all(self) -> Operation[Any] | None:
        return self.reprocess()

    def scope_text(self, batch: int | None, reason: str | None) -> str:
        if batch is not None and reason is not None:
            return arg(
                self.tr("The records of batch %1 quarantined for: %2"),
                batch,
                mask_numbers(reason),
            )
        if batch is not None:
            return arg(self.tr("The quarantined records of batch %1."), batch)
        if reason is not None:
            return arg(self.tr("Every record quarantined for: %1"), mask_numbers(reason))
        return self.tr("Every quarantined record.")

    def reprocess(
        self, *, batch: int | None = None, reason: str | None = None
    ) -> Operation[Any] | None:
        """Work out what reprocessing would do (nothing is stored) and ask to go ahead."""
        run = engine.function(REPROCESSING, "reprocess")
        if run is None or self.operation is not None:
            return None
        db, user = self.ctx.db, self.ctx.user
        self._scope = (batch, reason)
        self.banner.show_text("")

        def work(job: Job) -> list[Any]:
            return list(
                run(db, batch=batch, reason=reason, dry_run=True, user=user,
                    progress=job.report, cancel=job.cancelled)
            )  # fmt: skip

        self.operation = Operation(
            work,
            self._confirm,
            self._failed,
            self._progress,
            on_cancel=self._cancelled,
            label="reprocess-preview",
        )
        self.operation.signals.finished.connect(self._finished)
        self.progress.start(self.tr("Working out the expected outcome…"))
        self._update_buttons()
        return self.ctx.run(self.operation)

    def _confirm(self, results: list[Any]) -> None:
        if not results:
            self.banner.show_text(self.tr("There are no quarantined records to reprocess."))
            return
        batch, reason = self._scope
        self.dialog = ReprocessDialog(
            self.scope_text(batch, reason), expected_outcomes(results), self
        )
        self.dialog.accepted.connect(lambda: self._run(batch, reason))
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None and self.dialog.result() != QDialog.DialogCode.Accepted:
            self.banner.show_text(self.tr("Nothing was reprocessed."))
        self.dialog = None

    def _run(self, batch: int | None, reason: str | None) -> Operation[Any] | None:
        run = engine.function(REPROCESSING, "reprocess")
        if run is None or self.operation is not None:
            return None
        db, user = self.ctx.db, self.ctx.user

        def work(job: Job) -> list[Any]:
            return list(
                run(db, batch=batch, reason=reason, user=user,
                    progress=job.report, cancel=job.cancelled)
            )  # fmt: skip

        self.operation = Operation(
            work,
            self._done,
            self._failed,
            self._progress,
            on_cancel=self._cancelled,
            label="reprocess",
            long_running=True,
        )
        self.operation.signals.finished.connect(self._finished)
        self.progress.start(self.tr("Reprocessing quarantined records…"))
        self._update_buttons()
        return self.ctx.run(self.operation)

    def _done(self, results: list[Any]) -> None:
        done = [r for r in results if r.status == "reprocessed"]
        stored = sum(int(r.new) + int(r.unchanged) + int(r.replaced) for r in done)
        quarantined = sum(int(r.quarantined) for r in done)
        message = arg(
            self.tr(
                "Reprocessed %n batch(es): %1 stored, %2 still quarantined.",
                "",
                len(done),
            ),
            format_count(stored),
            format_count(quarantined),
        )
        stopped = [r for r in results if r.status != "reprocessed"]
        for result in stopped:
            message += " " + arg(
                self.tr("Batch %1 was not reprocessed: %2"),
                result.reprocessed_batch,
                mask_numbers(str(result.message or "")),
            )
        self.banner.show_text(message, warning=quarantined > 0 or bool(stopped))
        self.ctx.tell(message)
        self.reprocessed.emit(results)

    def _failed(self, exc: BaseException) -> None:
        cancelled = type(exc).__name__ == "ImportCancelled"
        text = (
            self.tr("Reprocessing was cancelled; nothing was stored.")
            if cancelled
            else arg(self.tr("Reprocessing stopped: %1"), engine.error_message(exc))
        )
        self.banner.show_text(text, warning=not cancelled)

    def _cancelled(self) -> None:
        self.banner.show_text(self.tr("Reprocessing was cancelled; nothing was stored."))

    def _progress(self, value: Any) -> None:
        done, total = int(getattr(value, "done", 0)), int(getattr(value, "total", 0))
        file = str(getattr(value, "file", ""))
        text = arg(self.tr("Reprocessing %1"), file) if file else self.tr("Reprocessing…")
        if total > 0:
            text += arg(self.tr(" (%1 of %2)"), format_count(done), format_count(total))
        self.progress.update_progress(text, done, total)

    def cancel(self) -> None:
        if self.operation is not None:
            self.operation.cancel()

    def _finished(self) -> None:
        self.operation = None
        self.progress.finish()
        self._update_buttons()
