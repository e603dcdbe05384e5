"""The retention period on the Settings page: a setting of the database (every user of it
shares it), kept by ketenkoppeling.retention; ``ketenkoppeling retention`` applies it unless a
period is given on the command line."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QSpinBox, QWidget

from ketenkoppeling import retention
from ketenkoppeling.ui import engine
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.formatting import arg
from ketenkoppeling.ui.widgets import hint
from ketenkoppeling.ui.workers import Job, Operation

NOT_SET = 0  # the spin box's value for "no period set"


class RetentionBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("Privacy"))
        form = QFormLayout(self)
        # the number field as wide as its text, not the page
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.years = QSpinBox(self)
        self.years.setRange(NOT_SET, retention.MAX_YEARS)
        self.years.setSpecialValueText(self.tr("not set"))
        self.years.setSuffix(self.tr(" years"))
        with ctx.db.session() as session:
            self.saved = retention.retention_period(session)
        self.years.setValue(self.saved or NOT_SET)
        self.years.editingFinished.connect(self.save)
        form.addRow(self.tr("Retention period:"), self.years)
        form.addRow(  # the explanation spans the box (an empty label left a band above it)
            hint(
                self.tr(
                    "Personal data of clients whose records all ended longer ago are removed "
                    "by the retention command; amounts and the audit log stay. The period "
                    "holds for everyone who uses this database."
                ),
                self,
            ),
        )
        self.setMaximumWidth(820)

    def save(self) -> Operation[None] | None:
        """Store the period shown, when it changed (in a worker: it may wait for an import)."""
        value = self.years.value()
        years = None if value == NOT_SET else value
        if years == self.saved:
            return None
        db, user = self.ctx.db, self.ctx.user

        def work(_job: Job) -> None:
            retention.set_retention_period(db, years, user=user)

        def done(_result: None) -> None:
            self.saved = years
            self.ctx.tell(
                self.tr("Retention period cleared.")
                if years is None
                else arg(self.tr("Retention period set to %1 years."), years)
            )

        def failed(exc: BaseException) -> None:
            self.years.setValue(self.saved or NOT_SET)
            self.ctx.tell(engine.error_message(exc))

        return self.ctx.run(Operation(work, done, failed, label="retention-period"))
