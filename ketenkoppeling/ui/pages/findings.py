"""Signaleringen: the findings queue. A finding opens side by side with the records it names;
it is resolved or accepted with a reason. F5 runs the checks in the worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import FINDINGS, AppContext
from ketenkoppeling.ui.dialogs import ReasonDialog, show_error
from ketenkoppeling.ui.formatting import arg, format_count, mask_numbers
from ketenkoppeling.ui.models.findings import (
    STATUSES,
    FindingDetail,
    FindingItem,
    event_columns,
    finding_columns,
    load_detail,
    load_findings,
    rule_name,
    severity_text,
    status_text,
)
from ketenkoppeling.ui.models.records import (
    RecordView,
    comparison_fields,
    differs,
    display_value,
    field_label,
    record_title,
)
from ketenkoppeling.ui.models.table import RowTableModel
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.widgets import (
    Banner,
    FilterField,
    ProgressPanel,
    TableView,
    filtered_list,
    icon_button,
    subheading,
)
from ketenkoppeling.ui.workers import Job, Operation

DIFFERENT = QBrush(QColor("#fff1c7"))


def check_progress_text(value: Any) -> tuple[str, int, int]:
    """(label, done, total) from what run_checks reports: a (label, done, total) tuple or an
    object with those attributes."""
    if isinstance(value, tuple) and len(value) == 3:
        label, done, total = value
        return str(label), int(done or 0), int(total or 0)
    label = getattr(value, "label", None) or getattr(value, "rule", "") or ""
    return str(label), int(getattr(value, "done", 0) or 0), int(getattr(value, "total", 0) or 0)


class ComparisonTable(QTableWidget):
    """The records of a finding side by side: one column per record, one row per field;
    fields on which the records disagree are highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QTableWidget.SelectionMode.ContiguousSelection)
        self.setWordWrap(False)
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.records: list[RecordView] = []

    def show_records(self, records: list[RecordView]) -> None:
        self.records = records
        self.clear()
        fields = comparison_fields(records)
        self.setColumnCount(len(records))
        self.setRowCount(len(fields))
        self.setHorizontalHeaderLabels([mask_numbers(record_title(r.key)) for r in records])
        for column, record in enumerate(records):
            header_item = self.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(mask_numbers(record_title(record.key)))
        self.setVerticalHeaderLabels([field_label(name) for name in fields])
        for column, record in enumerate(records):
            if not record.found:
                item = QTableWidgetItem(self.tr("not found in the database"))
                item.setForeground(QBrush(QColor("#8a1c1c")))
                if fields:
                    self.setItem(0, column, item)
                continue
            for row, name in enumerate(fields):
                text = display_value(name, record.values.get(name))
                item = QTableWidgetItem(text)
                if name == "source" and record.source is not None:
                    item.setToolTip(
                        arg(
                            self.tr("Batch %1, mapping %2, imported by %3"),
                            record.source.batch or "",
                            record.source.mapping,
                            record.source.user,
                        )
                    )
                elif len(text) > 30:
                    item.setToolTip(text)
                if name == "amount_cents":
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if differs(records, name):
                    item.setBackground(DIFFERENT)
                self.setItem(row, column, item)
        header = self.horizontalHeader()
        if 0 < len(records) <= 3:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            self.resizeColumnsToContents()
            for column in range(self.columnCount()):
                self.setColumnWidth(column, min(max(self.columnWidth(column) + 16, 140), 380))

    def repaint_values(self) -> None:
        self.show_records(self.records)


