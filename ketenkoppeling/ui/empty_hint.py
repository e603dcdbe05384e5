"""The hint on an empty database: load the reference data first (partners, budgets,
instruments), or every record read ends up in quarantine and no report has a partner."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget
from sqlalchemy import func, select

from ketenkoppeling.store.tables import PartnerRow
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.widgets import Banner
from ketenkoppeling.ui.workers import Job, Operation

REFERENCE_PLACE = "reference"


class EmptyDatabaseHint(QWidget):
    """A banner with a button to the Referentiegegevens place, shown while the database holds
    no partners. Call :meth:`refresh` when the place is shown or the reference data changed."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = Banner(
            self.tr(
                "This database holds no reference data yet. Load the reference workbook "
                "(partners, budgets, instruments) on the Reference data place first: without "
                "it every record read goes to quarantine and there is nothing to account for."
            ),
            self,
            warning=True,
        )
        layout.addWidget(self.banner, 1)
        self.go_button = QPushButton(self.tr("Go to Reference data"), self)
        self.go_button.clicked.connect(lambda: self.ctx.navigate.emit(REFERENCE_PLACE))
        layout.addWidget(self.go_button)
        self.setVisible(False)

    def refresh(self) -> Operation[Any]:
        db = self.ctx.db

        def count(_job: Job) -> int:
            with db.session() as session:
                return int(session.scalar(select(func.count()).select_from(PartnerRow)) or 0)

        return self.ctx.run(Operation(count, self.show_for))

    def show_for(self, partners: int) -> None:
        self.setVisible(partners == 0)
