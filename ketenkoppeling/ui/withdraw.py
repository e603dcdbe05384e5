"""Withdrawing an import batch from the Importeren place: a dry run first, its counts in a
confirmation dialog, then the withdrawal itself in the database lane."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import FINDINGS, RECORDS, AppContext
from ketenkoppeling.ui.formatting import arg, format_count, format_date, mask_numbers
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.widgets import Banner, TableView, hint
from ketenkoppeling.ui.workers import Job, Operation

WITHDRAWAL = "ketenkoppeling.withdrawal"


def entity_label(entity: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "deployment": tr("Withdraw", "Deployments"),
        "spend_line": tr("Withdraw", "Spend lines"),
        "benefit_period": tr("Withdraw", "Benefit periods"),
        "outflow": tr("Withdraw", "Outflow"),
        "client": tr("Withdraw", "Clients"),
    }
    return labels.get(entity, entity)


def withdrawn_tooltip(batch: Any) -> str | None:
    """'Withdrawn on … by …' for a withdrawn batch."""
    when = getattr(batch, "withdrawn_at", None)
    if when is None:
        return None
    return arg(
        QCoreApplication.translate("Withdraw", "Withdrawn on %1 by %2"),
        format_date(when),
        getattr(batch, "withdrawn_by", None) or "?",
    )


def can_withdraw(batch: Any) -> bool:
    return (
        batch is not None
        and getattr(batch, "withdrawn_at", None) is None
        and getattr(batch, "reprocessed_batch", None) is None
        and getattr(batch, "status", "") in ("imported",)
    )


def _count(value: int | None) -> str:
    return format_count(int(value or 0))


class WithdrawDialog(QDialog):
    """What withdrawing a batch would do (a dry run's counts), before it is done."""

    def __init__(self, preview: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Withdraw batch"))
        self.setMinimumSize(820, 320)
        layout = QVBoxLayout(self)
        records = int(preview.records)
        intro = QLabel(
            arg(
                self.tr(
                    "Withdraw batch %1 (%2)? Its %n record(s) leave the accounts: what it "
                    "added is removed, what it corrected gets its earlier version back.",
                    "",
                    records,
                ),
                preview.batch,
                preview.file,
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = [{"entity": entity_label(name), **vars(c)} for name, c in preview.entities.items()]
        self.model = RowTableModel(
            [
                Column(self.tr("Records"), attr("entity")),
                Column(self.tr("Removed"), attr("removed"), _count, right=True),
                Column(self.tr("Earlier version back"), attr("restored"), _count, right=True),
                Column(
                    self.tr("Corrected later (stays)"), attr("corrected_later"), _count, right=True
                ),
                Column(self.tr("Kept (still in use)"), attr("kept"), _count, right=True),
            ],
            self,
        )
        self.view = TableView(self, sortable=False)
        self.view.setModel(self.model)
        self.model.set_rows(rows)
        self.view.fit_columns()
        layout.addWidget(self.view, 1)
        if preview.quarantined:
            quarantined = int(preview.quarantined)
            text = self.tr("%n quarantined record(s) leave the quarantine.", "", quarantined)
            layout.addWidget(hint(text, self))
        self.notes = Banner("", self)
        if preview.notes:
            self.notes.show_text(mask_numbers("\n".join(preview.notes)), warning=True)
        layout.addWidget(self.notes)
        layout.addWidget(
            hint(
                self.tr(
                    "The batch and its records stay listed as withdrawn; the findings follow "
                    "at the next check. The file can be imported again afterwards."
                ),
                self,
            )
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.withdraw_button: QPushButton = self.buttons.addButton(
            self.tr("Withdraw"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)


class BatchWithdrawal(QObject):
    """Runs the dry run, asks with :class:`WithdrawDialog`, then withdraws."""

    message = Signal(str, bool)  # text, warning
    withdrawn = Signal(object)  # the WithdrawResult

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.dialog: WithdrawDialog | None = None
        self.operation: Operation[Any] | None = None

    @staticmethod
    def available() -> bool:
        return engine.available(WITHDRAWAL, "withdraw_batch")

    def start(self, batch: Any) -> Operation[Any] | None:
        """Work out what withdrawing ``batch`` would do and ask to go ahead."""
        if not can_withdraw(batch) or self.operation is not None:
            return None
        return self._run(int(batch.id), dry_run=True)

    def _run(self, batch_id: int, *, dry_run: bool) -> Operation[Any] | None:
        withdraw = engine.function(WITHDRAWAL, "withdraw_batch")
        if withdraw is None:
            self.message.emit(engine.failure(WITHDRAWAL), True)
            return None
        db, user = self.ctx.db, self.ctx.user

        def work(_job: Job) -> Any:
            return withdraw(db, batch_id, user=user, dry_run=dry_run)

        done = self._confirm if dry_run else self._done
        self.operation = Operation(work, done, self._failed, label="withdraw")
        self.operation.signals.finished.connect(self._finished)
        return self.ctx.run(self.operation)

    def _finished(self) -> None:
        self.operation = None

    def _failed(self, exc: BaseException) -> None:
        self.message.emit(mask_numbers(engine.error_message(exc)), True)

    def _confirm(self, preview: Any) -> None:
        self.dialog = WithdrawDialog(preview, self.parent_widget)
        self.dialog.accepted.connect(lambda: self._run(int(preview.batch), dry_run=False))
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None and self.dialog.result() != QDialog.DialogCode.Accepted:
            self.message.emit(self.tr("Nothing was withdrawn."), False)
        self.dialog = None

    def _done(self, result: Any) -> None:
        self.message.emit(
            arg(
                self.tr(
                    "Batch %1 withdrawn: %2 removed, %3 back to their earlier version. Run "
                    "the checks to bring the findings up to date."
                ),
                result.batch,
                format_count(int(result.removed)),
                format_count(int(result.restored)),
            ),
            False,
        )
        self.withdrawn.emit(result)
        self.ctx.changed(RECORDS)
        self.ctx.changed(FINDINGS)
