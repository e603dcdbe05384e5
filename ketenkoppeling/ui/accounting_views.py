"""The views of the Verantwoording place: the ledger of one partner, the reconciliation over
all partners and the settlement; every figure, line and reservation in them can be opened
(double-click or Enter), which the place turns into a drill-down step."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ketenkoppeling.accounting.charts_data import spend_per_month
from ketenkoppeling.ui.chart import BarChart
from ketenkoppeling.ui.charts import BudgetUseChart, CumulativeSpendChart
from ketenkoppeling.ui.drilldown import LinesPane, activated_rows
from ketenkoppeling.ui.formatting import arg, format_cents
from ketenkoppeling.ui.models.accounting import (
    Figure,
    Report,
    budget_columns,
    client_columns,
    figure_columns,
    figures,
    line_columns,
    month_label,
    pair_columns,
    partner_total_columns,
    recon_line_columns,
    reservation_columns,
)
from ketenkoppeling.ui.models.drilldown import quarantine_columns
from ketenkoppeling.ui.models.table import Column, FilterProxy, RowTableModel
from ketenkoppeling.ui.widgets import TableView, hint, subheading

AMBER = "#9a5b00"


def money_html(cents: int) -> str:
    """An amount that never breaks over two lines in rich text."""
    return format_cents(cents).replace(" ", "&nbsp;")


class TablePane(QWidget):
    """A sortable table with an optional line of text above it; a row opened (double-click,
    Enter) is signalled with its row object."""

    row_activated = Signal(object)

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
        activated_rows(self.view, self.row_activated.emit)

    def set_rows(self, rows: list[Any], note: str = "") -> None:
        self.model.set_rows(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))


def quarantine_text(quarantined: Any) -> str:
    """'€ X in quarantine (N records without a readable amount)' (rich text, amber)."""
    tr = QCoreApplication.translate
    text = arg(
        tr("AccountingViews", "%1 is still in quarantine"),
        money_html(quarantined.total_cents),
    )
    unreadable = quarantined.unreadable_count
    if unreadable:
        text += " " + tr(
            "AccountingViews", "(%n record(s) without a readable amount)", "", unreadable
        )
    return text


class ReportView(QWidget):
    """The ledger of one partner. ``figure_activated(dimension, key, label)`` when a figure
    is opened, ``line_activated(line)``, ``finding_activated(id)``, ``quarantined_activated``."""

    figure_activated = Signal(str, str, str)
    line_activated = Signal(object)
    finding_activated = Signal(int)
    quarantined_activated = Signal(object)

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
        reservations = QWidget(self)
        reservations_layout = QVBoxLayout(reservations)
        reservations_layout.setContentsMargins(0, 0, 0, 0)
        self.reservations = TablePane(reservation_columns(), reservations)
        self.quarantine_title = subheading("", reservations)
        self.quarantine = TablePane(quarantine_columns(), reservations)
        reservations_split = QSplitter(Qt.Orientation.Vertical, reservations)
        quarantine_box = QWidget(reservations_split)
        quarantine_layout = QVBoxLayout(quarantine_box)
        quarantine_layout.setContentsMargins(0, 0, 0, 0)
        quarantine_layout.addWidget(self.quarantine_title)
        quarantine_layout.addWidget(self.quarantine, 1)
        reservations_split.addWidget(self.reservations)
        reservations_split.addWidget(quarantine_box)
        reservations_layout.addWidget(reservations_split)
        self.lines = LinesPane(line_columns(), self)
        charts = QWidget(self)
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 6, 0, 0)
        self.budget_chart = BudgetUseChart(charts)
        self.cumulative_chart = CumulativeSpendChart(charts)
        charts_split = QSplitter(Qt.Orientation.Vertical, charts)
        for chart in (self.budget_chart, self.cumulative_chart):
            charts_split.addWidget(chart)
        charts_layout.addWidget(charts_split)
        for widget, title in (
            (self.budgets, self.tr("Budgets")),
            (self.regimes, self.tr("Per regime")),
            (self.instruments, self.tr("Per instrument")),
            (self.providers, self.tr("Per provider")),
            (months, self.tr("Per month")),
            (self.clients, self.tr("Per client")),
            (reservations, self.tr("Reservations")),
            (self.lines, self.tr("Lines")),
            (charts, self.tr("Charts")),
        ):
            self.tabs.addTab(widget, title)
        self.reservations_tab = reservations
        layout.addWidget(self.tabs, 1)
        hint_text = self.tr("Double-click a figure to see the spend lines behind it")
        for pane, dimension in (
            (self.budgets, "budget"),
            (self.regimes, "regime"),
            (self.instruments, "instrument"),
            (self.providers, "provider"),
            (self.months, "month"),
            (self.clients, "client"),
        ):
            pane.view.setToolTip(hint_text)
            pane.row_activated.connect(
                lambda row, d=dimension: self.figure_activated.emit(d, *self._key(d, row))
            )
        self.chart.activated.connect(self._month)
        self.budget_chart.activated.connect(
            lambda code: self.figure_activated.emit("budget", code, code)
        )
        self.cumulative_chart.activated.connect(self._month)
        self.lines.row_activated.connect(self.line_activated)
        self.reservations.row_activated.connect(lambda r: self.finding_activated.emit(int(r.id)))
        self.quarantine.row_activated.connect(self.quarantined_activated)

    def _key(self, dimension: str, row: Any) -> tuple[str, str]:
        if dimension == "budget":
            return row.code, row.code
        if dimension == "client":
            return row.bsn, self.tr("client")
        if dimension == "month":
            return row.key, month_label(row.key)
        return row.key, row.key

    def _month(self, key: str) -> None:
        self.figure_activated.emit("month", key, month_label(key))

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
        quarantined = ledger.quarantined
        if not quarantined.empty:
            parts.append(f"<span style='color:{AMBER}'>{quarantine_text(quarantined)}</span>")
        self.summary.setText(parts[0] + "<br>" + " · ".join(parts[1:]))
        self.budgets.set_rows(list(ledger.budgets))
        self.regimes.set_rows(figures(ledger.by_regime, names.get("regime")))
        self.instruments.set_rows(figures(ledger.by_instrument, names.get("instrument")))
        self.providers.set_rows(figures(ledger.by_provider, names.get("provider")))
        months = figures(ledger.by_month)
        self.months.set_rows(months)
        self.chart.set_bars(
            [(month_label(f.key), f.cents) for f in months],
            self.tr("Attributed per month"),
            keys=[f.key for f in months],
        )
        self.budget_chart.set_budgets(
            [(b.code, b.amount_cents, b.attributed_year_cents) for b in ledger.budgets],
            self.tr("Budget use in the budget's year against its amount"),
            {b.code: b.label for b in ledger.budgets},
        )
        self.cumulative_chart.set_months(
            [(m.month, m.cents) for m in spend_per_month(ledger)],
            self.tr("Cumulative spend per month"),
            sum(b.amount_cents for b in ledger.budgets) or None,
        )
        self.clients.set_rows(list(ledger.clients))
        self.reservations.set_rows(
            [findings[i] for i in reservations if i in findings],
            self.tr(
                "Open findings that touch a line or budget of this ledger: the figures hold "
                "subject to their resolution. Double-click one to open it."
            )
            if reservations
            else self.tr("No open findings touch this ledger."),
        )
        self.quarantine.set_rows(list(quarantined.lines))
        self.quarantine_title.setText(
            self.tr("Spend of this partner in quarantine: nothing")
            if quarantined.empty
            else arg(
                self.tr(
                    "Spend of this partner in quarantine: %1 in %Ln record(s)",
                    "",
                    len(quarantined.lines),
                ),
                format_cents(quarantined.total_cents),
            )
        )
        self.lines.set_rows(list(ledger.lines))
        self.tabs.setTabText(
            self.tabs.indexOf(self.reservations_tab),
            arg(self.tr("Reservations (%1)"), len(reservations) + len(quarantined.lines)),
        )


class ReconcileView(QWidget):
    """The reconciliation; ``partner_activated(code)``, ``line_activated(line)`` and
    ``quarantined_activated(line)`` when a row is opened."""

    partner_activated = Signal(str)
    line_activated = Signal(object)
    quarantined_activated = Signal(object)

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
        self.partners.view.setToolTip(self.tr("Double-click a partner to see its ledger"))
        self.lines = LinesPane(recon_line_columns(), split)
        self.quarantine = TablePane(quarantine_columns(), split)
        self.quarantine.view.setToolTip(self.tr("Double-click a record to see its raw values"))
        for pane, title in (
            (self.partners, self.tr("Ledgers per partner")),
            (self.lines, self.tr("Lines whose percentages do not add up to 100 (B1)")),
            (self.quarantine, self.tr("Spend in quarantine (not in the stored lines)")),
        ):
            box = QWidget(split)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(subheading(title, box))
            box_layout.addWidget(pane, 1)
            split.addWidget(box)
            if pane is self.quarantine:
                self.quarantine_box = box
        layout.addWidget(split, 1)
        self.partners.row_activated.connect(lambda row: self.partner_activated.emit(row.key))
        self.lines.row_activated.connect(self.line_activated)
        self.quarantine.row_activated.connect(self.quarantined_activated)

    def mark(self, rec: Any) -> str:
        """✔ only when the reconciliation closes; amber when it holds on the stored lines
        with money in quarantine; ✘ when it does not hold."""
        if rec.closes:
            return self.tr("<span style='color:#1b7a2f'>✔ ties out to the cent</span>")
        if rec.holds:
            return (
                f"<span style='color:{AMBER}'>⚠ "
                + arg(self.tr("ties out on the stored lines; %1"), quarantine_text(rec.quarantined))
                + "</span>"
            )
        return self.tr("<span style='color:#b00020'>✘ does not tie out</span>")

    def show_reconciliation(self, rec: Any, names: dict[str, str]) -> None:
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
        if not rec.quarantined.empty:
            rows.append((self.tr("Not in it: spend in quarantine"), rec.quarantined.total_cents))
        table = "".join(
            f"<tr><td>{label}</td><td align='right'>&nbsp;&nbsp;{money_html(cents)}</td></tr>"
            for label, cents in rows
        )
        self.identity.setText(
            arg(
                self.tr("<b>Reconciliation, pay dates %1 to %2</b>: %3"),
                rec.date_from.strftime("%d-%m-%Y"),
                rec.date_to.strftime("%d-%m-%Y"),
                self.mark(rec),
            )
            + f"<table>{table}</table>"
        )
        self.partners.set_rows(
            [Figure(code, names.get(code, ""), cents) for code, cents in rec.partners.items()]
        )
        self.lines.set_rows(list(rec.b1_lines))
        self.quarantine.set_rows(list(rec.quarantined.lines))
        self.quarantine_box.setVisible(not rec.quarantined.empty)


class SettleView(QWidget):
    line_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.pairs = TablePane(pair_columns(), split)
        self.lines = LinesPane(line_columns(), split)
        split.addWidget(self.pairs)
        split.addWidget(self.lines)
        layout.addWidget(split, 1)
        self.pairs.view.current_row_changed.connect(self._show_pair)
        self.lines.row_activated.connect(self.line_activated)

    def show_settlement(self, settlement: Any) -> None:
        self.summary.setText(
            arg(
                self.tr(
                    "Settlement, pay dates %1 to %2: %Ln pair(s), gross %3. Select a pair to see "
                    "the lines behind it.",
                    "",
                    len(settlement.pairs),
                ),
                settlement.date_from.strftime("%d-%m-%Y"),
                settlement.date_to.strftime("%d-%m-%Y"),
                format_cents(settlement.gross_total_cents),
            )
        )
        self.pairs.set_rows(list(settlement.pairs))
        self.pairs.view.select_first()

    def _show_pair(self, pair: Any) -> None:
        self.lines.set_rows(list(pair.lines) if pair is not None else [])


def period_text(date_from: date, date_to: date) -> str:
    return f"{date_from:%d-%m-%Y} – {date_to:%d-%m-%Y}"
