"""Verantwoording: a partner and a period give the ledger (per budget, breakdowns, clients,
reservations, the lines behind it), the reconciliation over all partners and the settlement
between partners; each exports to Excel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ketenkoppeling.ui import engine
from ketenkoppeling.ui.chart import BarChart
from ketenkoppeling.ui.context import FINDINGS, RECORDS, REFERENCE, AppContext
from ketenkoppeling.ui.dialogs import choose_save_file, show_error
from ketenkoppeling.ui.formatting import arg, format_cents, revealed
from ketenkoppeling.ui.models.accounting import (
    Choices,
    Figure,
    Report,
    budget_columns,
    build_report,
    client_columns,
    describe_findings,
    figure_columns,
    figures,
    line_columns,
    load_choices,
    month_label,
    pair_columns,
    partner_names,
    partner_total_columns,
    recon_line_columns,
    reconcile_period,
    reservation_columns,
    reservations_for,
    settle_period,
)
from ketenkoppeling.ui.models.table import Column, FilterProxy, RowTableModel
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.widgets import Banner, TableView, hint, icon_button, subheading
from ketenkoppeling.ui.workers import Job, Operation

SERVICE = "ketenkoppeling.accounting.service"


def money_html(cents: int) -> str:
    """An amount that never breaks over two lines in rich text."""
    return format_cents(cents).replace(" ", "&nbsp;")


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class TablePane(QWidget):
    """A sortable table with an optional line of text above it."""

    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.note = hint("", self)
        self.note.setVisible(False)
        layout.addWidget(self.note)
        self.model = RowTableModel(columns, self)
        self.proxy = FilterProxy(self.model, self)
        self.view = TableView(self)
        self.view.setModel(self.proxy)
        layout.addWidget(self.view, 1)

    def set_rows(self, rows: list[Any], note: str = "") -> None:
        self.model.set_rows(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))


class ReportView(QWidget):
    """The ledger of one partner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.budgets = TablePane(budget_columns(), self)
        self.regimes = TablePane(figure_columns(self.tr("Regime")), self)
        self.instruments = TablePane(figure_columns(self.tr("Instrument")), self)
        self.providers = TablePane(figure_columns(self.tr("Provider")), self)
        months = QWidget(self)
        months_layout = QVBoxLayout(months)
        months_layout.setContentsMargins(0, 6, 0, 0)
        self.chart = BarChart(months)
        self.months = TablePane(figure_columns(self.tr("Month"), month=True), months)
        split = QSplitter(Qt.Orientation.Vertical, months)
        split.addWidget(self.chart)
        split.addWidget(self.months)
        months_layout.addWidget(split)
        self.clients = TablePane(client_columns(), self)
        self.reservations = TablePane(reservation_columns(), self)
        self.lines = TablePane(line_columns(), self)
        for widget, title in (
            (self.budgets, self.tr("Budgets")),
            (self.regimes, self.tr("Per regime")),
            (self.instruments, self.tr("Per instrument")),
            (self.providers, self.tr("Per provider")),
            (months, self.tr("Per month")),
            (self.clients, self.tr("Per client")),
            (self.reservations, self.tr("Reservations")),
            (self.lines, self.tr("Lines")),
        ):
            self.tabs.addTab(widget, title)
        layout.addWidget(self.tabs, 1)

    def show_ledger(self, report: Report) -> None:
        ledger, findings, names = report.ledger, report.findings, report.names
        cost = ledger.cost_per_client_to_work_cents
        who = (
            ledger.partner
            if ledger.partner_name in ("", ledger.partner)
            else f"{ledger.partner} {ledger.partner_name}"
        )
        parts = [
            arg(
                self.tr("<b>%1</b> — pay dates %2 to %3"),
                who,
                ledger.date_from.strftime("%d-%m-%Y"),
                ledger.date_to.strftime("%d-%m-%Y"),
            ),
            arg(self.tr("Total attributed: <b>%1</b>"), money_html(ledger.total_cents)),
            arg(
                self.tr("Clients: %1, of whom %2 left for work"),
                len(ledger.clients),
                len(ledger.clients_to_work),
            ),
        ]
        if cost is not None:
            parts.append(arg(self.tr("cost per client to work: %1"), money_html(cost)))
        reservations = list(ledger.reservations)
        if reservations:
            parts.append(
                arg(
                    self.tr("<span style='color:#9a5b00'>%n reservation(s)</span>", "",
                            len(reservations)),
                    len(reservations),
                )
            )  # fmt: skip
        self.summary.setText(parts[0] + "<br>" + " · ".join(parts[1:]))
        self.budgets.set_rows(list(ledger.budgets))
        self.regimes.set_rows(figures(ledger.by_regime, names.get("regime")))
        self.instruments.set_rows(figures(ledger.by_instrument, names.get("instrument")))
        self.providers.set_rows(figures(ledger.by_provider, names.get("provider")))
        months = figures(ledger.by_month)
        self.months.set_rows(months)
        self.chart.set_bars(
            [(month_label(f.key), f.cents) for f in months], self.tr("Attributed per month")
        )
        self.clients.set_rows(list(ledger.clients))
        self.reservations.set_rows(
            [findings[i] for i in reservations if i in findings],
            self.tr(
                "Open findings that touch a line or budget of this ledger: the figures hold "
                "subject to their resolution."
            )
            if reservations
            else self.tr("No open findings touch this ledger."),
        )
        self.lines.set_rows(list(ledger.lines))
        self.tabs.setTabText(6, arg(self.tr("Reservations (%1)"), len(reservations)))


