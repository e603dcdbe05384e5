"""The filter bar of the findings queue: rule, severity, status, partner and assignee, and the
named views a user saved (reapplied from a combo)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ketenkoppeling.checks.queue import NOBODY, QueueFilter, SavedView
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.models.findings import (
    RULES,
    SEVERITIES,
    STATUSES,
    rule_name,
    severity_text,
    status_text,
)

ANY = "\x00any"  # combo data: no filter on this field


def _select(combo: QComboBox, value: Any, label: str | None = None) -> None:
    index = combo.findData(value)
    if index < 0:
        combo.addItem(label or str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _value(combo: QComboBox) -> tuple[str, ...]:
    data = combo.currentData()
    return () if data is None or data == ANY else (str(data),)


class FindingFilterBar(QWidget):
    """Five combos; ``changed`` whenever one of them does."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rule_combo = self._combo(layout, self.tr("Rule:"))
        self.rule_combo.addItem(self.tr("All rules"), ANY)
        for rule in RULES:
            self.rule_combo.addItem(f"{rule} — {rule_name(rule)}", rule)
        self.rule_combo.setMinimumContentsLength(14)
        self.rule_combo.view().setMinimumWidth(360)  # the list shows the rules' names in full
        self.severity_combo = self._combo(layout, self.tr("Severity:"))
        self.severity_combo.addItem(self.tr("All"), ANY)
        for severity in SEVERITIES:
            self.severity_combo.addItem(severity_text(severity), severity)
        self.status_combo = self._combo(layout, self.tr("Status:"))
        for status in STATUSES:
            self.status_combo.addItem(status_text(status), ANY if status == "all" else status)
        self.partner_combo = self._combo(layout, self.tr("Partner:"))
        # partner names are long: a wider box, and a drop-down wide enough for the full name
        self.partner_combo.setMinimumContentsLength(12)
        self.partner_combo.view().setMinimumWidth(320)
        self.partner_combo.addItem(self.tr("All partners"), ANY)
        self.assignee_combo = self._combo(layout, self.tr("Assigned to:"))
        self._me = ""
        self.set_people([], "")
        layout.addStretch(1)
        for combo in self.combos():
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def _combo(self, layout: QHBoxLayout, label: str) -> QComboBox:
        layout.addWidget(QLabel(label, self))
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(7)
        layout.addWidget(combo)
        return combo

    def combos(self) -> list[QComboBox]:
        return [self.rule_combo, self.severity_combo, self.status_combo, self.partner_combo,
                self.assignee_combo]  # fmt: skip

    # --- choices that depend on the data ---------------------------------------------------

    def set_partners(self, partners: Sequence[str]) -> None:
        keep = self.partner_combo.currentData()
        self.partner_combo.blockSignals(True)
        self.partner_combo.clear()
        self.partner_combo.addItem(self.tr("All partners"), ANY)
        for partner in partners:
            self.partner_combo.addItem(partner, partner)
        _select(self.partner_combo, keep if keep is not None else ANY)
        self.partner_combo.blockSignals(False)

    def set_people(self, people: Sequence[str], me: str) -> None:
        keep = self.assignee_combo.currentData()
        self._me = me
        combo = self.assignee_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Anyone"), ANY)
        combo.addItem(self.tr("Nobody"), NOBODY)
        if me:
            combo.addItem(arg(self.tr("Me (%1)"), me), me)
        for person in people:
            if person != me:
                combo.addItem(person, person)
        _select(combo, keep if keep is not None else ANY)
        combo.blockSignals(False)

    # --- the filter -----------------------------------------------------------------------

    def queue_filter(self) -> QueueFilter:
        return QueueFilter(
            rules=_value(self.rule_combo),
            severities=_value(self.severity_combo),
            statuses=_value(self.status_combo),
            partners=_value(self.partner_combo),
            assignees=_value(self.assignee_combo),
        )

    def set_filter(self, queue_filter: QueueFilter) -> None:
        """Show ``queue_filter`` (a combo shows the first value of a field)."""
        pairs = (
            (self.rule_combo, queue_filter.rules),
            (self.severity_combo, queue_filter.severities),
            (self.status_combo, queue_filter.statuses),
            (self.partner_combo, queue_filter.partners),
            (self.assignee_combo, queue_filter.assignees),
        )
        for combo, values in pairs:
            combo.blockSignals(True)
            _select(combo, values[0] if values else ANY)
            combo.blockSignals(False)
        self.changed.emit()


class ViewCombo(QComboBox):
    """The saved views of the user; choosing one emits ``view_chosen`` with its filter."""

    view_chosen = Signal(object)  # QueueFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setToolTip(self.tr("Saved views: choose one to apply its filters"))
        self.views: list[SavedView] = []
        self.set_views([])
        self.activated.connect(self._chosen)

    def set_views(self, views: Sequence[SavedView], current: str | None = None) -> None:
        self.views = list(views)
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Saved views…") if self.views else self.tr("No saved views"), None)
        for view in self.views:
            self.addItem(view.name, view.name)
        index = self.findData(current) if current else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)

    def current_view(self) -> SavedView | None:
        name = self.currentData()
        return next((v for v in self.views if v.name == name), None)

    def choose(self, name: str) -> bool:
        index = self.findData(name)
        if index < 1:
            return False
        self.setCurrentIndex(index)
        self._chosen(index)
        return True

    def _chosen(self, index: int) -> None:
        view = self.current_view() if index > 0 else None
        if view is not None:
            self.view_chosen.emit(view.filter)
