"""Dialogs: a reason to give, an error to show, files to choose."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
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


class FileDialogText(QObject):
    """The labels of Qt's own file dialog in the interface language: Qt's Dutch translation
    lacks "&Look in:" and "Files of &type:", so every file dialog of the application sets
    all its labels here."""

    def labels(self, mode: QFileDialog.AcceptMode) -> dict[QFileDialog.DialogLabel, str]:
        label = QFileDialog.DialogLabel
        save = mode == QFileDialog.AcceptMode.AcceptSave
        return {
            label.LookIn: self.tr("&Look in:"),
            label.FileName: self.tr("File &name:"),
            label.FileType: self.tr("Files of &type:"),
            label.Accept: self.tr("&Save") if save else self.tr("&Open"),
            label.Reject: self.tr("Cancel"),
        }


def file_dialog(
    parent: QWidget | None,
    caption: str,
    start: str,
    filters: str,
    *,
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFiles,
    save: bool = False,
) -> QFileDialog:
    """A file dialog with every label in the interface language (see FileDialogText)."""
    dialog = QFileDialog(parent, caption, start, filters)
    dialog.setFileMode(mode)
    accept = QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    dialog.setAcceptMode(accept)
    for which, text in FileDialogText().labels(accept).items():
        dialog.setLabelText(which, text)
    return dialog


def run_file_dialog(dialog: QFileDialog) -> list[str]:
    """The files chosen (none when cancelled); a separate function so tests can stub it."""
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    return [name for name in dialog.selectedFiles() if name]


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
    mode = QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile
    names = run_file_dialog(file_dialog(parent, caption, start, filters, mode=mode))
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
    *,
    confirm_overwrite: bool = True,
) -> Path | None:
    start = str(Path(settings.last_directory(purpose)) / suggested)
    dialog = file_dialog(
        parent, caption, start, filters, mode=QFileDialog.FileMode.AnyFile, save=True
    )
    if not confirm_overwrite:
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
    names = run_file_dialog(dialog)
    if not names:
        return None
    path = Path(names[0])
    if not path.suffix and "xlsx" in filters:
        path = path.with_suffix(".xlsx")
    settings.set_last_directory(purpose, path)
    return path