class ReconcileView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.identity = QLabel(self)
        self.identity.setTextFormat(Qt.TextFormat.RichText)
        self.identity.setWordWrap(True)
        layout.addWidget(self.identity)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.partners = TablePane(partner_total_columns(), split)
        self.lines = TablePane(recon_line_columns(), split)
        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(subheading(self.tr("Ledgers per partner"), left))
        left_layout.addWidget(self.partners)
        right = QWidget(split)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(
            subheading(self.tr("Lines whose percentages do not add up to 100 (B1)"), right)
        )
        right_layout.addWidget(self.lines)
        split.addWidget(left)
        split.addWidget(right)
        layout.addWidget(split, 1)

    def show_reconciliation(self, rec: Any, names: dict[str, str]) -> None:
        holds = rec.holds
        mark = (
            self.tr("<span style='color:#1b7a2f'>✔ ties out to the cent</span>")
            if holds
            else self.tr("<span style='color:#b00020'>✘ does not tie out</span>")
        )
        rows = [
            (self.tr("Sum of all spend"), rec.spend_total_cents),
            (self.tr("Sum of the ledgers"), rec.ledgers_cents),
            (self.tr("− over-attribution (B1)"), rec.over_attributed_cents),
            (self.tr("+ unattributed (B1)"), rec.unattributed_cents),
            (
                self.tr("= ledgers − over-attribution + unattributed"),
                rec.ledgers_cents - rec.over_attributed_cents + rec.unattributed_cents,
            ),
        ]
        table = "".join(
            f"<tr><td>{label}</td><td align='right'>&nbsp;&nbsp;{money_html(cents)}</td></tr>"
            for label, cents in rows
        )
        self.identity.setText(
            arg(
                self.tr("<b>Reconciliation, pay dates %1 to %2</b>: %3"),
                rec.date_from.strftime("%d-%m-%Y"),
                rec.date_to.strftime("%d-%m-%Y"),
                mark,
            )
            + f"<table>{table}</table>"
        )
        self.partners.set_rows(
            [Figure(code, names.get(code, ""), cents) for code, cents in rec.partners.items()]
        )
        self.lines.set_rows(list(rec.b1_lines))


class SettleView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.pairs = TablePane(pair_columns(), split)
        self.lines = TablePane(line_columns(), split)
        split.addWidget(self.pairs)
        split.addWidget(self.lines)
        layout.addWidget(split, 1)
        self.pairs.view.current_row_changed.connect(self._show_pair)

    def show_settlement(self, settlement: Any) -> None:
        self.summary.setText(
            arg(
                self.tr(
                    "Settlement, pay dates %1 to %2: %3 pairs, gross %4. Select a pair to see "
                    "the lines behind it."
                ),
                settlement.date_from.strftime("%d-%m-%Y"),
                settlement.date_to.strftime("%d-%m-%Y"),
                len(settlement.pairs),
                format_cents(settlement.gross_total_cents),
            )
        )
        self.pairs.set_rows(list(settlement.pairs))
        self.pairs.view.select_first()

    def _show_pair(self, pair: Any) -> None:
        self.lines.set_rows(list(pair.lines) if pair is not None else [])


