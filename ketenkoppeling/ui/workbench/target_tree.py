"""The common model beside the sample: every entity with its fields (required ones marked),
and for each what the mapping fills it from. Choosing a field opens it in the field editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ketenkoppeling.mapping.fields import ENTITIES
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.workbench.field_editor import FieldKey, source_summary
from ketenkoppeling.ui.workbench.labels import transform_label, transform_summary

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
MISSING = QColor("#b00020")
UNUSED = QColor("#8a8a8a")


class TargetTree(QTreeWidget):
    """``field_selected(FieldKey)`` when the user chooses a field."""

    field_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Field (* required)"), self.tr("From")])
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)
        self.setColumnWidth(0, 190)  # most field names two levels deep; "From" keeps some room
        self.currentItemChanged.connect(self._on_current)
        self._items: dict[FieldKey, QTreeWidgetItem] = {}

    def refresh(self, document: Any) -> None:
        """Rebuild from ``document`` (selection and expanded entities kept)."""
        current = self.current_key()
        expanded = set()
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top is not None and top.isExpanded():
                expanded.add(top.data(0, KEY_ROLE))
        first_time = self.topLevelItemCount() == 0
        self.blockSignals(True)
        try:
            self.clear()
            self._items = {}
            if document is not None:
                records = document.records()
                kinds: list[str | None] = [r.kind for r in records] if len(records) > 1 else [None]
                for kind in kinds:
                    parent: Any = self
                    if len(kinds) > 1:
                        record_item = QTreeWidgetItem(self, [arg(self.tr("Record %1"), kind or "")])
                        record_item.setData(0, KEY_ROLE, f"record:{kind}")
                        record_item.setExpanded(True)
                        parent = record_item
                    for entity in ENTITIES:
                        item = self._entity_item(parent, document, entity, kind)
                        tag = f"{kind}:{entity}"
                        item.setData(0, KEY_ROLE, tag)
                        used = document.target(entity, record=kind) is not None
                        item.setExpanded(tag in expanded or (first_time and used))
            if current is not None and current in self._items:
                self.setCurrentItem(self._items[current])
        finally:
            self.blockSignals(False)

    def _entity_item(
        self, parent: Any, document: Any, entity: str, record: str | None
    ) -> QTreeWidgetItem:
        info = ENTITIES[entity]
        target = document.target(entity, record=record) if document is not None else None
        item = QTreeWidgetItem(parent, [info.label])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setToolTip(0, entity)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        if target is None:
            item.setText(1, self.tr("not used"))
            item.setForeground(0, QBrush(UNUSED))
            item.setForeground(1, QBrush(UNUSED))
        else:
            notes = []
            if target.optional:
                notes.append(self.tr("optional"))
            missing = document.missing_fields(entity, record=record)
            if missing:
                notes.append(arg(self.tr("%1 required missing"), len(missing)))
                item.setForeground(1, QBrush(MISSING))
            item.setText(1, ", ".join(notes))
        edits = {
            (f.name, f.attribution_index): f
            for f in (document.fields(entity, record=record) if target is not None else [])
        }
        for spec in info.fields:
            if not spec.attribution:
                self._field_item(item, FieldKey(entity, spec.name, None, record), spec, edits,
                                 target is not None)  # fmt: skip
        extra = [
            f for (name, index), f in edits.items() if index is None and info.field(name) is None
        ]
        for edit in extra:
            self._field_item(item, FieldKey(entity, edit.name, None, record), None, edits, True)
        attribution_fields = [f for f in info.fields if f.attribution]
        if attribution_fields:
            count = len(document.attributions(entity, record=record)) if target is not None else 0
            for index in range(max(count, 1)):
                label = arg(self.tr("Attribution %1"), index + 1)
                if index >= count:
                    label += " " + self.tr("(new)")
                else:
                    xpath = document.attribution_xpath(entity, index, record=record)
                    if xpath:
                        label += f" — {xpath}"
                group = QTreeWidgetItem(item, [label])
                group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                group.setExpanded(True)
                for spec in attribution_fields:
                    self._field_item(group, FieldKey(entity, spec.name, index, record), spec, edits,
                                     target is not None)  # fmt: skip
        return item

    def _field_item(
        self, parent: QTreeWidgetItem, key: FieldKey, spec: Any, edits: dict[Any, Any], used: bool
    ) -> None:
        edit = edits.get((key.name, key.attribution))
        label = spec.label if spec is not None else key.name
        if spec is not None and spec.required:
            label += " *"
        source = source_summary(edit)
        item = QTreeWidgetItem(parent, [label, source])
        item.setToolTip(0, f"{label} ({key.entity}.{key.name})")
        if edit is not None and edit.transforms:
            steps = [transform_summary(t) for t in edit.transforms]
            item.setText(
                1, f"{source} · {', '.join(transform_label(t.kind) for t in edit.transforms)}"
            )
            item.setToolTip(1, "\n".join([source, *[f"→ {s}" for s in steps]]))
        else:
            item.setToolTip(1, source)
        item.setData(0, KEY_ROLE, key)
        if spec is not None and spec.required:
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
        if edit is None and used and spec is not None and spec.required:
            item.setText(1, self.tr("missing"))
            item.setForeground(1, QBrush(MISSING))
        if not used:
            item.setForeground(0, QBrush(UNUSED))
        self._items[key] = item

    def current_key(self) -> FieldKey | None:
        item = self.currentItem()
        key = item.data(0, KEY_ROLE) if item is not None else None
        return key if isinstance(key, FieldKey) else None

    def select(self, key: FieldKey) -> bool:
        item = self._items.get(key)
        if item is None:
            return False
        parent = item.parent()
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()
        self.setCurrentItem(item)
        self.scrollToItem(item)
        return True

    def item_for(self, key: FieldKey) -> QTreeWidgetItem | None:
        return self._items.get(key)

    def _on_current(self, current: QTreeWidgetItem | None, _previous: Any) -> None:
        key = current.data(0, KEY_ROLE) if current is not None else None
        self.field_selected.emit(key if isinstance(key, FieldKey) else None)
