"""Signaleringen: the findings work queue. Findings are filtered (rule, severity, status,
partner, assignee; saved as named views), taken or assigned, resolved or accepted in bulk with
one reason, reopened; Ctrl+Z undoes the last decision. A finding opens side by side with the
records it names; a tab beside it shows the findings shown by rule and by age (a double-click
on a bar filters on its rule or sorts by age). F5 runs the checks in the worker; the queue
exports to Excel.

The page holds the queue as plain tuples and arranges a long one in a worker thread, in one
go with the chart's counts (:mod:`ketenkoppeling.ui.models.findings_queue`): a region's
queue of hundreds of thousands of findings never stalls the window."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ketenkoppeling.checks.decisions import Assign, Command, Decide, DecisionHistory, Reopen
from ketenkoppeling.checks.queue import (
    Overtaken,
    QueueFilter,
    QueueRow,
    delete_view,
    filter_rows,
    item_of,
    paced,
    save_view,
)
from ketenkoppeling.checks.stats import AGE_BUCKETS, age_counts
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.charts import FindingsChart
from ketenkoppeling.ui.context import FINDINGS, AppContext
from ketenkoppeling.ui.dialogs import ReasonDialog, choose_save_file
from ketenkoppeling.ui.findings_export import export_queue
from ketenkoppeling.ui.findings_filters import FindingFilterBar, ViewCombo
from ketenkoppeling.ui.formatting import arg, mask_numbers
from ketenkoppeling.ui.models.findings import (
    STATUSES,
    FindingDetail,
    FindingItem,
    QueueState,
    event_columns,
    finding_columns,
    load_detail,
    load_state,
    rule_name,
    severity_text,
    status_text,
)
from ketenkoppeling.ui.models.findings_queue import (
    ID,
    SEVERITY,
    STATUS,
    Arranged,
    ChartCounts,
    FindingsModel,
    FindingsProxy,
    arrange_all,
    chart_counts_of,
    first_of_age,
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
    icon_button,
    subheading,
)
from ketenkoppeling.ui.workers import Job, Operation, run_detached

DIFFERENT = QBrush(QColor("#fff1c7"))
AGE_COLUMN = 6  # of finding_columns()
FIT_ROWS = 100  # the rows a column's width is fitted to
TYPING_PAUSE_MS = 250  # a long list is filtered on the text once the typing pauses this long


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
                "The work queue of the checks' findings. Take a finding or give it to a "
                "colleague, compare its records, and resolve or accept it with a reason."
            )
        )
        self.history = DecisionHistory()
        self.items: list[QueueRow] = []  # every finding, as plain tuples
        self.checked = True
        self.people: list[str] = []
        self._make_actions()

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("View:"), self))
        self.view_combo = ViewCombo(self)
        self.view_combo.view_chosen.connect(self._apply_view)
        bar.addWidget(self.view_combo)
        self.save_view_button = QPushButton(self.tr("Save view…"), self)
        self.save_view_button.setToolTip(self.tr("Save the current filters as a named view"))
        self.save_view_button.clicked.connect(lambda: self.save_view())
        bar.addWidget(self.save_view_button)
        self.delete_view_button = QToolButton(self)
        self.delete_view_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon)
        )
        self.delete_view_button.setToolTip(self.tr("Delete view"))
        self.delete_view_button.clicked.connect(lambda: self.delete_view())
        bar.addWidget(self.delete_view_button)
        self.check_button = icon_button(
            self.tr("Run checks (F5)"), QStyle.StandardPixmap.SP_BrowserReload, self
        )
        self.check_button.clicked.connect(self.run_checks)
        bar.addWidget(self.check_button)
        self.export_button = QToolButton(self)
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        export_menu.addAction(self.export_action)
        export_menu.addAction(self.export_bsn_action)
        self.export_button.setMenu(export_menu)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        self.filter = FilterField(self.tr("Filter findings (Ctrl+F)"), self)
        bar.addWidget(self.filter)
        self.layout_.addLayout(bar)
        self.filters = FindingFilterBar(self)
        self.filters.changed.connect(self._apply_filter)
        self.status_combo = self.filters.status_combo
        self.layout_.addWidget(self.filters)
        self.count_label = subheading("", self)
        self.layout_.addWidget(self.count_label)
        self.banner = Banner("", self)
        self.layout_.addWidget(self.banner)
        self.progress = ProgressPanel(self)
        self.progress.cancel_requested.connect(self.cancel_checks)
        self.layout_.addWidget(self.progress)

        self.model = FindingsModel(finding_columns(), self)
        self.model.set_emphasis(lambda f: f[STATUS] == "open" and f[SEVERITY] == "error")
        self.proxy = FindingsProxy(self.model, self)
        self._typed = QTimer(self)  # a long list is filtered when the typing pauses
        self._typed.setSingleShot(True)
        self._typed.setInterval(TYPING_PAUSE_MS)
        self._typed.timeout.connect(lambda: self.proxy.setFilterFixedString(self.filter.text()))
        self.filter.textChanged.connect(self._filter_typed)
        self.filter.returnPressed.connect(self._filter_now)
        self.view = TableView(self)
        self.view.setModel(self.proxy)
        self.proxy.arranged.connect(self._update_count)  # sorted or filtered (long lists later)
        self.view.setSelectionMode(TableView.SelectionMode.ExtendedSelection)
        # columns are fitted to the rows in view and a few more, not to a thousand of them
        self.view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.view.current_row_changed.connect(self._select)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.addActions(self.decision_actions())

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
        head.addWidget(self.reveal_button)
        detail_layout.addLayout(head)
        head = QHBoxLayout()  # the decisions, in a row of their own
        self.take_button = self._button(self.take_action, detail, head)
        self.assign_button = self._button(self.assign_action, detail, head)
        self.resolve_button = self._button(self.resolve_action, detail, head)
        self.accept_button = self._button(self.accept_action, detail, head)
        self.reopen_button = self._button(self.reopen_action, detail, head)
        self.undo_button = self._button(self.undo_action, detail, head)
        self.decisions_button = QToolButton(detail)
        self.decisions_button.setText(self.tr("Decisions"))
        self.decisions_button.setToolTip(self.tr("Every decision with its shortcut"))
        self.decisions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.decisions_menu = QMenu(self.decisions_button)
        self.decisions_menu.addActions(self.decision_actions())
        self.decisions_button.setMenu(self.decisions_menu)
        head.addWidget(self.decisions_button)
        head.addStretch(1)
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

        # the findings shown, by rule and by age: a tab beside the selected finding
        self.chart = FindingsChart(self)
        self.chart.activated.connect(self.chart_activated)
        self.detail_tabs = QTabWidget(self)
        self.detail_tabs.setDocumentMode(True)
        self.detail_tabs.addTab(detail, self.tr("Selected finding"))
        self.detail_tabs.addTab(self.chart, self.tr("Charts"))
        self.detail_tabs.setTabToolTip(
            1, self.tr("The findings shown by rule and by age; double-click a bar")
        )
        self.view.activated.connect(lambda _index: self.detail_tabs.setCurrentIndex(0))

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail_tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 420])
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)

        self.current: FindingItem | None = None
        self._running: set[Operation[Any]] = set()
        self._filter_generation = 0
        self._chart_generation = 0
        self.check_operation: Operation[Any] | None = None
        self._select_after_refresh: int | None = None
        self._update_buttons()

    def _action(self, text: str, tip: str, slot: Any, *keys: str) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(arg(self.tr("%1 (%2)"), tip, shown))
        else:
            action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.take_action = self._action(
            self.tr("Take"),
            self.tr("Take the selected findings: you work on them"),
            self.take,
            "Ctrl+T",
        )
        self.assign_action = self._action(
            self.tr("Assign…"),
            self.tr("Give the selected findings to a colleague"),
            self.assign,
            "Ctrl+Shift+T",
        )
        self.resolve_action = self._action(
            self.tr("Resolve…"),
            self.tr("The records were corrected: close the selected findings with a reason"),
            lambda: self.decide("resolve"),
            "Ctrl+Return",
            "Ctrl+Enter",
        )
        self.accept_action = self._action(
            self.tr("Accept…"),
            self.tr("The situation is correct: accept the selected findings with a reason"),
            lambda: self.decide("accept"),
            "Ctrl+Shift+Return",
            "Ctrl+Shift+Enter",
        )
        self.reopen_action = self._action(
            self.tr("Reopen…"),
            self.tr("Open a resolved or accepted finding again"),
            self.reopen,
            "Ctrl+Shift+O",
        )
        self.undo_action = self._action(
            self.tr("Undo"), self.tr("Undo your last decision"), self.undo, "Ctrl+Z"
        )
        self.export_action = self._action(
            self.tr("Export to Excel…"),
            self.tr("The findings shown and their history as a workbook (BSNs masked)"),
            lambda: self.export(),
        )
        self.export_bsn_action = self._action(
            self.tr("Export to Excel with full BSNs…"),
            self.tr("As the export, with BSNs in full; this is written to the audit log"),
            lambda: self.export(show_bsn=True),
        )  # fmt: skip

    def decision_actions(self) -> list[QAction]:
        return [self.take_action, self.assign_action, self.resolve_action, self.accept_action,
                self.reopen_action, self.undo_action]  # fmt: skip

    def _button(self, action: QAction, parent: QWidget, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(action.text(), parent)
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        layout.addWidget(button)
        return button

    def title(self) -> str:
        return self.tr("Findings")

    def primary_widget(self) -> QWidget | None:
        return self.view

    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    @property
    def status(self) -> str:
        statuses = self.filters.queue_filter().statuses
        return statuses[0] if statuses else "all"

    def set_status(self, status: str) -> None:
        self.status_combo.setCurrentIndex(STATUSES.index(status))

    # --- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        db, user = self.ctx.db, self.ctx.user

        def fetch(_job: Job) -> QueueState:
            with db.session() as session:
                return load_state(session, user)

        self.ctx.run(Operation(fetch, self._show_state, label="findings"))

    def _show_state(self, state: QueueState) -> None:
        self.items, self.checked, self.people = state.items, state.checked, state.colleagues
        current = self.view_combo.currentData()
        self.view_combo.set_views(state.views, current)
        self.filters.blockSignals(True)
        self.filters.set_partners(state.partners)
        self.filters.set_people(self.people, self.ctx.user)
        self.filters.blockSignals(False)
        self._apply_filter()

    def shown(self) -> list[FindingItem]:
        """The findings the filters let through (the text filter aside), by id."""
        return [item_of(row) for row in filter_rows(self.items, self.filters.queue_filter())]

    def _apply_filter(self) -> None:
        """Show the findings the filters let through: a long queue is filtered in a worker
        thread (the list keeps what it showed until then)."""
        keep = self._select_after_refresh or (self.current.id if self.current else None)
        self._select_after_refresh = None
        self._filter_generation += 1
        generation, items, queue_filter = (
            self._filter_generation,
            self.items,
            self.filters.queue_filter(),
        )
        if len(items) <= self.proxy.SYNC_LIMIT:
            rows = filter_rows(items, queue_filter)
            self._show_filtered(rows, _place(rows, keep), keep)
            return

        order, columns = self.proxy.order(), self.model.columns

        def stale() -> bool:
            return generation != self._filter_generation

        def work(_job: Job) -> tuple[list[QueueRow], int, Arranged] | None:
            """Filtered, sorted and counted in one go: the window then shows it at once."""
            try:
                rows = filter_rows(items, queue_filter, stop=stale)
                return rows, _place(rows, keep), arrange_all(rows, columns, order, None, stale)
            except Overtaken:  # the filters changed again meanwhile
                return None

        def done(result: tuple[list[QueueRow], int, Arranged] | None) -> None:
            if result is not None and generation == self._filter_generation:
                rows, found, arranged = result
                self._show_filtered(rows, found, keep, arranged)

        self._background(Operation(work, done))

    def _background(self, operation: Operation[Any]) -> None:
        """Work on the lists in memory in a worker thread (kept until it is delivered)."""
        self._running.add(operation)
        operation.signals.finished.connect(lambda: self._running.discard(operation))
        run_detached(operation)

    def _show_filtered(
        self,
        findings: list[QueueRow],
        found: int,
        keep: int | None,
        arranged: Arranged | None = None,
    ) -> None:
        """Show ``findings`` (as ``arranged`` in the worker, when given); the one at
        ``found`` (the finding ``keep``) stays selected."""
        if arranged is not None:
            self.proxy.show_arranged(findings, arranged)
        else:
            self.model.set_rows(findings)  # the count follows when the list is arranged
        if keep is not None:
            shown = self.proxy.mapFromSource(self.model.index(found, 0))
            if shown.isValid():
                self.view.selectRow(shown.row())
                return
        if findings:
            self.view.select_first()
        else:
            self._select(None)

    @property
    def busy(self) -> bool:
        """A long queue is being filtered, sorted or counted in the background (or its
        text filter waits for the typing to pause)."""
        return bool(self._running) or self.proxy.busy or self._typed.isActive()

    def _filter_typed(self, text: str) -> None:
        """The text filter: a short list at once, a long one when the typing pauses."""
        if len(self.proxy.source_rows()) <= self.proxy.SYNC_LIMIT:
            self._typed.stop()
            self.proxy.setFilterFixedString(text)
        else:
            self._typed.start()

    def _filter_now(self) -> None:
        if self._typed.isActive():
            self._typed.stop()
            self.proxy.setFilterFixedString(self.filter.text())

    def _update_count(self) -> None:
        """The count and the chart follow every filter, the text filter included."""
        self.count_label.setText(self._count_text(self.proxy.rowCount(), len(self.items)))
        self._update_chart()

    def listed(self) -> list[FindingItem]:
        """The findings in the list as it shows them: every filter, the text filter too."""
        return self.proxy.rows()

    def _update_chart(self) -> None:
        rows, positions = self.proxy.source_rows(), self.proxy.positions()
        self._chart_generation += 1
        generation = self._chart_generation
        counted = self.proxy.chart_counts()  # counted with the order in the worker
        if counted is not None:
            self._show_chart(counted, len(positions))
            return
        if len(positions) <= self.proxy.SYNC_LIMIT:
            self._show_chart(chart_counts_of(rows, positions), len(positions))
            return

        def done(counts: ChartCounts) -> None:
            if generation == self._chart_generation:
                self._show_chart(counts, len(positions))

        self._background(Operation(lambda _job: chart_counts_of(rows, positions), done))

    def _show_chart(self, counts: ChartCounts, shown: int) -> None:
        by_rule, by_age = counts
        self.chart.set_counts(
            by_rule,
            by_age,
            self.tr("%n finding(s) shown, by rule and by age", "", shown),
            {rule: rule_name(rule) for rule in by_rule},
        )

    def chart_activated(self, key: str) -> None:
        """A double-clicked bar: ``rule:B7`` filters the queue on that rule; ``age:8-30``
        sorts the list by age (the oldest first, the youngest first for 0-7) and selects the
        first finding of that age."""
        kind, _, value = key.partition(":")
        if kind == "rule" and value:
            self.filters.set_filter(replace(self.filters.queue_filter(), rules=(value,)))
        elif kind == "age" and value:
            youngest = value == AGE_BUCKETS[0][0]
            order = Qt.SortOrder.AscendingOrder if youngest else Qt.SortOrder.DescendingOrder
            self.view.sortByColumn(AGE_COLUMN, order)
            if self.proxy.busy:  # a long list: select when it is sorted
                self.proxy.arranged.connect(
                    lambda: self._select_first_aged(value), Qt.ConnectionType.SingleShotConnection
                )
            else:
                self._select_first_aged(value)

    def _select_first_aged(self, bucket: str) -> None:
        row = first_of_age(
            self.proxy.source_rows(),
            self.proxy.positions(),
            bucket,
            by_age=self.proxy.sortColumn() == AGE_COLUMN,
            descending=self.proxy.sortOrder() == Qt.SortOrder.DescendingOrder,
        )
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.proxy.index(row, 0))

    def _count_text(self, shown: int, total: int) -> str:
        if not self.checked:
            return self.tr("No check has run yet — Checks › Run checks")
        if shown == total:
            return self.tr("%n finding(s)", "", total)
        return arg(self.tr("%1 of %n finding(s)", "", total), shown)

    # --- saved views ----------------------------------------------------------------------

    def _apply_view(self, queue_filter: QueueFilter) -> None:
        self.filters.set_filter(queue_filter)

    def save_view(self, name: str | None = None) -> Operation[Any] | None:
        if name is None:
            name, ok = QInputDialog.getText(
                self, self.tr("Save view"), self.tr("Name of the view (only you see it):")
            )
            if not ok:
                return None
        db, user, queue_filter = self.ctx.db, self.ctx.user, self.filters.queue_filter()

        def work(_job: Job) -> Any:
            return save_view(db, user, name or "", queue_filter)

        def done(view: Any) -> None:
            self.view_combo.set_views(
                [*[v for v in self.view_combo.views if v.name != view.name], view], view.name
            )
            self.ctx.tell(arg(self.tr("View “%1” saved."), view.name))

        return self.ctx.run(Operation(work, done, self._failed, label="save-view"))

    def delete_view(self) -> Operation[Any] | None:
        view = self.view_combo.current_view()
        if view is None:
            return None
        db, user = self.ctx.db, self.ctx.user

        def work(_job: Job) -> Any:
            return delete_view(db, user, view.name)

        def done(_deleted: Any) -> None:
            self.view_combo.set_views([v for v in self.view_combo.views if v.name != view.name])

        return self.ctx.run(Operation(work, done, self._failed, label="delete-view"))

    # --- the selected finding -------------------------------------------------------------

    def selected(self) -> list[FindingItem]:
        rows = [r for r in self.view.selected_rows() if r is not None]
        if not rows and self.current is not None:
            rows = [self.current]
        return rows

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
        chosen = self.selected() if hasattr(self, "view") else []
        some = bool(chosen)
        all_open = some and all(f.status == "open" for f in chosen)
        all_decided = some and all(f.status in ("resolved", "accepted") for f in chosen)
        enabled = {
            self.take_action: some,
            self.assign_action: some,
            self.resolve_action: all_open,
            self.accept_action: all_open,
            self.reopen_action: all_decided,
            self.undo_action: self.history.can_undo(),
        }
        for action, on in enabled.items():
            action.setEnabled(on)
        last = self.history.last()
        self.undo_action.setToolTip(
            arg(self.tr("Undo: %1 (Ctrl+Z)"), last.description)
            if last is not None
            else self.tr("Undo your last decision (Ctrl+Z)")
        )
        for name in ("take", "assign", "resolve", "accept", "reopen", "undo"):
            button = getattr(self, f"{name}_button", None)
            if button is not None:
                action = getattr(self, f"{name}_action")
                button.setEnabled(action.isEnabled())
                button.setToolTip(action.toolTip())
        if hasattr(self, "check_button"):
            self.check_button.setEnabled(self.check_operation is None)

    # --- decisions ------------------------------------------------------------------------

    def take(self) -> Operation[Any] | None:
        """The user works on the selected findings."""
        return self.assign(self.ctx.user)

    def assign(self, assignee: str | None = None) -> Operation[Any] | None:
        """Give the selected findings to ``assignee`` (asked when not given; '' to nobody)."""
        chosen = self.selected()
        if not chosen:
            return None
        if assignee is None:
            people = [""] + [p for p in self.people if p]
            name, ok = QInputDialog.getItem(
                self,
                self.tr("Assign findings"),
                self.tr("Colleague (type a name, or leave empty for nobody):"),
                people,
                0,
                True,
            )
            if not ok:
                return None
            assignee = name
        return self._run(Assign(_versions(chosen), assignee, self.ctx.user), chosen)

    def decide(self, what: str, reason: str | None = None) -> Operation[Any] | None:
        """Resolve or accept the selected findings with one reason (asked unless given)."""
        chosen = [f for f in self.selected() if f.status == "open"]
        if not chosen:
            return None
        if reason is None:
            n = len(chosen)
            if what == "resolve":
                title = self.tr("Resolve %n finding(s)", "", n)
                prompt = self.tr("What was corrected? The reason is recorded with your name.")
            else:
                title = self.tr("Accept %n finding(s)", "", n)
                prompt = self.tr(
                    "Why is this situation correct? The reason is recorded with your name."
                )
            reason = ReasonDialog.ask(title, prompt, self)
        if not reason:
            return None
        status = "resolved" if what == "resolve" else "accepted"
        return self._run(Decide(_versions(chosen), status, reason, self.ctx.user), chosen)

    def reopen(self, reason: str | None = None) -> Operation[Any] | None:
        chosen = [f for f in self.selected() if f.status in ("resolved", "accepted")]
        if not chosen:
            return None
        if reason is None:
            reason = ReasonDialog.ask(
                self.tr("Reopen %n finding(s)", "", len(chosen)),
                self.tr("Why must this be looked at again? The reason is recorded."),
                self,
            )
        if not reason:
            return None
        return self._run(Reopen(_versions(chosen), reason, self.ctx.user), chosen)

    def _run(self, command: Command, chosen: list[FindingItem]) -> Operation[Any]:
        db, history = self.ctx.db, self.history

        def work(_job: Job) -> Any:
            return history.do(command, db)

        def done(_views: Any) -> None:
            self.banner.show_text("")
            self.ctx.tell(arg(self.tr("Done: %1. Ctrl+Z undoes it."), command.description))
            self._select_after_refresh = chosen[0].id
            self._update_buttons()
            self.ctx.changed(FINDINGS)

        return self.ctx.run(Operation(work, done, self._refused, label="decision"))

    def undo(self) -> Operation[Any] | None:
        last = self.history.last()
        if last is None:
            return None
        db, history = self.ctx.db, self.history

        def work(_job: Job) -> Any:
            return history.undo(db)

        def done(_views: Any) -> None:
            self.banner.show_text("")
            self.ctx.tell(arg(self.tr("Undone: %1."), last.description))
            self._select_after_refresh = next(iter(last.versions), None)
            self._update_buttons()
            self.ctx.changed(FINDINGS)

        return self.ctx.run(Operation(work, done, self._refused, label="undo"))

    def _refused(self, exc: BaseException) -> None:
        """A refused decision: said in the banner; the list is read again."""
        self.banner.show_text(
            arg(self.tr("Not changed: %1"), engine.error_message(exc)), warning=True
        )
        self._update_buttons()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_text(engine.error_message(exc), warning=True)

    # --- export ---------------------------------------------------------------------------

    def export(self, path: Path | None = None, *, show_bsn: bool = False) -> Operation[Any] | None:
        """The findings shown, with their history, to an Excel workbook."""
        if path is None:
            path = choose_save_file(
                self,
                self.ctx.settings,
                "findings-export",
                self.tr("Export findings"),
                self.tr("Excel workbook (*.xlsx)"),
                "signaleringen.xlsx",
            )
            if path is None:
                return None
        db, user, target = self.ctx.db, self.ctx.user, path
        rows, queue_filter = self.items, self.filters.queue_filter()

        def work(_job: Job) -> Path:
            items = [item_of(row) for row in filter_rows(rows, queue_filter)]
            return export_queue(db, target, items, show_bsn=show_bsn, user=user)

        def done(written: Path) -> None:
            self.ctx.tell(arg(self.tr("Findings exported to %1."), str(written)))

        return self.ctx.run(Operation(work, done, self._failed, label="export-findings"))

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
            opened = getattr(summary, "open_findings", None)
            if findings is not None and opened is not None:  # sized, read from the store lazily
                open_count = len(opened)
                message = arg(
                    self.tr("Checks done: %Ln finding(s), %1 open.", "", len(findings)),
                    open_count,
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


def chart_counts(findings: list[FindingItem]) -> ChartCounts:
    """The findings by rule (in rule order) and by age, as the chart shows them (the page
    counts its rows with :func:`chart_counts_of`, which gives the same)."""
    by_rule = dict(sorted(Counter(f.rule for f in findings).items()))
    return by_rule, age_counts(f.created_at for f in findings)


def _place(rows: list[QueueRow], finding_id: int | None) -> int:
    """Where the finding ``finding_id`` is in ``rows`` (-1: not there)."""
    if finding_id is None:
        return -1
    return next((n for n, row in enumerate(paced(rows)) if row[ID] == finding_id), -1)


def _versions(findings: list[FindingItem]) -> dict[int, int]:
    """Finding id → the version the user saw."""
    return {f.id: f.version for f in findings}
