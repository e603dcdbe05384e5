"""Verantwoording: a partner and a period give the ledger (per budget, breakdowns, clients,
reservations, the lines behind it), the reconciliation over all partners and the settlement
between partners; each exports to Excel. Every figure opens the lines behind it, a line its
source record, a reservation its finding; Alt+Left and Alt+Right go back and forward."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QWidget,
)
from sqlalchemy.orm import Session

from ketenkoppeling.ui import engine
from ketenkoppeling.ui.accounting_views import ReconcileView, ReportView, SettleView
from ketenkoppeling.ui.context import FINDINGS, RECORDS, REFERENCE, AppContext
from ketenkoppeling.ui.dialogs import choose_save_file, show_error
from ketenkoppeling.ui.drilldown import (
    FINDING,
    LINES,
    OVERVIEW,
    QUARANTINED,
    RECORD,
    DrillView,
    ExportOptions,
    History,
    LinesPane,
    Step,
)
from ketenkoppeling.ui.empty_hint import EmptyDatabaseHint
from ketenkoppeling.ui.formatting import arg, dutch_position, format_cents, mask_bsn
from ketenkoppeling.ui.models.accounting import (
    Choices,
    build_report,
    describe_findings,
    line_columns,
    load_choices,
    partner_names,
    reconcile_period,
    reservations_for,
    settle_period,
)
from ketenkoppeling.ui.models.drilldown import (
    SourceDetail,
    line_detail,
    quarantined_detail,
    write_lines_workbook,
)
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.widgets import Banner, hint, icon_button
from ketenkoppeling.ui.workers import Job, Operation

SERVICE = "ketenkoppeling.accounting.service"
PRIVACY = "ketenkoppeling.privacy"


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


@dataclass(frozen=True)
class Inputs:
    """What a shown report was made of."""

    what: str  # report | reconcile | settle
    partner: str | None
    date_from: date
    date_to: date

    def matches(self, partner: str | None, date_from: date, date_to: date) -> bool:
        same_period = (self.date_from, self.date_to) == (date_from, date_to)
        return same_period and (self.what != "report" or self.partner == partner)


@dataclass(frozen=True)
class Shown:
    """An overview step: what was run, its result and its inputs."""

    what: str
    result: Any
    inputs: Inputs


class AccountingPage(Page):
    key = "accounting"
    icon_name = QStyle.StandardPixmap.SP_FileDialogContentsView
    listens_to = (REFERENCE, RECORDS, FINDINGS)
    #: a reservation was opened: the main window shows the finding in Signaleringen
    open_finding_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_header(
            self.tr(
                "Choose a partner and a period (by pay date): the ledger per budget with "
                "its breakdowns, the reconciliation over all partners and the settlement. "
                "Double-click a figure for the lines behind it; Alt+Left goes back."
            )
        )
        self.empty_hint = EmptyDatabaseHint(ctx, self)
        self.layout_.addWidget(self.empty_hint)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Partner:"), self))
        self.partner_combo = QComboBox(self)
        self.partner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.partner_combo.setMinimumContentsLength(30)
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
        self.drill_view = DrillView(line_columns(), self)
        for widget in (
            self.empty,
            self.report_view,
            self.reconcile_view,
            self.settle_view,
            self.drill_view,
        ):
            self.stack.addWidget(widget)
        self.layout_.addWidget(self.stack, 1)
        self.shown = ""  # report | reconcile | settle
        self.last: Any = None
        self.inputs: Inputs | None = None
        self.history = History()
        self._data_changed = False
        self._stale_banner = False  # the banner says the figures are stale
        self._filling = False
        self._names: dict[str, str] = {}
        self._choices_loaded = False
        self._connect_drill()
        self.partner_combo.currentIndexChanged.connect(lambda _i: self._inputs_changed())
        self.date_from.dateChanged.connect(lambda _d: self._inputs_changed())
        self.date_to.dateChanged.connect(lambda _d: self._inputs_changed())
        self._update_buttons()
        missing = [
            m for m in (engine.LEDGER, engine.RECONCILE, engine.SETTLE) if not engine.module(m)
        ]
        if missing:
            self.banner.show_text(
                arg(self.tr("Not available yet: %1."), ", ".join(missing)), warning=True
            )

    def _connect_drill(self) -> None:
        report, recon, settle = self.report_view, self.reconcile_view, self.settle_view
        report.figure_activated.connect(self.drill_figure)
        report.line_activated.connect(self.open_line)
        report.finding_activated.connect(self.open_finding)
        report.quarantined_activated.connect(self.open_quarantined)
        recon.partner_activated.connect(self.open_partner)
        recon.line_activated.connect(self.open_line)
        recon.quarantined_activated.connect(self.open_quarantined)
        settle.line_activated.connect(self.open_line)
        self.drill_view.lines.row_activated.connect(self.open_line)
        self.drill_view.record.finding_activated.connect(self.open_finding)
        self.drill_view.back_requested.connect(self.go_back)
        self.drill_view.forward_requested.connect(self.go_forward)
        for pane in (report.lines, recon.lines, settle.lines, self.drill_view.lines):
            pane.export_requested.connect(lambda p=pane: self.choose_lines_export(p))

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
        self.empty_hint.refresh()
        db = self.ctx.db

        def fetch(_job: Job) -> tuple[Choices, dict[str, str]]:
            with db.session() as session:
                return load_choices(session), partner_names(session)

        self.ctx.run(Operation(fetch, self._show_choices, label="accounting-choices"))

    def _on_data_changed(self, what: str) -> None:
        """Data the figures rest on changed: they are stale until run again."""
        if what in self.listens_to and self.inputs is not None:
            self._data_changed = True
            self._update_stale()
        super()._on_data_changed(what)

    def _show_choices(self, found: tuple[Choices, dict[str, str]]) -> None:
        choices, self._names = found
        current = self.partner_combo.currentData()
        if current is None and not self._choices_loaded:
            current = choices.busiest
        self._filling = True
        try:
            self.partner_combo.clear()
            for code, name in choices.partners:
                self.partner_combo.addItem(f"{code} — {name}" if name != code else code, code)
            if current is not None and self.partner_combo.findData(current) >= 0:
                self.partner_combo.setCurrentIndex(self.partner_combo.findData(current))
            self.year_combo.clear()
            for year in choices.years:
                self.year_combo.addItem(str(year), year)
        finally:
            self._filling = False
        if choices.years and not self._choices_loaded:
            self.year_combo.setCurrentIndex(len(choices.years) - 1)
            self._year_chosen(len(choices.years) - 1)
        self._choices_loaded = True
        self._inputs_changed()

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

    # --- stale reports --------------------------------------------------------------------

    @property
    def stale(self) -> bool:
        """The shown figures no longer follow the chosen partner or period, or the data
        changed since they were made: they cannot be exported until run again."""
        if self.inputs is None:
            return False
        if self._data_changed:
            return True
        return not self.inputs.matches(self.partner_combo.currentData(), *self.period)

    def _inputs_changed(self) -> None:
        if self._filling:
            return
        self._update_stale()

    def _update_stale(self) -> None:
        if self.inputs is not None:
            if self._data_changed:
                self.banner.show_text(
                    self.tr(
                        "The data changed since these figures were made: run them again "
                        "before exporting."
                    ),
                    warning=True,
                )
            elif self.stale:
                self.banner.show_text(
                    arg(
                        self.tr(
                            "These figures are for %1; the partner or period has changed. "
                            "Press %2 to bring them up to date before exporting."
                        ),
                        self._inputs_text(self.inputs),
                        self._button_text(self.inputs.what),
                    ),
                    warning=True,
                )
            elif self._stale_banner:
                self.banner.show_text("")
            self._stale_banner = self.stale
        self._update_buttons()

    def _inputs_text(self, inputs: Inputs) -> str:
        period = f"{inputs.date_from:%d-%m-%Y} – {inputs.date_to:%d-%m-%Y}"
        return f"{inputs.partner} {period}" if inputs.what == "report" else period

    def _button_text(self, what: str) -> str:
        buttons = {
            "report": self.report_button,
            "reconcile": self.reconcile_button,
            "settle": self.settle_button,
        }
        return buttons[what].text()

    def _update_buttons(self, busy: bool = False) -> None:
        has_partner = self.partner_combo.count() > 0
        self.report_button.setEnabled(
            not busy and has_partner and engine.module(engine.LEDGER) is not None
        )
        self.reconcile_button.setEnabled(not busy and engine.module(engine.RECONCILE) is not None)
        self.settle_button.setEnabled(not busy and engine.module(engine.SETTLE) is not None)
        exportable = not busy and not self.stale
        self.export_button.setEnabled(
            exportable and self.shown in ("report", "settle") and self.last is not None
        )
        for pane in self.findChildren(LinesPane):
            pane.export_button.setEnabled(exportable)
            pane.export_button.setToolTip(
                self.tr("Write the lines shown to an Excel workbook")
                if exportable
                else self.tr("Run the figures again first: the partner, period or data changed")
            )

    def start(self, what: str) -> None:
        """From the menu: run the report, reconciliation or settlement for the current choice."""
        actions = {"report": self.report, "reconcile": self.reconcile, "settle": self.settle}
        if what == "report" and self.partner_combo.count() == 0:
            self.partner_combo.setFocus()
            return
        actions[what]()

    # --- running --------------------------------------------------------------------------

    def _views(self) -> dict[str, tuple[QWidget, Callable[[Any], None]]]:
        return {
            "report": (self.report_view, self.report_view.show_ledger),
            "reconcile": (
                self.reconcile_view,
                lambda rec: self.reconcile_view.show_reconciliation(rec, self._names),
            ),
            "settle": (self.settle_view, self.settle_view.show_settlement),
        }

    def _run(
        self, what: str, query: Callable[[Session], Any], *, push: bool = False
    ) -> Operation[Any] | None:
        """Run ``query`` on a session in the worker, then show its result; ``push``: as a
        step after the current one (a partner opened from the reconciliation)."""
        date_from, date_to = self.period
        if date_to < date_from:
            self.banner.show_text(self.tr("The period ends before it starts."), warning=True)
            return None
        inputs = Inputs(what, self.partner_combo.currentData(), date_from, date_to)
        self.banner.show_text(self.tr("Calculating…"))
        self._update_buttons(busy=True)
        db = self.ctx.db

        def work(_job: Job) -> Any:
            with db.session() as session:
                return query(session)

        def done(result: Any) -> None:
            self.banner.show_text("")
            self._data_changed = False
            step = Step(OVERVIEW, self._overview_title(what, inputs), Shown(what, result, inputs))
            if push and self.history.current is not None:
                self.history.push(step)
            else:
                self.history.reset(step)
            self._show_step(step)

        def failed(exc: BaseException) -> None:
            self.banner.show_text(engine.error_message(exc), warning=True)
            self._update_buttons()

        return self.ctx.run(Operation(work, done, failed, label=what, long_running=True))

    def _overview_title(self, what: str, inputs: Inputs) -> str:
        titles = {
            "report": arg(self.tr("Ledger %1"), inputs.partner),
            "reconcile": self.tr("Reconciliation"),
            "settle": self.tr("Settlement"),
        }
        return titles[what]

    def report(self, *, push: bool = False) -> Operation[Any] | None:
        partner = self.partner_combo.currentData()
        if partner is None or engine.module(engine.LEDGER) is None:
            return None
        date_from, date_to = self.period
        return self._run(
            "report",
            lambda session: build_report(session, partner, date_from, date_to),
            push=push,
        )

    def reconcile(self) -> Operation[Any] | None:
        if engine.module(engine.RECONCILE) is None:
            return None
        date_from, date_to = self.period
        return self._run("reconcile", lambda session: reconcile_period(session, date_from, date_to))

    def settle(self) -> Operation[Any] | None:
        if engine.module(engine.SETTLE) is None:
            return None
        date_from, date_to = self.period
        return self._run("settle", lambda session: settle_period(session, date_from, date_to))

    # --- drill-down -----------------------------------------------------------------------

    def drill_figure(self, dimension: str, key: str, label: str) -> None:
        """The spend lines behind one figure of the shown ledger."""
        if self.shown != "report" or self.last is None:
            return
        lines = self.last.ledger.lines_behind(dimension, key)
        names = {
            "budget": self.tr("Budget"),
            "regime": self.tr("Regime"),
            "instrument": self.tr("Instrument"),
            "provider": self.tr("Provider"),
            "month": self.tr("Month"),
            "client": self.tr("Client"),
        }
        shown = mask_bsn(key) if dimension == "client" else label
        title = f"{names.get(dimension, dimension)} {shown}"
        note = arg(
            self.tr("%1: %2 in %Ln line(s)", "", len(lines)),
            title,
            format_cents(sum(line.part_cents for line in lines)),
        )
        self._push(Step(LINES, title, (lines, note)))

    def open_line(self, line: Any) -> None:
        """A spend line's source record, values and findings."""
        self._push(Step(RECORD, line.spend_key, line))

    def open_quarantined(self, line: Any) -> None:
        self._push(Step(QUARANTINED, f"{line.file}, {dutch_position(line.location)}", line))

    def open_finding(self, finding_id: int) -> None:
        self._push(Step(FINDING, arg(self.tr("Finding %1"), finding_id), finding_id))

    def open_partner(self, partner: str) -> None:
        """From the reconciliation: that partner's ledger, as a step (back returns)."""
        if self.partner_combo.findData(partner) < 0:
            return
        self.set_partner(partner)
        self.report(push=True)

    def go_back(self) -> bool:
        step = self.history.back()
        if step is None:
            return False
        if step.kind == FINDING:  # do not jump to Signaleringen again on the way back
            return self.go_back() or self._show_step(step, follow=False)
        self._show_step(step)
        return True

    def go_forward(self) -> bool:
        step = self.history.forward()
        if step is None:
            return False
        self._show_step(step)
        return True

    def _push(self, step: Step) -> None:
        self.history.push(step)
        self._show_step(step)

    def _show_step(self, step: Step, *, follow: bool = True) -> bool:
        if step.kind == OVERVIEW:
            shown: Shown = step.payload
            view, show = self._views()[shown.what]
            if self.last is not shown.result:
                show(shown.result)
            self.shown, self.last, self.inputs = shown.what, shown.result, shown.inputs
            self._put_inputs(shown.inputs)
            self.stack.setCurrentWidget(view)
        elif step.kind == LINES:
            lines, note = step.payload
            self.drill_view.show_lines(lines, note)
            self.stack.setCurrentWidget(self.drill_view)
        elif step.kind in (RECORD, QUARANTINED):
            self.drill_view.show_record(None)
            self.stack.setCurrentWidget(self.drill_view)
            self._load_detail(step)
        elif step.kind == FINDING and follow:
            self.open_finding_requested.emit(int(step.payload))
        self.drill_view.set_trail(
            self.history.trail(), self.history.can_go_back(), self.history.can_go_forward()
        )
        self._update_stale()
        return True

    def _put_inputs(self, inputs: Inputs) -> None:
        """Show the partner and period an earlier overview was made of."""
        self._filling = True
        try:
            if inputs.partner is not None and inputs.what == "report":
                self.set_partner(inputs.partner)
            self.set_period(inputs.date_from, inputs.date_to)
        finally:
            self._filling = False

    def _load_detail(self, step: Step) -> Operation[Any]:
        db, item = self.ctx.db, step.payload
        load = line_detail if step.kind == RECORD else quarantined_detail

        def fetch(_job: Job) -> SourceDetail:
            with db.session() as session:
                return load(session, item)

        def show(detail: SourceDetail) -> None:
            if self.history.current is step:
                self.drill_view.show_record(detail)

        return self.ctx.run(Operation(fetch, show, label="drill-detail"))

    # --- export ---------------------------------------------------------------------------

    def choose_export(self) -> None:
        if self.shown not in ("report", "settle") or self.last is None or self.stale:
            return
        show_bsn = ExportOptions.ask(self)
        if show_bsn is None:
            return
        if self.shown == "report":
            ledger = self.last.ledger
            suggested = (
                f"verantwoording-{ledger.partner}-{ledger.date_from:%Y%m%d}-"
                f"{ledger.date_to:%Y%m%d}.xlsx"
            )
        else:
            suggested = f"verrekening-{self.last.date_from:%Y%m%d}-{self.last.date_to:%Y%m%d}.xlsx"
        path = self._save_path(suggested)
        if path is not None:
            self.export(path, show_bsn=show_bsn)

    def _save_path(self, suggested: str) -> Path | None:
        return choose_save_file(
            self,
            self.ctx.settings,
            "export",
            self.tr("Export to Excel"),
            self.tr("Excel workbook (*.xlsx)"),
            suggested,
        )

    def _reveal(self, show_bsn: bool, what: str) -> Callable[[], None]:
        """What the worker calls before writing: the audit entry when BSNs go out in full."""
        record = engine.function(PRIVACY, "record_bsn_reveal")
        db, user = self.ctx.db, self.ctx.settings.user

        def audit() -> None:
            if show_bsn and record is not None:
                record(db, user=user, what=what)

        return audit

    def export(self, path: Path, *, show_bsn: bool = False) -> Operation[Any] | None:
        """Write the figures shown (ledger or settlement) as an Excel workbook; BSNs masked
        unless ``show_bsn`` (then the request is written to the audit log)."""
        service = engine.module(SERVICE)
        if service is None or self.shown not in ("report", "settle") or self.last is None:
            return None
        if self.stale:
            return None
        db, mask = self.ctx.db, not show_bsn
        audit = self._reveal(show_bsn, arg(self.tr("workbook %1"), Path(path).name))
        if self.shown == "report":
            ledger = self.last.ledger
            partner, date_from, date_to = ledger.partner, ledger.date_from, ledger.date_to

            def work(_job: Job) -> Any:
                audit()
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
                audit()
                return service.settle_report(db, date_from, date_to, xlsx=path, mask_bsn=mask)

        return self.ctx.run(
            Operation(work, self._written(path, mask), self._not_written, label="export",
                      long_running=True)
        )  # fmt: skip

    def _written(self, path: Path, masked: bool) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            message = arg(self.tr("Workbook written: %1"), path)
            message += " " + (
                self.tr("(BSNs masked)") if masked else self.tr("(BSNs in full, audit-logged)")
            )
            self.banner.show_text(message)
            self.ctx.tell(message)

        return done

    def _not_written(self, exc: BaseException) -> None:
        show_error(self, self.tr("The workbook was not written"), engine.error_message(exc))

    def choose_lines_export(self, pane: LinesPane) -> None:
        if self.stale:
            return
        show_bsn = ExportOptions.ask(self)
        if show_bsn is None:
            return
        current = self.history.current
        name = current.title if current is not None else "regels"
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name).strip("-")
        path = self._save_path(f"regels-{safe or 'verantwoording'}.xlsx")
        if path is not None:
            self.export_lines(pane, path, show_bsn=show_bsn)

    def export_lines(
        self, pane: LinesPane, path: Path, *, show_bsn: bool = False
    ) -> Operation[Any] | None:
        """Write the lines ``pane`` shows (after its filter) to a workbook."""
        if self.stale:
            return None
        rows, columns = pane.shown_rows(), pane.model.columns
        current = self.history.current
        title = current.title if current is not None else ""
        if pane.search.text():
            title += " — " + arg(self.tr("filter: %1"), pane.search.text())
        audit = self._reveal(show_bsn, arg(self.tr("lines %1"), Path(path).name))

        def work(_job: Job) -> Path:
            audit()
            return write_lines_workbook(path, title, columns, rows, show_bsn=show_bsn)

        return self.ctx.run(
            Operation(work, self._written(path, not show_bsn), self._not_written,
                      label="export-lines", long_running=True)
        )  # fmt: skip
