"""The mapping's XML text for those who prefer it: line numbers, the lines with a schema
error marked, and the list of errors under it (clicking one moves the cursor to its line).
Edits are announced after a pause in typing, so the form follows a valid text."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.widgets import hint

TEXT_DEBOUNCE_MS = 600
_LINE = re.compile(r"\b(?:regel|line)\s+(\d+)", re.IGNORECASE)
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


def error_line(message: str) -> int | None:
    """The line a validation message names ("…, regel 12: …"), or None."""
    found = _LINE.search(message)
    return int(found.group(1)) if found else None


class _Gutter(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: Any) -> None:
        self.editor.paint_gutter(event)


class CodeEditor(QPlainTextEdit):
    """A monospace text editor with line numbers and marked error lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 2)
        self._gutter = _Gutter(self)
        self._error_lines: set[int] = set()
        self.blockCountChanged.connect(lambda _n: self._update_margin())
        self.updateRequest.connect(self._on_update_request)
        self.cursorPositionChanged.connect(self._highlight)
        self._update_margin()

    def gutter_width(self) -> int:
        digits = max(3, len(str(max(1, self.blockCount()))))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margin(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_gutter(self, event: Any) -> None:
        painter = QPainter(self._gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                error = number + 1 in self._error_lines
                painter.setPen(QColor("#b00020") if error else palette.placeholderText().color())
                painter.drawText(
                    0, top, self._gutter.width() - 5, height,
                    int(Qt.AlignmentFlag.AlignRight), str(number + 1),
                )  # fmt: skip
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1

    def set_error_lines(self, lines: set[int]) -> None:
        self._error_lines = lines
        self._highlight()
        self._gutter.update()

    def _highlight(self) -> None:
        selections = []
        for line in sorted(self._error_lines):
            block = self.document().findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor("#fde7e9"))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.setExtraSelections(selections)

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1


class MappingTextView(QWidget):
    """The XML text with the validation errors under it.

    ``text_edited(text)`` is emitted a moment after the user stopped typing (not when the
    form regenerated the text through :meth:`set_text`)."""

    text_edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = CodeEditor(self)
        self.errors = QListWidget(self)
        self.errors.setWordWrap(True)
        self.errors.setMinimumHeight(48)
        self.errors.itemActivated.connect(self._go_to_error)
        self.errors.itemClicked.connect(self._go_to_error)
        self.status = hint("", self)
        self._programmatic = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TEXT_DEBOUNCE_MS)
        self._timer.timeout.connect(self._announce)
        self.editor.textChanged.connect(self._on_text_changed)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(2)
        lower_layout.addWidget(self.status)
        lower_layout.addWidget(self.errors, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.editor)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.set_errors([])

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Show ``text`` (regenerated from the form), keeping the cursor's line in view."""
        if text == self.editor.toPlainText():
            return
        line = self.editor.current_line()
        scroll = self.editor.verticalScrollBar().value()
        self._programmatic = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._programmatic = False
        block = self.editor.document().findBlockByNumber(line - 1)
        if block.isValid():
            self.editor.setTextCursor(QTextCursor(block))
        self.editor.verticalScrollBar().setValue(scroll)

    def set_errors(self, messages: list[str]) -> None:
        self.errors.clear()
        lines: set[int] = set()
        for message in messages:
            item = QListWidgetItem(message, self.errors)
            line = error_line(message)
            if line is not None:
                item.setData(LINE_ROLE, line)
                lines.add(line)
                item.setToolTip(self.tr("Click to go to this line"))
        self.editor.set_error_lines(lines)
        self.errors.setVisible(bool(messages))
        if messages:
            self.status.setText(self.tr("The text does not follow the mapping schema:"))
        else:
            self.status.setText(
                self.tr("The text is valid; changes here are taken over into the form.")
            )

    def error_messages(self) -> list[str]:
        return [self.errors.item(i).text() for i in range(self.errors.count())]

    def go_to_line(self, line: int) -> None:
        self.editor.go_to_line(line)

    def _go_to_error(self, item: QListWidgetItem) -> None:
        line = item.data(LINE_ROLE)
        if isinstance(line, int):
            self.editor.go_to_line(line)

    def _on_text_changed(self) -> None:
        if not self._programmatic:
            self._timer.start()

    def _announce(self) -> None:
        self.text_edited.emit(self.editor.toPlainText())

    def flush(self) -> None:
        """Announce a pending edit now (before saving)."""
        if self._timer.isActive():
            self._timer.stop()
            self._announce()
