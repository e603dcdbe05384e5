"""Dialogs: a reason to give, an error to show, files to choose."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.settings import AppSettings


class ReasonDialog(QDialog):
    """Asks for a reason; OK only once one is typed (it is recorded in the audit trail)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(self.tr("Reason (required)"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(100)
        layout.addWidget(self.editor)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.editor.textChanged.connect(self._update)
        self._update()
        self.editor.setFocus()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason()))

    def reason(self) -> str:
        return self.editor.toPlainText().strip()

    def keyPressEvent(self, event: object) -> None:
        # Ctrl+Enter confirms from inside the text field.
        from PySide6.QtGui import QKeyEvent

        if (
            isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and self.reason()
        ):
            self.accept()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    @staticmethod
    def ask(title: str, prompt: str, parent: QWidget | None = None) -> str | None:
        dialog = ReasonDialog(title, prompt, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.reason():
            return dialog.reason()
        return None


def show_error(parent: QWidget | None, title: str, message: str, detail: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    if detail:
        box.setDetailedText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def choose_open_files(
    parent: QWidget | None,
    settings: AppSettings,
    purpose: str,
    caption: str,
    filters: str,
    *,
    many: bool = True,
) -> list[Path]:
    start = settings.last_directory(purpose)
    if many:
        names, _ = QFileDialog.getOpenFileNames(parent, caption, start, filters)
    else:
        name, _ = QFileDialog.getOpenFileName(parent, caption, start, filters)
        names = [name] if name else []
    paths = [Path(n) for n in names if n]
    if paths:
        settings.set_last_directory(purpose, paths[0])
    return paths


def choose_save_file(
    parent: QWidget | None,
    settings: AppSettings,
    purpose: str,
    caption: str,
    filters: str,
    suggested: str,
) -> Path | None:
    start = str(Path(settings.last_directory(purpose)) / suggested)
    name, _ = QFileDialog.getSaveFileName(parent, caption, start, filters)
    if not name:
        return None
    path = Path(name)
    if not path.suffix and "xlsx" in filters:
        path = path.with_suffix(".xlsx")
    settings.set_last_directory(purpose, path)
    return path
