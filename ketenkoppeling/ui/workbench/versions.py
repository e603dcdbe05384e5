"""A mapping's versions (who saved which, when, and why), comparing two of them, going back
to one, and the dialog that asks the comment for a new version."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFontDatabase, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.dialogs import ReasonDialog
from ketenkoppeling.ui.formatting import arg, format_date
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.widgets import TableView, hint, subheading


class VersionsPanel(QWidget):
    """The versions of the open mapping, newest first. Select two to compare them."""

    compare_requested = Signal(object, object)  # older, newer MappingVersion
    restore_requested = Signal(object)  # MappingVersion
    open_requested = Signal(object)  # MappingVersion

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowTableModel(
            [
                Column(self.tr("Version"), attr("version"), right=True),
                Column(self.tr("Origin"), attr("origin")),
                Column(self.tr("Author"), attr("author"), lambda a: a or "–"),
                Column(self.tr("Saved"), attr("created_at"), format_date),
                Column(self.tr("Comment"), attr("comment")),
            ],
            self,
        )
        self.view = TableView(self, sortable=False)
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.view.doubleClicked.connect(lambda _i: self._open())
        self.compare_button = QPushButton(self.tr("Compare…"), self)
        self.compare_button.setToolTip(
            self.tr(
                "Show the differences between the two selected versions, or between the "
                "selected one and the newest"
            )
        )
        self.compare_button.clicked.connect(self._compare)
        self.open_button = QPushButton(self.tr("Open in editor"), self)
        self.open_button.setToolTip(self.tr("Load this version into the editor"))
        self.open_button.clicked.connect(self._open)
        self.restore_button = QPushButton(self.tr("Go back to this version…"), self)
        self.restore_button.setToolTip(
            self.tr("Save the selected version again as the newest one (nothing is lost)")
        )
        self.restore_button.clicked.connect(self._restore)
        self.restore_refusal = ""  # why the user's role may not go back to a version
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(subheading(self.tr("Versions"), self))
        layout.addWidget(
            hint(
                self.tr(
                    "Every save is a new version. Select two versions (Ctrl+click) to compare "
                    "them; going back saves an old version again as the newest."
                ),
                self,
            )
        )
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._update()

    def set_versions(self, versions: list[Any]) -> None:
        self.model.set_rows(list(reversed(versions)))
        self.view.fit_columns()
        self._update()

    def versions(self) -> list[Any]:
        """Oldest first, as the store lists them."""
        return list(reversed(self.model.rows))

    def _selected(self) -> list[Any]:
        rows = [r for r in self.view.selected_rows() if r is not None]
        return sorted(rows, key=lambda v: int(v.version) if v.version.isdigit() else 0)

    def _update(self) -> None:
        chosen = self._selected()
        self.compare_button.setEnabled(
            len(chosen) == 2 or (len(chosen) == 1 and self.model.rowCount() > 1)
        )
        self.open_button.setEnabled(len(chosen) == 1)
        newest = self.model.rows[0] if self.model.rows else None
        allowed = not self.restore_refusal
        self.restore_button.setEnabled(allowed and len(chosen) == 1 and chosen[0] is not newest)

    def set_restore_refusal(self, refusal: str) -> None:
        """Disable going back for a role that may not change mappings (``refusal``: why)."""
        self.restore_refusal = refusal
        if refusal:
            self.restore_button.setToolTip(refusal)
        self._update()

    def _compare(self) -> None:
        chosen = self._selected()
        if len(chosen) == 1 and self.model.rows:
            newest = self.model.rows[0]
            if newest is chosen[0]:
                return
            chosen = [chosen[0], newest]
        if len(chosen) == 2:
            self.compare_requested.emit(chosen[0], chosen[1])

    def _restore(self) -> None:
        chosen = self._selected()
        if len(chosen) == 1:
            self.restore_requested.emit(chosen[0])

    def _open(self) -> None:
        chosen = self._selected()
        if len(chosen) == 1:
            self.open_requested.emit(chosen[0])


class _DiffHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.added = QTextCharFormat()
        self.added.setBackground(QColor("#e6f4ea"))
        self.added.setForeground(QColor("#0b6b2b"))
        self.removed = QTextCharFormat()
        self.removed.setBackground(QColor("#fde7e9"))
        self.removed.setForeground(QColor("#9b1c1c"))
        self.header = QTextCharFormat()
        self.header.setForeground(QColor("#5a5a5a"))

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---", "@@")):
            self.setFormat(0, len(text), self.header)
        elif text.startswith("+"):
            self.setFormat(0, len(text), self.added)
        elif text.startswith("-"):
            self.setFormat(0, len(text), self.removed)


class DiffDialog(QDialog):
    """The differences between two versions: removed lines red, added lines green."""

    def __init__(self, title: str, diff: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                self.tr("Lines starting with − were removed, lines starting with + were added."),
                self,
            )
        )
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(diff or self.tr("The two versions are the same."))
        self._highlighter = _DiffHighlighter(self.text.document())
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class CommentDialog(ReasonDialog):
    """Asks the comment that goes with a new version; OK only once one is typed."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(title, prompt, parent)
        self.setMinimumWidth(480)
        self.editor.setPlaceholderText(self.tr("What changed, and why (required)"))
        self.editor.setMinimumHeight(90)

    def comment(self) -> str:
        return self.reason()


def version_label(version: Any) -> str:
    """'versie 3' in the interface's words (the number alone when there is no object)."""
    from PySide6.QtCore import QCoreApplication

    number = getattr(version, "version", version)
    return arg(QCoreApplication.translate("VersionsPanel", "version %1"), number)