class AccountingPage(Page):
    key = "accounting"
    icon_name = QStyle.StandardPixmap.SP_FileDialogContentsView
    listens_to = (REFERENCE, RECORDS, FINDINGS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_header(
            self.tr(
                "Choose a partner and a period (by pay date): the ledger per budget with "
                "its breakdowns, the reconciliation over all partners and the settlement."
            )
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Partner:"), self))
        self.partner_combo = QComboBox(self)
        self.partner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.partner_combo.setMinimumContentsLength(16)
        bar.addWidget(self.partner_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Year:"), self))
        self.year_combo = QComboBox(self)
        self.year_combo.activated.connect(self._year_chosen)
        bar.addWidget(self.year_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("From:"), self))
        self.date_from = self._date_edit()
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to:"), self))
        self.date_to = self._date_edit()
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        self.layout_.addLayout(bar)

        buttons = QHBoxLayout()
        self.report_button = QPushButton(self.tr("Report"), self)
        self.report_button.setToolTip(self.tr("The partner's ledger for the period"))
        self.report_button.clicked.connect(self.report)
        self.reconcile_button = QPushButton(self.tr("Reconciliation"), self)
        self.reconcile_button.setToolTip(
            self.tr("Does the sum of all spend tie out with the ledgers of all partners?")
        )
        self.reconcile_button.clicked.connect(self.reconcile)
        self.settle_button = QPushButton(self.tr("Settlement"), self)
        self.settle_button.setToolTip(self.tr("What partners owe each other for the period"))
        self.settle_button.clicked.connect(self.settle)
        self.export_button = icon_button(
            self.tr("Export to Excel…"), QStyle.StandardPixmap.SP_DialogSaveButton, self
        )
        self.export_button.clicked.connect(self.choose_export)
        for button in (self.report_button, self.reconcile_button, self.settle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        self.layout_.addLayout(buttons)
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)

        self.stack = QStackedWidget(self)
        self.empty = hint(
            self.tr("Choose a partner and a period, then Report, Reconciliation or Settlement."),
            self,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.report_view = ReportView(self)
        self.reconcile_view = ReconcileView(self)
        self.settle_view = SettleView(self)
        for widget in (self.empty, self.report_view, self.reconcile_view, self.settle_view):
            self.stack.addWidget(widget)
        self.layout_.addWidget(self.stack, 1)
        self.shown = ""  # report | reconcile | settle
        self.last: Any = None
        self._names: dict[str, str] = {}
        self._choices_loaded = False
        self._update_buttons()
        missing = [
            m for m in (engine.LEDGER, engine.RECONCILE, engine.SETTLE) if not engine.module(m)
        ]
        if missing:
            self.banner.show_text(
                arg(self.tr("Not available yet: %1."), ", ".join(missing)), warning=True
            )

    def title(self) -> str:
        return self.tr("Accountability")

    def primary_widget(self) -> QWidget | None:
        return self.partner_combo

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setDisplayFormat("dd-MM-yyyy")
        edit.setCalendarPopup(True)
        edit.setDate(QDate(QDate.currentDate().year(), 1, 1))
        return edit

    # --- choices --------------------------------------------------------------------------

    def refresh(self) -> None:
        db = self.ctx.db

        def fetch(_job: Job) -> tuple[Choices, dict[str, str]]:
            with db.session() as session:
                return load_choices(session), partner_names(session)

        self.ctx.run(Operation(fetch, self._show_choices, label="accounting-choices"))
        if self.shown and self.last is not None:
            self.banner.show_text(
                self.tr("The data changed since these figures were made: run them again."),
                warning=True,
            )

    def _show_choices(self, found: tuple[Choices, dict[str, str]]) -> None:
        choices, self._names = found
        current = self.partner_combo.currentData()
        self.partner_combo.clear()
        for code, name in choices.partners:
            self.partner_combo.addItem(f"{code} — {name}" if name != code else code, code)
        if current is not None and self.partner_combo.findData(current) >= 0:
            self.partner_combo.setCurrentIndex(self.partner_combo.findData(current))
        self.year_combo.clear()
        for year in choices.years:
            self.year_combo.addItem(str(year), year)
        if choices.years and not self._choices_loaded:
            self.year_combo.setCurrentIndex(len(choices.years) - 1)
            self._year_chosen(len(choices.years) - 1)
        self._choices_loaded = True
        self._update_buttons()

    def _year_chosen(self, index: int) -> None:
        year = self.year_combo.itemData(index)
        if isinstance(year, int):
            self.date_from.setDate(QDate(year, 1, 1))
            self.date_to.setDate(QDate(year, 12, 31))

    def set_period(self, date_from: date, date_to: date) -> None:
        self.date_from.setDate(QDate(date_from.year, date_from.month, date_from.day))
        self.date_to.setDate(QDate(date_to.year, date_to.month, date_to.day))

    def set_partner(self, code: str) -> None:
        self.partner_combo.setCurrentIndex(self.partner_combo.findData(code))

    @property
    def period(self) -> tuple[date, date]:
        return to_date(self.date_from.date()), to_date(self.date_to.date())

    def _update_buttons(self, busy: bool = False) -> None:
        has_partner = self.partner_combo.count() > 0
        self.report_button.setEnabled(
            not busy and has_partner and engine.module(engine.LEDGER) is not None
        )
        self.reconcile_button.setEnabled(not busy and engine.module(engine.RECONCILE) is not None)
        self.settle_button.setEnabled(not busy and engine.module(engine.SETTLE) is not None)
        self.export_button.setEnabled(
            not busy and self.shown in ("report", "settle") and self.last is not None
        )

    def start(self, what: str) -> None:
        """From the menu: run the report, reconciliation or settlement for the current choice."""
        actions = {"report": self.report, "reconcile": self.reconcile, "settle": self.settle}
        if what == "report" and self.partner_combo.count() == 0:
            self.partner_combo.setFocus()
            return
        actions[what]()

    # --- running --------------------------------------------------------------------------

    def _run(
        self,
        what: str,
        query: Callable[[Session], Any],
        view: QWidget,
        show: Callable[[Any], None],
    ) -> Operation[Any] | None:
        """Run ``query`` on a session in the worker, then ``show`` its result in ``view``."""
        date_from, date_to = self.period
        if date_to < date_from:
            self.banner.show_text(self.tr("The period ends before it starts."), warning=True)
            return None
        self.banner.show_text(self.tr("Calculating…"))
        self._update_buttons(busy=True)
        db = self.ctx.db

        def work(_job: Job) -> Any:
            with db.session() as session:
                return query(session)

        def done(result: Any) -> None:
            self.banner.show_text("")
            self.shown, self.last = what, result
            show(result)
            self.stack.setCurrentWidget(view)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.banner.show_text(engine.error_message(exc), warning=True)
            self._update_buttons()

        return self.ctx.run(Operation(work, done, failed, label=what, long_running=True))

    def report(self) -> Operation[Any] | None:
        partner = self.partner_combo.currentData()
        if partner is None or engine.module(engine.LEDGER) is None:
            return None
        date_from, date_to = self.period
        return self._run(
            "report",
            lambda session: build_report(session, partner, date_from, date_to),
            self.report_view,
            self.report_view.show_ledger,
        )

    def reconcile(self) -> Operation[Any] | None:
        if engine.module(engine.RECONCILE) is None:
            return None
        date_from, date_to = self.period
        return self._run(
            "reconcile",
            lambda session: reconcile_period(session, date_from, date_to),
            self.reconcile_view,
            lambda rec: self.reconcile_view.show_reconciliation(rec, self._names),
        )

    def settle(self) -> Operation[Any] | None:
        if engine.module(engine.SETTLE) is None:
            return None
        date_from, date_to = self.period
        return self._run(
            "settle",
            lambda session: settle_period(session, date_from, date_to),
            self.settle_view,
            self.settle_view.show_settlement,
        )

    # --- export ---------------------------------------------------------------------------

    def choose_export(self) -> None:
        if self.shown not in ("report", "settle") or self.last is None:
            return
        if self.shown == "report":
            ledger = self.last.ledger
            suggested = (
                f"verantwoording-{ledger.partner}-{ledger.date_from:%Y%m%d}-"
                f"{ledger.date_to:%Y%m%d}.xlsx"
            )
        else:
            suggested = f"verrekening-{self.last.date_from:%Y%m%d}-{self.last.date_to:%Y%m%d}.xlsx"
        path = choose_save_file(
            self,
            self.ctx.settings,
            "export",
            self.tr("Export to Excel"),
            self.tr("Excel workbook (*.xlsx)"),
            suggested,
        )
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> Operation[Any] | None:
        """Write the figures shown (ledger or settlement) as an Excel workbook."""
        service = engine.module(SERVICE)
        if service is None or self.shown not in ("report", "settle") or self.last is None:
            return None
        db, mask = self.ctx.db, not revealed()
        if self.shown == "report":
            ledger = self.last.ledger
            partner, date_from, date_to = ledger.partner, ledger.date_from, ledger.date_to

            def work(_job: Job) -> Any:
                return service.ledger_report(
                    db,
                    partner,
                    date_from,
                    date_to,
                    xlsx=path,
                    reservations=reservations_for,
                    describe_findings=describe_findings,
                    mask_bsn=mask,
                )
        else:
            date_from, date_to = self.last.date_from, self.last.date_to

            def work(_job: Job) -> Any:
                return service.settle_report(db, date_from, date_to, xlsx=path, mask_bsn=mask)

        def done(_result: Any) -> None:
            message = arg(self.tr("Workbook written: %1"), path)
            if mask:
                message += " " + self.tr("(BSNs masked; press Show BSN to export them in full)")
            self.banner.show_text(message)
            self.ctx.tell(message)

        def failed(exc: BaseException) -> None:
            show_error(self, self.tr("The workbook was not written"), engine.error_message(exc))

        return self.ctx.run(Operation(work, done, failed, label="export", long_running=True))
