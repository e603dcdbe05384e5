"""Gegevens: clients, deployments, spend lines and benefit periods, searchable and loaded
page by page; a selected record shows its source (file and position) and its history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ketenkoppeling.store.tables import (
    BenefitPeriodRow,
    ClientRow,
    DeploymentRow,
    SpendLineRow,
)
from ketenkoppeling.ui.context import RECORDS, AppContext
from ketenkoppeling.ui.formatting import (
    arg,
    format_cents,
    format_count,
    format_date,
    mask_bsn,
)
from ketenkoppeling.ui.models.lazy import LazySpec, LazyTableModel
from ketenkoppeling.ui.models.records import (
    RecordView,
    history_text,
    lookup,
    lookup_benefit_period,
    notes_text,
)
from ketenkoppeling.ui.models.table import Column, RowTableModel, attr
from ketenkoppeling.ui.pages.base import Page
from ketenkoppeling.ui.source_fields import show_source
from ketenkoppeling.ui.widgets import FilterField, TableView, hint, subheading
from ketenkoppeling.ui.workers import Job, Operation

FIT_ROWS = 100  # the rows a column's width is fitted to (the rows in view and a few more)


@dataclass(frozen=True)
class Tab:
    name: str
    spec: LazySpec
    columns: list[Column]


def _bsn(value: Any) -> str:
    return mask_bsn(value)


def data_tabs() -> list[Tab]:
    tr = QCoreApplication.translate
    c, d, s, b = ClientRow, DeploymentRow, SpendLineRow, BenefitPeriodRow
    # the columns shown (and sorted by); each table reads its key column first
    deployment = (
        d.partner,
        d.reference,
        d.bsn,
        d.instrument,
        d.provider,
        d.start,
        d.end,
        d.werkcoach,
    )
    spend = (
        s.partner,
        s.invoice_number,
        s.reference,
        s.bsn,
        s.provider,
        s.payer,
        s.pay_date,
        s.period_from,
        s.period_to,
        s.amount_cents,
    )
    benefit = (b.bsn, b.regime, b.executor, b.start, b.end)
    return [
        Tab(
            "clients",
            LazySpec(
                "clients",
                (c.bsn, c.surname, c.initials, c.birth_date, c.postcode, c.source_record_id),
                (c.bsn, c.surname, c.initials, c.birth_date, c.postcode),
                search=(c.surname, c.postcode),
                bsn=c.bsn,
            ),
            [
                Column(tr("DataPage", "BSN"), attr("bsn"), _bsn),
                Column(tr("DataPage", "Surname"), attr("surname")),
                Column(tr("DataPage", "Initials"), attr("initials")),
                Column(tr("DataPage", "Date of birth"), attr("birth_date"), format_date),
                Column(tr("DataPage", "Postcode"), attr("postcode")),
            ],
        ),
        Tab(
            "deployments",
            LazySpec(
                "deployments",
                (d.id, *deployment),
                deployment,
                search=(d.partner, d.reference, d.instrument, d.provider, d.werkcoach),
                bsn=d.bsn,
            ),
            [
                Column(tr("DataPage", "Partner"), attr("partner")),
                Column(tr("DataPage", "Reference"), attr("reference")),
                Column(tr("DataPage", "BSN"), attr("bsn"), _bsn),
                Column(tr("DataPage", "Instrument"), attr("instrument")),
                Column(tr("DataPage", "Provider"), attr("provider")),
                Column(tr("DataPage", "Start"), attr("start"), format_date),
                Column(tr("DataPage", "End"), attr("end"), format_date),
                Column(tr("DataPage", "Work coach"), attr("werkcoach")),
            ],
        ),
        Tab(
            "spend",
            LazySpec(
                "spend",
                (s.id, *spend),
                spend,
                search=(s.partner, s.invoice_number, s.reference, s.provider, s.payer),
                bsn=s.bsn,
            ),
            [
                Column(tr("DataPage", "Partner"), attr("partner")),
                Column(tr("DataPage", "Invoice"), attr("invoice_number")),
                Column(tr("DataPage", "Reference"), attr("reference")),
                Column(tr("DataPage", "BSN"), attr("bsn"), _bsn),
                Column(tr("DataPage", "Provider"), attr("provider")),
                Column(tr("DataPage", "Payer"), attr("payer")),
                Column(tr("DataPage", "Pay date"), attr("pay_date"), format_date),
                Column(tr("DataPage", "Period from"), attr("period_from"), format_date),
                Column(tr("DataPage", "Period to"), attr("period_to"), format_date),
                Column(tr("DataPage", "Amount"), attr("amount_cents"), format_cents, right=True),
            ],
        ),
        Tab(
            "benefits",
            LazySpec(
                "benefits",
                (b.id, *benefit),
                benefit,
                search=(b.regime, b.executor),
                bsn=b.bsn,
            ),
            [
                Column(tr("DataPage", "BSN"), attr("bsn"), _bsn),
                Column(tr("DataPage", "Regime"), attr("regime")),
                Column(tr("DataPage", "Executed by"), attr("executor")),
                Column(tr("DataPage", "Start"), attr("start"), format_date),
                Column(tr("DataPage", "End"), attr("end"), format_date),
            ],
        ),
    ]


def record_detail(session: Session, tab: str, row: Any) -> RecordView:
    """The selected row's stored record with its source and history (worker thread)."""
    if tab == "clients":
        return lookup(session, f"client {row.bsn}")
    if tab == "deployments":
        return lookup(session, f"deployment {row.partner}/{row.reference}")
    if tab == "spend":
        return lookup(session, f"spend {row.partner}/{row.invoice_number}/{row.reference}")
    return lookup_benefit_period(session, int(row.id))


