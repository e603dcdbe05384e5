"""An allocation key edited as a form: its name and unit, the costs per year (a table of
year, cost item and amount) and a form per rule; checked on every keystroke, messages next
to the fields (spec/accounting.md "Cost allocation")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.accounting.allocation_form import (
    CostDraft,
    KeyDraft,
    Problem,
    RuleDraft,
    problems_for,
)
from ketenkoppeling.ui.allocation_rule import FieldNote, RuleForm, rule_kind_text, with_note
from ketenkoppeling.ui.widgets import subheading

ERROR_BRUSH = QBrush(QColor("#fde7ea"))


class AllocationEditor(QWidget):
    """``changed`` after every edit (the draft is checked already: see :attr:`problems`)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partners: list[tuple[str, str]] = []
        self.problems: list[Problem] = []
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        scroll.setWidget(body)
        layout = QVBoxLayout(body)

        head = QFormLayout()
        self.name = QLineEdit(body)
        self.name.setPlaceholderText(self.tr("e.g. Project costs 2009"))
        self.name_note = FieldNote(body)
        head.addRow(self.tr("Name"), with_note(self.name, self.name_note, body))
        self.unit = QComboBox(body)
        self.unit.addItem(self.tr("cent"), "cent")
        self.unit.addItem(self.tr("whole euro"), "euro")
        head.addRow(self.tr("Round shares to"), self.unit)
        layout.addLayout(head)

        layout.addWidget(subheading(self.tr("Costs per year"), body))
        self.costs = QTableWidget(0, 3, body)
        self.costs.setHorizontalHeaderLabels(
            [self.tr("Year"), self.tr("Cost item"), self.tr("Amount (€)")]
        )
        self.costs.verticalHeader().hide()
        self.costs.horizontalHeader().setStretchLastSection(True)
        self.costs.setColumnWidth(1, 220)
        self.costs.setMinimumHeight(90)
        self.costs.setMaximumHeight(130)
        layout.addWidget(self.costs)
        cost_bar = QHBoxLayout()
        self.add_cost_button = QPushButton(self.tr("Add cost item"), body)
        self.add_cost_button.clicked.connect(self.add_cost_row)
        self.remove_cost_button = QPushButton(self.tr("Remove cost item"), body)
        self.remove_cost_button.clicked.connect(self.remove_cost_row)
        cost_bar.addWidget(self.add_cost_button)
        cost_bar.addWidget(self.remove_cost_button)
        cost_bar.addStretch(1)
        layout.addLayout(cost_bar)
        self.costs_note = FieldNote(body)
        layout.addWidget(self.costs_note)

        layout.addWidget(subheading(self.tr("Rules"), body))
        self.rules_box = QVBoxLayout()
        layout.addLayout(self.rules_box)
        self.rules_note = FieldNote(body)
        layout.addWidget(self.rules_note)
        self.add_rule_button = QPushButton(self.tr("Add rule"), body)
        menu = QMenu(self.add_rule_button)
        for kind in ("fixed", "percentage", "caseload", "remainder"):
            action = menu.addAction(rule_kind_text(kind))
            action.triggered.connect(lambda _checked=False, k=kind: self.add_rule(k))
        self.add_rule_button.setMenu(menu)
        rule_bar = QHBoxLayout()
        rule_bar.addWidget(self.add_rule_button)
        rule_bar.addStretch(1)
        layout.addLayout(rule_bar)
        layout.addStretch(1)
        self.rule_forms: list[RuleForm] = []

        self.name.textEdited.connect(self._edited)
        self.unit.currentIndexChanged.connect(self._edited)
        self.costs.itemChanged.connect(self._edited)
        self.set_draft(KeyDraft())

    # --- partners and drafts ---------------------------------------------------------------

    def set_partners(self, partners: list[tuple[str, str]]) -> None:
        self.partners = partners
        for form in self.rule_forms:
            form.set_partners(partners)
        self.validate()

    def set_draft(self, draft: KeyDraft) -> None:
        self._loading = True
        try:
            self.name.setText(draft.name)
            self.unit.setCurrentIndex(max(self.unit.findData(draft.unit), 0))
            self.costs.blockSignals(True)
            self.costs.setRowCount(0)
            for cost in draft.costs:
                for item, amount in cost.items or [("", "")]:
                    self._append_cost(cost.year, item, amount)
            self.costs.blockSignals(False)
            for form in self.rule_forms:
                form.setParent(None)
                form.deleteLater()
            self.rule_forms = []
            for rule in draft.rules:
                self._append_rule(rule)
        finally:
            self._loading = False
        self.validate()

    def _append_cost(self, year: str, item: str, amount: str) -> None:
        row = self.costs.rowCount()
        self.costs.insertRow(row)
        for column, text in enumerate((year, item, amount)):
            cell = QTableWidgetItem(text)
            if column == 2:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.costs.setItem(row, column, cell)

    def _append_rule(self, rule: RuleDraft) -> RuleForm:
        form = RuleForm(self.partners, rule, self)
        form.changed.connect(self._edited)
        form.remove_requested.connect(self.remove_rule)
        self.rules_box.addWidget(form)
        self.rule_forms.append(form)
        return form

    def draft(self) -> KeyDraft:
        costs: dict[str, CostDraft] = {}
        for row in range(self.costs.rowCount()):
            year, item, amount = (self._cell(row, c) for c in range(3))
            if not (year or item or amount):
                continue
            costs.setdefault(year.strip(), CostDraft(year.strip())).items.append((item, amount))
        return KeyDraft(
            name=self.name.text(),
            unit=str(self.unit.currentData() or "cent"),
            costs=list(costs.values()),
            rules=[form.draft() for form in self.rule_forms],
        )

    def _cell(self, row: int, column: int) -> str:
        item = self.costs.item(row, column)
        return item.text() if item is not None else ""

    # --- editing ---------------------------------------------------------------------------

    def add_cost_row(self) -> None:
        draft = self.draft()
        year = draft.costs[-1].year if draft.costs else ""
        self.costs.blockSignals(True)
        self._append_cost(year, "", "")
        self.costs.blockSignals(False)
        self.costs.setCurrentCell(self.costs.rowCount() - 1, 1)
        self._edited()

    def remove_cost_row(self) -> None:
        row = self.costs.currentRow()
        if row >= 0:
            self.costs.removeRow(row)
            self._edited()

    def add_rule(self, kind: str) -> RuleForm:
        form = self._append_rule(RuleDraft(kind=kind))
        self._edited()
        return form

    def remove_rule(self, form: RuleForm) -> None:
        if form in self.rule_forms:
            self.rule_forms.remove(form)
            form.setParent(None)
            form.deleteLater()
            self._edited()

    def _edited(self) -> None:
        if self._loading:
            return
        self.validate()
        self.changed.emit()

    # --- validation ------------------------------------------------------------------------

    @property
    def valid(self) -> bool:
        return not self.problems

    def validate(self) -> list[Problem]:
        draft = self.draft()
        known = {code for code, _name in self.partners} if self.partners else None
        self.problems = draft.problems(known)
        self.name_note.set_messages(problems_for(self.problems, "name"))
        self._mark_costs(draft)
        for index, form in enumerate(self.rule_forms):
            form.show_problems(index, self.problems)
        general = [p.message for p in self.problems if p.field == "rules"]
        general += [p.message for p in self.problems if p.field.startswith("year.") and not p.rules]
        self.rules_note.set_messages(general)
        return self.problems

    def _mark_costs(self, draft: KeyDraft) -> None:
        """Cost problems in red under the table, the cells concerned tinted."""
        rows_of: dict[tuple[int, int], int] = {}
        year_rows: dict[int, list[int]] = {}
        groups = {cost.year: n for n, cost in enumerate(draft.costs)}
        counters: dict[int, int] = {}
        for row in range(self.costs.rowCount()):
            year, item, amount = (self._cell(row, c) for c in range(3))
            if not (year or item or amount):
                continue
            n = groups.get(year.strip(), -1)
            m = counters.get(n, 0)
            counters[n] = m + 1
            rows_of[(n, m)] = row
            year_rows.setdefault(n, []).append(row)
        self.costs.blockSignals(True)
        for row in range(self.costs.rowCount()):
            for column in range(3):
                cell = self.costs.item(row, column)
                if cell is not None:
                    cell.setBackground(QBrush())
                    cell.setToolTip("")
        messages: list[str] = []
        for problem in self.problems:
            parts = problem.field.split(".")
            if parts[0] == "costs":
                messages.append(problem.message)
            if parts[0] != "cost":
                continue
            n = int(parts[1])
            cost = draft.costs[n]
            if parts[2] == "year":
                messages.append(f"{cost.year or '…'}: {problem.message}")
                cells = [(r, 0) for r in year_rows.get(n, [])]
            else:
                m = int(parts[3])
                item = cost.items[m][0] or "…"
                messages.append(f"{cost.year} {item}: {problem.message}")
                found = rows_of.get((n, m))
                cells = [] if found is None else [(found, 1), (found, 2)]
            for row, column in cells:
                cell = self.costs.item(row, column)
                if cell is not None:
                    cell.setBackground(ERROR_BRUSH)
                    cell.setToolTip(problem.message)
        self.costs.blockSignals(False)
        self.costs_note.set_messages(messages)
