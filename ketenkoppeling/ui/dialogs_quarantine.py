"""Dialogs of the quarantine: the expected outcome of reprocessing before it runs, and adding
a value a value map does not know (a quick fix that saves a new mapping version)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.formatting import arg, format_count, mask_numbers
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.quarantine import ExpectedOutcome, ValueMapMiss, fix_comment
from ketenkoppeling.ui.widgets import Banner, TableView, hint


def _count(value: int | None) -> str:
    return format_count(int(value or 0))


class ReprocessDialog(QDialog):
    """What reprocessing would do, per batch, before it is run: how many records would now
    be stored and how many stay quarantined, with their reasons."""

    def __init__(
        self, scope: str, outcomes: list[ExpectedOutcome], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reprocess quarantined records"))
        self.setMinimumSize(980, 360)
        self.outcomes = outcomes
        layout = QVBoxLayout(self)
        intro = QLabel(scope, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(
            hint(
                self.tr(
                    "Expected outcome with the current mapping and reference data. Nothing "
                    "has been stored yet; each batch reprocessed becomes a new batch."
                ),
                self,
            )
        )
        self.model = RowTableModel(
            [
                Column(self.tr("Batch"), attr("batch"), right=True),
                Column(self.tr("File"), attr("file")),
                Column(self.tr("Mapping"), attr("mapping")),
                Column(self.tr("Now stored"), attr("stored"), _count, right=True),
                Column(self.tr("Stay quarantined"), attr("quarantined"), _count, right=True),
                Column(
                    self.tr("Reasons"),
                    attr("reasons"),
                    mask_numbers,
                    tooltip=lambda o: mask_numbers(o.reasons) or None,
                ),
            ],
            self,
        )
        self.view = TableView(self, sortable=False)
        self.view.setModel(self.model)
        self.model.set_rows(outcomes)
        self.view.fit_columns(maximum=240)  # the reasons take the remaining width
        layout.addWidget(self.view, 1)
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.view.current_row_changed.connect(self._show_reasons)
        layout.addWidget(self.reasons)
        self.view.select_first()
        stored = sum(o.stored for o in outcomes)
        quarantined = sum(o.quarantined for o in outcomes)
        self.summary = Banner("", self)
        self.summary.show_text(
            arg(
                self.tr("%Ln record(s) would be stored; still quarantined: %1.", "", stored),
                format_count(quarantined),
            ),
            warning=stored == 0,
        )
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.run_button: QPushButton = self.buttons.addButton(
            self.tr("Reprocess"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.run_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _show_reasons(self, outcome: ExpectedOutcome | None) -> None:
        """The reasons of the selected batch in full (the table cuts them off)."""
        if outcome is None or not outcome.reasons:
            self.reasons.clear()
            return
        self.reasons.setText(
            arg(
                self.tr("Batch %1 stays quarantined for: %2"),
                outcome.batch or "",
                mask_numbers(outcome.reasons),
            )
        )


class AddValueDialog(QDialog):
    """Adds a value a value map does not know, with a code from the reference data; the
    mapping is saved as a new version with the comment given."""

    def __init__(
        self,
        miss: ValueMapMiss,
        mapping: str,
        choices: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.miss = miss
        self._comment_edited = False
        self.setWindowTitle(self.tr("Add value to value table"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                self.tr(
                    "The value is added to the mapping's value table for this field; the "
                    "mapping is saved as a new version."
                ),
                self,
            )
        )
        form = QFormLayout()
        value = QLabel(f"'{mask_numbers(miss.value)}'", self)
        value.setObjectName("value")
        form.addRow(self.tr("Value"), value)
        form.addRow(self.tr("Field"), QLabel(f"{miss.target_text()} ({miss.target})", self))
        form.addRow(self.tr("Mapping"), QLabel(mapping, self))
        self.code_combo = QComboBox(self)
        self.code_combo.setPlaceholderText(self.tr("Choose a code…"))
        for code, description in choices:
            self.code_combo.addItem(f"{code} — {description}" if description else code, code)
        self.code_combo.setCurrentIndex(-1)
        form.addRow(self.tr("Code"), self.code_combo)
        self.comment_edit = QLineEdit(self)
        form.addRow(self.tr("Comment"), self.comment_edit)
        layout.addLayout(form)
        self.reprocess_check = QCheckBox(
            self.tr("Then reprocess the records quarantined for this reason"), self
        )
        self.reprocess_check.setChecked(True)
        layout.addWidget(self.reprocess_check)
        self.warning = Banner("", self)
        if not choices:
            self.warning.show_text(
                self.tr("The reference data has no codes for this field: load it first."),
                warning=True,
            )
        layout.addWidget(self.warning)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.code_combo.currentIndexChanged.connect(self._code_chosen)
        self.comment_edit.textEdited.connect(self._edited)
        self.comment_edit.textChanged.connect(self._update)
        self._update()

    def _code_chosen(self, _index: int) -> None:
        if not self._comment_edited and self.code():
            self.comment_edit.setText(fix_comment(self.miss.value, self.code()))
        self._update()

    def _edited(self, _text: str) -> None:
        self._comment_edited = True

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.code()) and bool(self.comment()))

    def choose(self, code: str) -> bool:
        """Select ``code`` in the list (as a user would); False when it is not there."""
        index = self.code_combo.findData(code)
        if index >= 0:
            self.code_combo.setCurrentIndex(index)
        return index >= 0

    def code(self) -> str:
        data = self.code_combo.currentData()
        return str(data) if data else ""

    def comment(self) -> str:
        return self.comment_edit.text().strip()

    def reprocess_after(self) -> bool:
        return self.reprocess_check.isChecked()