class RecordPanel(QWidget):
    """Where a record came from, and the versions it replaced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(self.tr("Source"), self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        self.form = form
        for name, label in (
            ("file", self.tr("File")),
            ("location", self.tr("Position")),
            ("batch", self.tr("Batch")),
            ("mapping", self.tr("Mapping")),
            ("imported", self.tr("Imported")),
            ("status", self.tr("Outcome")),
            ("notes", self.tr("Note")),
            ("attributions", self.tr("Attribution")),
        ):
            value = QLabel(box)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[name] = value
        self.fields["notes"].setStyleSheet("color: #8a5300; font-weight: bold;")
        layout.addWidget(box)
        layout.addWidget(subheading(self.tr("Earlier versions"), self))
        self.history_model = RowTableModel(
            [
                Column(self.tr("Replaced on"), lambda h: h.replaced_at, format_date),
                Column(self.tr("Values then"), lambda h: history_text(h.data or {})),
            ],
            self,
        )
        self.history_view = TableView(self, sortable=False)
        self.history_view.setModel(self.history_model)
        layout.addWidget(self.history_view, 1)
        self.empty = hint(self.tr("Select a record to see where it came from."), self)
        layout.addWidget(self.empty)
        self.show_record(None)

    def show_record(self, record: RecordView | None) -> None:
        for label in self.fields.values():
            label.clear()
        self.form.setRowVisible(self.fields["notes"], False)
        self.history_model.set_rows([] if record is None else record.history)
        self.empty.setVisible(record is None)
        if record is None:
            return
        source = record.source
        notes = source.notes if source is not None else []
        self.fields["notes"].setText(notes_text(notes))
        self.fields["notes"].setToolTip("\n".join(str(n.get("message") or "") for n in notes))
        self.form.setRowVisible(self.fields["notes"], bool(notes))
        show_source(self.fields, source)
        attributions = str(record.values.get("attributions") or "")
        self.fields["attributions"].setText(attributions)
        self.form.setRowVisible(self.fields["attributions"], bool(attributions))


class DataPage(Page):
    key = "data"
    icon_name = QStyle.StandardPixmap.SP_FileDialogListView
    listens_to = (RECORDS,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_header(
            self.tr(
                "Everything imported, as stored. Search by BSN, name, reference, partner or "
                "code; select a record to see its source file and earlier versions."
            )
        )
        bar = QHBoxLayout()
        self.search = FilterField(self.tr("Search (Ctrl+F) — BSN, name, reference, code…"), self)
        self.search.setMinimumWidth(380)
        bar.addWidget(self.search)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.reveal_button = QPushButton(self.tr("Show BSN"), self)
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip(self.tr("Show BSNs in full (Ctrl+Shift+B)"))
        self.reveal_button.toggled.connect(self.ctx.set_reveal_bsn)
        self.ctx.reveal_changed.connect(self.reveal_button.setChecked)
        bar.addWidget(self.reveal_button)
        self.layout_.addLayout(bar)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.models: dict[str, LazyTableModel] = {}
        self.views: dict[str, TableView] = {}
        self._tabs = data_tabs()
        titles = {
            "clients": self.tr("Clients"),
            "deployments": self.tr("Deployments"),
            "spend": self.tr("Spend"),
            "benefits": self.tr("Benefit periods"),
        }
        for tab in self._tabs:
            model = LazyTableModel(ctx, tab.spec, tab.columns, self)
            view = TableView(self.tabs)
            view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
            view.setModel(model)
            view.horizontalHeader().setSortIndicatorShown(False)
            view.horizontalHeader().sortIndicatorChanged.connect(
                lambda *_a, v=view: v.horizontalHeader().setSortIndicatorShown(True)
            )
            view.current_row_changed.connect(lambda row, name=tab.name: self._select(name, row))
            model.total_changed.connect(lambda _n, name=tab.name: self._update_count(name))
            model.rowsInserted.connect(lambda *_a, name=tab.name: self._update_count(name))
            self.models[tab.name] = model
            self.views[tab.name] = view
            self.tabs.addTab(view, titles[tab.name])
        self.tabs.currentChanged.connect(self._tab_changed)

        self.panel = RecordPanel(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)

        self._loaded: set[str] = set()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self._search_now)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._search_now)
        self._searched: dict[str, str] = {}

    def title(self) -> str:
        return self.tr("Records")

    @property
    def current_tab(self) -> str:
        return self._tabs[self.tabs.currentIndex()].name

    def primary_widget(self) -> QWidget | None:
        return self.views[self.current_tab]

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        """Data changed (or first shown): every tab reloads when next seen."""
        self._loaded.clear()
        self._tab_changed(self.tabs.currentIndex())

    def _tab_changed(self, _index: int) -> None:
        name = self.current_tab
        text = self.search.text().strip()
        if name not in self._loaded or self._searched.get(name) != text:
            self._loaded.add(name)
            self._searched[name] = text
            self.models[name].reload(text)
        self._update_count(name)
        self._select(name, self.views[name].current_row())

    def _search_now(self) -> None:
        self._debounce.stop()
        self._tab_changed(self.tabs.currentIndex())

    def _update_count(self, name: str) -> None:
        if name != self.current_tab:
            return
        model = self.models[name]
        if model.total is None:
            self.count_label.setText(self.tr("counting…"))
        else:
            self.count_label.setText(
                arg(
                    self.tr("%Ln record(s), %1 shown", "", model.total),
                    format_count(model.rowCount()),
                )
            )

    def _select(self, name: str, row: Any) -> None:
        if name != self.current_tab:
            return
        if row is None:
            self.panel.show_record(None)
            return
        db = self.ctx.db

        def fetch(_job: Job) -> RecordView:
            with db.session() as session:
                return record_detail(session, name, row)

        def show(record: RecordView) -> None:
            if self.views[name].current_row() is row:
                self.panel.show_record(record)

        self.ctx.run(Operation(fetch, show, label="record-detail"))

    def _on_reveal_changed(self, reveal: bool) -> None:
        super()._on_reveal_changed(reveal)
        for model in self.models.values():
            model.refresh_display()
        self.panel.history_model.refresh_display()