class FindingsPage(Page):
    key = "findings"
    icon_name = QStyle.StandardPixmap.SP_MessageBoxWarning
    listens_to = (FINDINGS,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_header(
            self.tr(
                "Duplicates and conflicting budget attributions found by the checks. "
                "Open a finding to compare the records; resolve or accept it with a reason."
            )
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Status:"), self))
        self.status_combo = QComboBox(self)
        for status in STATUSES:
            self.status_combo.addItem(status_text(status), status)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.status_combo)
        self.check_button = icon_button(
            self.tr("Run checks (F5)"), QStyle.StandardPixmap.SP_BrowserReload, self
        )
        self.check_button.clicked.connect(self.run_checks)
        bar.addWidget(self.check_button)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.filter = FilterField(self.tr("Filter findings (Ctrl+F)"), self)
        bar.addWidget(self.filter)
        self.layout_.addLayout(bar)
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)
        self.progress = ProgressPanel(self)
        self.progress.cancel_requested.connect(self.cancel_checks)
        self.layout_.addWidget(self.progress)

        self.model = RowTableModel(finding_columns(), self)
        self.model.set_emphasis(lambda f: f.status == "open" and f.severity == "error")
        self.proxy, self.view = filtered_list(self.model, self.filter, self)
        self.view.current_row_changed.connect(self._select)

        # the selected finding
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.detail_title = subheading(self.tr("No finding selected"), detail)
        head.addWidget(self.detail_title, 1)
        self.reveal_button = QPushButton(self.tr("Show BSN"), detail)
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip(self.tr("Show BSNs in full (Ctrl+Shift+B)"))
        self.reveal_button.toggled.connect(self.ctx.set_reveal_bsn)
        self.ctx.reveal_changed.connect(self._reveal_changed)
        self.resolve_button = QPushButton(self.tr("Resolve…"), detail)
        self.resolve_button.setToolTip(
            self.tr("The records were corrected: close the finding with a reason")
        )
        self.resolve_button.clicked.connect(lambda: self.decide("resolve"))
        self.accept_button = QPushButton(self.tr("Accept…"), detail)
        self.accept_button.setToolTip(self.tr("The situation is correct: accept it with a reason"))
        self.accept_button.clicked.connect(lambda: self.decide("accept"))
        for button in (self.reveal_button, self.resolve_button, self.accept_button):
            head.addWidget(button)
        detail_layout.addLayout(head)
        self.explanation = QLabel(detail)
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail_layout.addWidget(self.explanation)
        self.suggestion = Banner("", detail)
        detail_layout.addWidget(self.suggestion)
        self.comparison = ComparisonTable(detail)
        self.events_model = RowTableModel(event_columns(), self)
        self.events_view = TableView(detail, sortable=False)
        self.events_view.setModel(self.events_model)
        lower = QSplitter(Qt.Orientation.Vertical, detail)
        lower.addWidget(self.comparison)
        events_box = QWidget(lower)
        events_layout = QVBoxLayout(events_box)
        events_layout.setContentsMargins(0, 4, 0, 0)
        events_layout.addWidget(subheading(self.tr("History"), events_box))
        events_layout.addWidget(self.events_view)
        lower.addWidget(events_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 1)
        detail_layout.addWidget(lower, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 420])
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)

        self.current: FindingItem | None = None
        self.check_operation: Operation[Any] | None = None
        self._select_after_refresh: int | None = None
        self._update_buttons()
        if not engine.available(engine.CHECKS_REVIEW, "list_findings"):
            self.banner.show_text(
                self.tr(
                    "Reviewing findings is not available yet: findings are shown from the "
                    "database, resolving and accepting will follow."
                ),
                warning=True,
            )

    def title(self) -> str:
        return self.tr("Findings")

    def primary_widget(self) -> QWidget | None:
        return self.view

    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    @property
    def status(self) -> str:
        return str(self.status_combo.currentData())

    def set_status(self, status: str) -> None:
        self.status_combo.setCurrentIndex(STATUSES.index(status))

    # --- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        db, status = self.ctx.db, self.status

        def fetch(_job: Job) -> list[FindingItem]:
            with db.session() as session:
                return load_findings(session, status)

        self.ctx.run(Operation(fetch, self._show, label="findings"))

    def _show(self, findings: list[FindingItem]) -> None:
        keep = self._select_after_refresh or (self.current.id if self.current else None)
        self._select_after_refresh = None
        self.model.set_rows(findings)
        errors = sum(1 for f in findings if f.severity == "error")
        self.count_label.setText(
            arg(self.tr("%1 findings, %2 errors"), format_count(len(findings)), errors)
        )
        if keep is not None:
            for row in range(self.proxy.rowCount()):
                if self.view.row_at(self.proxy.index(row, 0)).id == keep:
                    self.view.selectRow(row)
                    return
        if findings:
            self.view.select_first()
        else:
            self._select(None)

    # --- the selected finding -------------------------------------------------------------

    def _select(self, finding: FindingItem | None) -> None:
        self.current = finding
        self._update_buttons()
        if finding is None:
            self.detail_title.setText(self.tr("No finding selected"))
            self.explanation.clear()
            self.suggestion.show_text("")
            self.comparison.show_records([])
            self.events_model.set_rows([])
            return
        self.detail_title.setText(
            arg(
                self.tr("#%1 %2 — %3 (%4, %5)"),
                finding.id,
                finding.rule,
                rule_name(finding.rule),
                severity_text(finding.severity).lower(),
                status_text(finding.status).lower(),
            )
        )
        self.explanation.setText(mask_numbers(finding.message))
        self.suggestion.show_text(
            arg(self.tr("Suggestion: %1"), mask_numbers(finding.suggestion))
            if finding.suggestion
            else ""
        )
        db = self.ctx.db

        def fetch(_job: Job) -> FindingDetail:
            with db.session() as session:
                return load_detail(session, finding)

        self.ctx.run(Operation(fetch, self._show_detail, label="finding-detail"))

    def _show_detail(self, detail: FindingDetail) -> None:
        if self.current is None or detail.finding_id != self.current.id:
            return  # another finding was selected meanwhile
        self.comparison.show_records(detail.records)
        self.events_model.set_rows(detail.events)

    def _reveal_changed(self, reveal: bool) -> None:
        self.reveal_button.setChecked(reveal)
        self.comparison.repaint_values()
        if self.current is not None:
            self.explanation.setText(mask_numbers(self.current.message))

    def _update_buttons(self) -> None:
        can_review = engine.available(engine.CHECKS_REVIEW, "resolve", "accept")
        is_open = self.current is not None and self.current.status == "open"
        self.resolve_button.setEnabled(can_review and is_open)
        self.accept_button.setEnabled(can_review and is_open)
        self.check_button.setEnabled(self.check_operation is None)

    # --- resolving and accepting ----------------------------------------------------------

    def decide(self, what: str, reason: str | None = None) -> Operation[Any] | None:
        """Resolve or accept the selected finding; asks for the reason unless given."""
        finding = self.current
        service = engine.function(engine.CHECKS_REVIEW, what)
        if finding is None or service is None:
            return None
        if reason is None:
            if what == "resolve":
                title = arg(self.tr("Resolve finding #%1"), finding.id)
                prompt = self.tr("What was corrected? The reason is recorded with your name.")
            else:
                title = arg(self.tr("Accept finding #%1"), finding.id)
                prompt = self.tr(
                    "Why is this situation correct? The reason is recorded with your name."
                )
            reason = ReasonDialog.ask(title, prompt, self)
        if not reason:
            return None
        db, user, finding_id = self.ctx.db, self.ctx.user, finding.id

        def work(_job: Job) -> Any:
            return engine.call(service, db, finding_id, reason, user=user)

        def done(_result: Any) -> None:
            message = (
                arg(self.tr("Finding #%1 resolved."), finding_id)
                if what == "resolve"
                else arg(self.tr("Finding #%1 accepted."), finding_id)
            )
            self.ctx.tell(message)
            self._select_after_refresh = finding_id
            self.ctx.changed(FINDINGS)  # this place reloads, keeping the finding selected

        def failed(exc: BaseException) -> None:
            show_error(self, self.tr("The finding was not changed"), engine.error_message(exc))

        return self.ctx.run(Operation(work, done, failed, label=what))

    # --- running the checks ---------------------------------------------------------------

    def run_checks(self) -> Operation[Any] | None:
        run = engine.function(engine.CHECKS_RUNNER, "run_checks")
        if run is None:
            self.banner.show_text(
                arg(
                    self.tr("Running the checks is not available yet (%1)."),
                    engine.failure(engine.CHECKS_RUNNER),
                ),
                warning=True,
            )
            return None
        if self.check_operation is not None:
            return self.check_operation
        db, user = self.ctx.db, self.ctx.user

        def work(job: Job) -> Any:
            def progress(*args: Any) -> None:
                job.report(args if len(args) != 1 else args[0])

            return engine.call(run, db, user=user, progress=progress, cancel=job.cancelled)

        def done(summary: Any) -> None:
            findings = getattr(summary, "findings", None)
            if isinstance(findings, list):
                open_count = sum(1 for f in findings if getattr(f, "status", "open") == "open")
                message = arg(
                    self.tr("Checks done: %1 findings, %2 open."), len(findings), open_count
                )
            else:
                message = self.tr("Checks done.")
            self.banner.show_text(message)
            self.ctx.tell(message)
            self.ctx.changed(FINDINGS)

        def failed(exc: BaseException) -> None:
            self.banner.show_text(
                arg(self.tr("The checks stopped: %1"), engine.error_message(exc)), warning=True
            )

        def progress(value: Any) -> None:
            label, done_count, total = check_progress_text(value)
            self.progress.update_progress(
                arg(self.tr("Checking: %1"), label) if label else self.tr("Checking…"),
                done_count,
                total,
            )

        def finished() -> None:
            self.check_operation = None
            self.progress.finish()
            self._update_buttons()

        operation = Operation(
            work,
            done,
            failed,
            progress,
            on_cancel=lambda: self.banner.show_text(self.tr("The checks were cancelled.")),
            label="checks",
            long_running=True,
        )
        operation.signals.finished.connect(finished)
        self.check_operation = operation
        self.progress.start(self.tr("Running the checks…"))
        self._update_buttons()
        return self.ctx.run(operation)

    def cancel_checks(self) -> None:
        if self.check_operation is not None:
            self.check_operation.cancel()
