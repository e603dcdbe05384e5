"""Starting a mapping: its name, title and (for a new partner layout) the partner it belongs
to."""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui.widgets import hint
from ketenkoppeling.ui.workbench.value_map import Codes, code_from_text

NAME = re.compile(r"^[a-z0-9][a-z0-9\-]{0,99}$")


def suggest_name(text: str) -> str:
    """'Trajecten Zandvoort.xlsx' → 'trajecten-zandvoort'."""
    stem = text.rsplit(".", 1)[0].lower()
    name = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return name[:100] or "nieuwe-koppeling"


class StartMappingDialog(QDialog):
    """Asks name and title, and the partner code when ``partners`` is given."""

    def __init__(
        self,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        name: str = "",
        mapping_title: str = "",
        partners: Codes | None = None,
        taken: set[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.taken = taken or set()
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[a-z0-9][a-z0-9\-]{0,99}"), self)
        )
        self.title_edit = QLineEdit(mapping_title, self)
        self.partner_combo: QComboBox | None = None
        form = QFormLayout()
        form.addRow(self.tr("Name (small letters, digits, '-'):"), self.name_edit)
        form.addRow(self.tr("Title:"), self.title_edit)
        if partners is not None:
            self.partner_combo = QComboBox(self)
            self.partner_combo.setEditable(True)
            self.partner_combo.addItem("", "")
            for code, description in sorted(partners):
                self.partner_combo.addItem(f"{code} — {description}" if description else code, code)
            self.partner_combo.setToolTip(
                self.tr("The partner whose files this layout is; leave empty when the file says it")
            )
            form.addRow(self.tr("Partner:"), self.partner_combo)
        self.message = hint("", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(prompt, self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(lambda _t: self._update())
        self.title_edit.textChanged.connect(lambda _t: self._update())
        self._update()

    def name(self) -> str:
        return self.name_edit.text().strip()

    def mapping_title(self) -> str:
        return self.title_edit.text().strip()

    def partner(self) -> str | None:
        if self.partner_combo is None:
            return None
        return code_from_text(self.partner_combo.currentText()) or None

    def _update(self) -> None:
        problem = ""
        if not NAME.match(self.name()):
            problem = self.tr("The name may only hold small letters, digits and '-'.")
        elif self.name() in self.taken:
            problem = self.tr("A mapping with this name exists already.")
        elif not self.mapping_title():
            problem = self.tr("Give the mapping a title.")
        self.message.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
