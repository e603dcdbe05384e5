"""The saved versions of an allocation key (who, when, why), to open one in the form or to
compare two; and the dialog asking what changed when a key is saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.accounting.allocation_store import KeyVersion, diff_versions
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.widgets import TableView, subheading


def _moment(value: Any) -> str:
    return "" if value is None else f"{value:%d-%m-%Y %H:%M}"


class KeyVersionsPanel(QWidget):
    """``open_requested(version)`` opens a version in the form; Compare shows the changes
    between two selected versions (or the selected one and the one before it)."""

    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(subheading(self.tr("Versions"), self))
        self.model = RowTableModel(
            [
                Column(self.tr("Version"), attr("version"), right=True),
                Column(self.tr("Comment"), attr("comment"), tooltip=attr("comment")),
                Column(self.tr("Author"), attr("author")),
                Column(self.tr("Saved"), attr("created_at"), _moment),
            ],
            self,
        )
        self.view = TableView(self)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()  # the comment takes what the rest leaves
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.view)
        bar = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open version"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button = QPushButton(self.tr("Compare…"), self)
        self.compare_button.clicked.connect(self.compare_selected)
        bar.addWidget(self.open_button)
        bar.addWidget(self.compare_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.versions: list[KeyVersion] = []
        self.view.current_row_changed.connect(lambda _row: self._update())
        self._update()

    def set_versions(self, versions: list[KeyVersion]) -> None:
        self.versions = list(versions)
        self.model.set_rows(list(reversed(self.versions)))  # newest first
        self._update()

    def _update(self) -> None:
        chosen = self.view.current_row() is not None
        self.open_button.setEnabled(chosen)
        self.compare_button.setEnabled(chosen and len(self.versions) > 1)

    def open_selected(self) -> None:
        version = self.view.current_row()
        if version is not None:
            self.open_requested.emit(version)

    def comparison(self) -> tuple[KeyVersion, KeyVersion] | None:
        """The two versions to compare: two selected, or the selected one and its predecessor
        (the first version: with the next one)."""
        chosen = sorted(self.view.selected_rows(), key=lambda v: v.version)
        if len(chosen) >= 2:
            return chosen[0], chosen[-1]
        current = self.view.current_row()
        if current is None or len(self.versions) < 2:
            return None
        ordered = sorted(self.versions, key=lambda v: v.version)
        at = next(i for i, v in enumerate(ordered) if v.version == current.version)
        return (ordered[at - 1], current) if at > 0 else (current, ordered[1])

    def compare_selected(self) -> None:
        pair = self.comparison()
        if pair is not None:
            KeyDiffDialog(pair[0], pair[1], self).exec()


class KeyDiffDialog(QDialog):
    def __init__(self, old: KeyVersion, new: KeyVersion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            arg(self.tr("%1: version %2 and version %3"), new.name, old.version, new.version)
        )
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                arg(
                    self.tr("Lines starting with − were in version %1, with + are in version %2."),
                    old.version,
                    new.version,
                ),
                self,
            )
        )
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        diff = diff_versions(old, new)
        self.text.setPlainText(diff or self.tr("The two versions are the same."))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class SaveKeyDialog(QDialog):
    """Asks what changed; the comment is shown in the list of versions."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save allocation key"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        label = QLabel(
            arg(self.tr("What did you change in '%1'? This is shown with the version."), name),
            self,
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText(self.tr("e.g. percentage Zandvoort to 5 %"))
        layout.addWidget(self.comment)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def ask(name: str, parent: QWidget | None = None) -> str | None:
        dialog = SaveKeyDialog(name, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.comment.text().strip()
        return None
