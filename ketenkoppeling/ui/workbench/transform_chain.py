"""A field's (or setting's) chain of transforms: add, remove and reorder them, and edit the
selected one's parameters — a choice list where the schema gives the choices, the value map
as a table."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.mapping.document import TransformEdit
from ketenkoppeling.mapping.fields import DATE_FORMATS, TRANSFORMS, choice_label
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.widgets import hint, subheading
from ketenkoppeling.ui.workbench.compact import shrinkable
from ketenkoppeling.ui.workbench.labels import transform_summary
from ketenkoppeling.ui.workbench.value_map import Codes, ValueMapEditor


def _default_params(kind: str) -> dict[str, str]:
    """A new transform gets a value for every required parameter (the first choice, or a
    sensible start) so that it is valid at once."""
    info = TRANSFORMS[kind]
    params: dict[str, str] = {}
    for param in info.params:
        if not param.required:
            continue
        if param.choices:
            params[param.name] = param.choices[0]
        elif (kind, param.name) == ("date", "formats"):
            params[param.name] = "dd-mm-yyyy"
        else:
            params[param.name] = ""
    return params


class TransformChainEditor(QWidget):
    """``changed`` after every edit; :meth:`transforms` gives the chain."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, title: str | None = None) -> None:
        super().__init__(parent)
        self._chain: list[TransformEdit] = []
        self._loading = False
        self._codes: tuple[str, Codes] = ("", [])
        self._suggestions: list[str] = []
        self.map_otherwise = "keep"  # what a new value map does with values it lacks
        self.list = QListWidget(self)
        self.list.setMinimumHeight(56)
        self.list.setMaximumHeight(100)
        self.list.currentRowChanged.connect(self._show_params)
        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("Add"))
        self.add_button.setToolTip(self.tr("Add a transform at the end of the chain"))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder)
        )
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for kind, info in TRANSFORMS.items():
            action = menu.addAction(info.label)
            action.setToolTip(info.description)
            action.setStatusTip(info.description)
            action.triggered.connect(lambda _c=False, kind=kind: self.add(kind))
        menu.setToolTipsVisible(True)
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button = QToolButton(self)
        self.up_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.up_button.setToolTip(self.tr("Move up (earlier in the chain)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QToolButton(self)
        self.down_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.down_button.setToolTip(self.tr("Move down (later in the chain)"))
        self.down_button.clicked.connect(lambda: self.move_current(1))

        self.params_box = QWidget(self)
        self.params_form = QFormLayout(self.params_box)
        self.params_form.setContentsMargins(0, 0, 0, 0)
        self.params_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.params_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.params_hint = hint("", self)
        self.value_map = ValueMapEditor(self)
        self.value_map.changed.connect(self._map_edited)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(subheading(title or self.tr("Transforms, in order"), self))
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.params_hint)
        layout.addWidget(self.params_box)
        layout.addWidget(self.value_map, 1)
        self._show_params(-1)

    # --- content --------------------------------------------------------------------------

    def set_codes(self, lookup: str, codes: Codes) -> None:
        self._codes = (lookup, codes)
        self.value_map.set_codes(lookup, codes)

    def set_suggestions(self, values: list[str]) -> None:
        self._suggestions = values
        self.value_map.set_suggestions(values)

    def set_transforms(self, transforms: list[TransformEdit]) -> None:
        current = self.list.currentRow()
        self._chain = [copy.deepcopy(t) for t in transforms]
        self._fill_list(current if 0 <= current < len(self._chain) else -1)

    def transforms(self) -> list[TransformEdit]:
        return [copy.deepcopy(t) for t in self._chain]

    def add(self, kind: str) -> None:
        """Add a transform at the end of the chain (a value map gets the codes offered)."""
        params = _default_params(kind)
        if kind == "map" and self.map_otherwise not in ("", "keep"):
            params["otherwise"] = self.map_otherwise
        self._chain.append(TransformEdit(kind, params, []))
        self._fill_list(len(self._chain) - 1)
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._chain):
            del self._chain[row]
            self._fill_list(min(row, len(self._chain) - 1))
            self.changed.emit()

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        other = row + step
        if 0 <= row < len(self._chain) and 0 <= other < len(self._chain):
            self._chain[row], self._chain[other] = self._chain[other], self._chain[row]
            self._fill_list(other)
            self.changed.emit()

    def select(self, kind: str) -> bool:
        """Select the first transform of ``kind`` (to edit its parameters)."""
        for row, transform in enumerate(self._chain):
            if transform.kind == kind:
                self.list.setCurrentRow(row)
                return True
        return False

    def param_widget(self, name: str) -> QWidget | None:
        """The editor of the selected transform's parameter ``name`` (tests)."""
        for row in range(self.params_form.rowCount()):
            item = self.params_form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is not None and widget.objectName() == name:
                return widget
        return None

    # --- internals ------------------------------------------------------------------------

    def _fill_list(self, select: int) -> None:
        was = self._loading  # loading may happen inside another load
        self._loading = True
        try:
            self.list.clear()
            for number, transform in enumerate(self._chain, start=1):
                summary = transform_summary(transform)
                self.list.addItem(f"{number}. {summary}")
                info = TRANSFORMS.get(transform.kind)
                item = self.list.item(number - 1)
                if item is not None:
                    item.setToolTip(f"{summary}\n{info.description}" if info else summary)
            self.list.setCurrentRow(select)
        finally:
            self._loading = was
        self._show_params(select)

    def _refresh_labels(self) -> None:
        for row, transform in enumerate(self._chain):
            item = self.list.item(row)
            if item is not None:
                item.setText(f"{row + 1}. {transform_summary(transform)}")

    def _show_params(self, row: int) -> None:
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        has = 0 <= row < len(self._chain)
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < len(self._chain) - 1)
        self.value_map.setVisible(False)
        self.params_hint.setVisible(True)
        if not has:
            self.params_hint.setText(
                self.tr("Select a transform to set its parameters.")
                if self._chain
                else self.tr("No transforms: the value is taken as it is.")
            )
            return
        transform = self._chain[row]
        info = TRANSFORMS.get(transform.kind)
        if info is None:
            self.params_hint.setText(arg(self.tr("Unknown transform '%1'."), transform.kind))
            return
        self.params_hint.setText("" if info.entries else info.description)
        self.params_hint.setVisible(not info.entries)
        for param in info.params:
            if transform.kind == "map" and param.name in ("otherwise", "ignore-case"):
                continue  # edited beside the table
            self.params_form.addRow(
                param.label + (" *" if param.required else ""), self._param_editor(transform, param)
            )
        if info.entries:
            self.value_map.set_map(list(transform.entries), dict(transform.params))
            self.value_map.setVisible(True)

    def _param_editor(self, transform: TransformEdit, param: Any) -> QWidget:
        value = transform.params.get(param.name, "")
        if param.choices:
            combo = shrinkable(QComboBox(self.params_box))
            if not param.required:
                default = choice_label(param.default) if param.default else self.tr("none")
                combo.addItem(arg(self.tr("(default: %1)"), default), "")
            for choice in param.choices:
                combo.addItem(choice_label(choice), choice)
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, n=param.name, t=transform: self._set_param(
                    t, n, c.currentData()
                )
            )
            combo.setObjectName(param.name)
            return combo
        if (transform.kind, param.name) == ("date", "formats"):
            combo = shrinkable(QComboBox(self.params_box))
            combo.setEditable(True)
            combo.addItems([" ".join(DATE_FORMATS[:3]), *DATE_FORMATS])
            combo.setEditText(value)
            combo.setToolTip(self.tr("One or more formats, separated by spaces"))
            combo.editTextChanged.connect(
                lambda text, n=param.name, t=transform: self._set_param(t, n, text)
            )
            combo.setObjectName(param.name)
            return combo
        edit = QLineEdit(value, self.params_box)
        edit.textEdited.connect(lambda text, n=param.name, t=transform: self._set_param(t, n, text))
        edit.setObjectName(param.name)
        return edit

    def _set_param(self, transform: TransformEdit, name: str, value: Any) -> None:
        if self._loading:
            return
        text = "" if value is None else str(value)
        info = TRANSFORMS.get(transform.kind)
        required = any(p.name == name and p.required for p in info.params) if info else False
        if text or required:
            transform.params[name] = text
        else:
            transform.params.pop(name, None)
        self._refresh_labels()
        self.changed.emit()

    def _map_edited(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._chain) or self._chain[row].kind != "map":
            return
        transform = self._chain[row]
        transform.entries = self.value_map.entries()
        params = {
            k: v for k, v in transform.params.items() if k not in ("otherwise", "ignore-case")
        }
        params.update(self.value_map.params())
        transform.params = params
        self._refresh_labels()
        self.changed.emit()
