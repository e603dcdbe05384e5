"""One rule of an allocation key as a form: the kind, and the editors that kind needs
(partner from the partner table, amount with a Dutch decimal comma, percentage spin box,
the caseload group with its reference date or counts, the years), each with the validation
message shown right under it while the user types."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.accounting.allocation_form import (
    Problem,
    RuleDraft,
    dutch_number,
    parse_day,
    parse_percentage,
    problems_for,
)

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


class FieldNote(QLabel):
    """A validation message under a field; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(dict.fromkeys(messages)))
        self.setVisible(bool(messages))


def with_note(editor: QWidget, note: FieldNote, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(editor)
    layout.addWidget(note)
    return box


def rule_kind_text(kind: str) -> str:
    from PySide6.QtCore import QCoreApplication

    tr = QCoreApplication.translate
    texts = {
        "fixed": tr("RuleForm", "Fixed amount"),
        "percentage": tr("RuleForm", "Percentage of the total"),
        "caseload": tr("RuleForm", "Group by caseload"),
        "remainder": tr("RuleForm", "Remainder"),
    }
    return texts.get(kind, kind)


class RuleForm(QGroupBox):
    """The form of one rule; ``changed`` on every edit, ``remove_requested`` by its button."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(
        self, partners: list[tuple[str, str]], draft: RuleDraft, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._partners = partners
        self._loading = False
        self.rows: dict[str, QWidget] = {}
        form = QFormLayout(self)
        self.form = form
        top = QWidget(self)
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox(self)
        for kind in ("fixed", "percentage", "caseload", "remainder"):
            self.kind.addItem(rule_kind_text(kind), kind)
        self.remove_button = QPushButton(self.tr("Remove rule"), self)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        top_layout.addWidget(self.kind, 1)
        top_layout.addWidget(self.remove_button)
        form.addRow(self.tr("Kind"), top)
        self.kind_note = FieldNote(self)
        form.addRow("", self.kind_note)

        self.partner = QComboBox(self)
        self.partner.setMinimumContentsLength(18)
        self.partner_note = FieldNote(self)
        self.rows["partner"] = with_note(self.partner, self.partner_note, self)
        form.addRow(self.tr("Partner"), self.rows["partner"])

        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("e.g. 5.000,00"))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_note = FieldNote(self)
        self.rows["amount"] = with_note(self.amount, self.amount_note, self)
        form.addRow(self.tr("Amount (€)"), self.rows["amount"])

        self.percentage = QDoubleSpinBox(self)
        self.percentage.setLocale(DUTCH)
        self.percentage.setRange(0, 100)
        self.percentage.setDecimals(2)
        self.percentage.setSuffix(" %")
        self.percentage.setKeyboardTracking(True)
        self.percentage_note = FieldNote(self)
        self.rows["percentage"] = with_note(self.percentage, self.percentage_note, self)
        form.addRow(self.tr("Percentage"), self.rows["percentage"])

        self.group = QListWidget(self)
        self.group.setMaximumHeight(110)
        self.group_note = FieldNote(self)
        self.rows["group"] = with_note(self.group, self.group_note, self)
        form.addRow(self.tr("Partners"), self.rows["group"])

        self.use_counts = QCheckBox(self.tr("Give the caseload counts instead of counting"), self)
        form.addRow("", self.use_counts)
        self.reference_date = QDateEdit(self)
        self.reference_date.setLocale(DUTCH)
        self.reference_date.setDisplayFormat("dd-MM-yyyy")
        self.reference_date.setCalendarPopup(True)
        self.date_note = FieldNote(self)
        self.rows["reference_date"] = with_note(self.reference_date, self.date_note, self)
        form.addRow(self.tr("Reference date"), self.rows["reference_date"])
        self.counts = QTableWidget(0, 2, self)
        self.counts.setHorizontalHeaderLabels([self.tr("Partner"), self.tr("Caseload")])
        self.counts.verticalHeader().hide()
        self.counts.horizontalHeader().setStretchLastSection(True)
        self.counts.setMaximumHeight(110)
        self.counts_note = FieldNote(self)
        self.rows["counts"] = with_note(self.counts, self.counts_note, self)
        form.addRow(self.tr("Caseload"), self.rows["counts"])

        self.years = QLineEdit(self)
        self.years.setPlaceholderText(self.tr("every year"))
        self.years_note = FieldNote(self)
        self.rows["years"] = with_note(self.years, self.years_note, self)
        form.addRow(self.tr("Years"), self.rows["years"])

        self.set_partners(partners)
        self.set_draft(draft)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.partner.currentIndexChanged.connect(self._edited)
        self.amount.textEdited.connect(self._edited)
        self.percentage.valueChanged.connect(self._edited)
        self.group.itemChanged.connect(self._group_changed)
        self.use_counts.toggled.connect(self._kind_changed)
        self.reference_date.dateChanged.connect(self._edited)
        self.counts.itemChanged.connect(self._edited)
        self.years.textEdited.connect(self._edited)

    # --- filling -------------------------------------------------------------------------

    def set_partners(self, partners: list[tuple[str, str]]) -> None:
        self._partners = partners
        current = self.partner.currentData()
        self.partner.blockSignals(True)
        self.partner.clear()
        self.partner.addItem(self.tr("(choose a partner)"), "")
        for code, name in partners:
            self.partner.addItem(f"{code} — {name}" if name and name != code else code, code)
        if current:
            self._select_partner(str(current))
        self.partner.blockSignals(False)
        self._fill_group(self.group_partners())  # the caseload group follows the table

    def _fill_group(self, chosen: list[str]) -> None:
        self.group.blockSignals(True)
        self.group.clear()
        # the chosen partners first, in their order (it breaks ties in the split), then the rest
        codes = [code for code, _name in self._partners]
        for code in chosen + [c for c in codes if c not in chosen]:
            item = QListWidgetItem(code, self.group)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = code in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.group.blockSignals(False)

    def _select_partner(self, code: str) -> None:
        index = self.partner.findData(code)
        if index < 0 and code:  # a code the partner table lacks: shown, and flagged
            self.partner.addItem(code, code)
            index = self.partner.count() - 1
        self.partner.setCurrentIndex(max(index, 0))

    def set_draft(self, draft: RuleDraft) -> None:
        self._loading = True
        try:
            self.kind.setCurrentIndex(max(self.kind.findData(draft.kind), 0))
            self._select_partner(draft.partner)
            self.amount.setText(draft.amount)
            try:
                value = parse_percentage(draft.percentage)
            except ValueError:
                value = Decimal(0)
            # as many decimals as the key has (never fewer than 2): loading never rounds
            exponent = int(value.normalize().as_tuple().exponent)
            self.percentage.setDecimals(max(2, -exponent))
            self.percentage.setValue(float(value))
            self._fill_group(draft.partners)
            self.use_counts.setChecked(draft.use_counts)
            try:
                day = parse_day(draft.reference_date)
            except ValueError:
                day = date(date.today().year, 1, 1)
            self.reference_date.setDate(QDate(day.year, day.month, day.day))
            self._fill_counts(draft.counts)
            self.years.setText(draft.years)
            self._show_kind()
        finally:
            self._loading = False

    def _fill_counts(self, counts: dict[str, str]) -> None:
        self.counts.blockSignals(True)
        self.counts.setRowCount(0)
        for code in self.group_partners():
            row = self.counts.rowCount()
            self.counts.insertRow(row)
            name = QTableWidgetItem(code)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.counts.setItem(row, 0, name)
            self.counts.setItem(row, 1, QTableWidgetItem(counts.get(code, "")))
        self.counts.blockSignals(False)

    def group_partners(self) -> list[str]:
        return [
            self.group.item(i).text()
            for i in range(self.group.count())
            if self.group.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _counts(self) -> dict[str, str]:
        found = {}
        for row in range(self.counts.rowCount()):
            code, value = self.counts.item(row, 0), self.counts.item(row, 1)
            if code is not None:
                found[code.text()] = value.text().strip() if value is not None else ""
        return found

    def _show_kind(self) -> None:
        kind = self.kind_value()
        caseload = kind == "caseload"
        self.form.setRowVisible(self.rows["partner"], kind != "caseload")
        self.form.setRowVisible(self.rows["amount"], kind == "fixed")
        self.form.setRowVisible(self.rows["percentage"], kind in ("percentage", "caseload"))
        self.form.setRowVisible(self.rows["group"], caseload)
        self.form.setRowVisible(self.use_counts, caseload)
        counts = self.use_counts.isChecked()
        self.form.setRowVisible(self.rows["reference_date"], caseload and not counts)
        self.form.setRowVisible(self.rows["counts"], caseload and counts)

    # --- reading -------------------------------------------------------------------------

    def kind_value(self) -> str:
        return str(self.kind.currentData() or "fixed")

    def draft(self) -> RuleDraft:
        kind = self.kind_value()
        value = self.percentage.value()
        decimals = self.percentage.decimals()
        percentage = dutch_number(parse_percentage(f"{value:.{decimals}f}")) if value > 0 else ""
        qdate = self.reference_date.date()
        return RuleDraft(
            kind=kind,
            partner=str(self.partner.currentData() or "") if kind != "caseload" else "",
            amount=self.amount.text() if kind == "fixed" else "",
            percentage=percentage if kind in ("percentage", "caseload") else "",
            partners=self.group_partners() if kind == "caseload" else [],
            use_counts=kind == "caseload" and self.use_counts.isChecked(),
            reference_date=(
                date(qdate.year(), qdate.month(), qdate.day()).isoformat()
                if kind == "caseload" and not self.use_counts.isChecked()
                else ""
            ),
            counts=self._counts() if kind == "caseload" and self.use_counts.isChecked() else {},
            years=self.years.text(),
        )

    def show_problems(self, index: int, problems: list[Problem]) -> None:
        where = f"rule.{index}"
        self.setTitle(f"{self.tr('Rule')} {index + 1}: {rule_kind_text(self.kind_value())}")
        year_level = [
            p.message for p in problems if p.field.startswith("year.") and index in p.rules
        ]
        for name, note in (
            ("kind", self.kind_note),
            ("partner", self.partner_note),
            ("amount", self.amount_note),
            ("partners", self.group_note),
            ("reference_date", self.date_note),
            ("counts", self.counts_note),
            ("years", self.years_note),
        ):
            note.set_messages(problems_for(problems, f"{where}.{name}"))
        self.percentage_note.set_messages(problems_for(problems, f"{where}.percentage"))
        self.kind_note.set_messages(problems_for(problems, f"{where}.kind") + year_level)

    # --- events --------------------------------------------------------------------------

    def _kind_changed(self) -> None:
        self._show_kind()
        self._edited()

    def _group_changed(self) -> None:
        if self._loading:
            return
        self._fill_counts(self._counts())
        self._edited()

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()
