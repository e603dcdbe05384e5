"""The Verantwoording place: ledger, reconciliation, settlement and the Excel export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AttributionRow, AuditLogRow, BudgetRow
from ketenkoppeling.ui.accounting_views import money_html
from ketenkoppeling.ui.drilldown import ExportOptions
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.accounting import AccountingPage
from ketenkoppeling.ui.settings import AppSettings
from tests.ui.conftest import wait_idle

pytest.importorskip("ketenkoppeling.accounting.ledger")
pytest.importorskip("ketenkoppeling.accounting.service")

DISPLAY = Qt.ItemDataRole.DisplayRole


def _page(qtbot: QtBot, window: MainWindow) -> AccountingPage:
    window.show_place("accounting")
    wait_idle(qtbot, window)
    page = window.page("accounting")
    assert isinstance(page, AccountingPage)
    return page


def _finish(qtbot: QtBot, window: MainWindow, operation: object) -> None:
    assert operation is not None
    wait_idle(qtbot, window, timeout=20000)


def test_report_for_a_partner(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    assert page.partner_combo.count() == 6
    assert page.year_combo.currentText() == "2008"
    assert page.period == (date(2008, 1, 1), date(2008, 12, 31))
    assert page.date_from.displayFormat() == "dd-MM-yyyy"
    page.set_partner("UWV")
    _finish(qtbot, sample_window, page.report())
    assert page.stack.currentWidget() is page.report_view
    view = page.report_view
    assert "Totaal toegerekend" in view.summary.text()
    budgets = view.budgets.model
    assert budgets.rowCount() == 2
    codes = {budgets.index(r, 0).data(DISPLAY) for r in range(2)}
    assert codes == {"UWV-RIB-WW-2008", "UWV-RIB-AG-2008"}
    assert budgets.index(0, 2).data(DISPLAY).startswith("€ ")
    months = view.months.model
    assert months.rowCount() > 0
    assert months.index(0, 0).data(DISPLAY).endswith("-2008")
    assert len(view.chart.bars()) == months.rowCount()
    assert view.clients.model.index(0, 0).data(DISPLAY).startswith("*****")
    assert view.lines.model.rowCount() > 0
    assert page.export_button.isEnabled()


def test_menu_runs_report_and_reconciliation(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    sample_window.accounting("reconcile")
    wait_idle(qtbot, sample_window, timeout=20000)
    assert page.stack.currentWidget() is page.reconcile_view
    # the sample has spend in quarantine: the identity holds on the stored lines only
    text = page.reconcile_view.identity.text()
    assert "sluit aan op de opgeslagen regels" in text and "staat nog in quarantaine" in text
    assert "✔" not in text
    assert page.reconcile_view.partners.model.rowCount() >= 3
    assert not page.export_button.isEnabled()  # no workbook for the reconciliation


def test_settlement(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    _finish(qtbot, sample_window, page.settle())
    view = page.settle_view
    assert page.stack.currentWidget() is view
    pairs = view.pairs.model
    assert pairs.rowCount() > 0
    first = pairs.rows[0]
    assert view.lines.model.rowCount() == len(first.lines)


def test_period_checked(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    page.set_period(date(2008, 12, 31), date(2008, 1, 1))
    assert page.reconcile() is None
    assert page.banner.text() == "De periode eindigt voordat ze begint."


def test_export_ledger_workbook(qtbot: QtBot, sample_window: MainWindow, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    page = _page(qtbot, sample_window)
    page.set_partner("GEM-0392")
    _finish(qtbot, sample_window, page.report())
    target = tmp_path / "verantwoording.xlsx"
    _finish(qtbot, sample_window, page.export(target))
    assert target.is_file()
    assert page.banner.text().startswith("Werkmap geschreven")
    assert "BSN's gemaskeerd" in page.banner.text()
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames
    assert not _reveals(sample_window)

    # "BSN's volledig tonen" ticked: written in full, and the request is audit-logged
    full = tmp_path / "volledig.xlsx"
    _finish(qtbot, sample_window, page.export(full, show_bsn=True))
    assert full.is_file()
    reveals = _reveals(sample_window)
    assert len(reveals) == 1 and "volledig.xlsx" in reveals[0].subject
    assert reveals[0].user == sample_window.settings.user


def _reveals(window: MainWindow) -> list[AuditLogRow]:
    with window.ctx.db.session() as session:
        return list(
            session.scalars(select(AuditLogRow).where(AuditLogRow.action == "show-bsn")).all()
        )


def test_the_first_partner_shown_has_data(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    with sample_window.ctx.db.session() as session:
        totals = dict(
            session.execute(
                select(BudgetRow.owner, func.sum(AttributionRow.part_cents))
                .join(AttributionRow, AttributionRow.budget == BudgetRow.code)
                .group_by(BudgetRow.owner)
            ).all()
        )
    busiest = max(totals, key=lambda code: totals[code])
    assert page.partner_combo.currentData() == busiest
    assert page.partner_combo.currentData() != "CWI"
    _finish(qtbot, sample_window, page.report())
    assert page.report_view.budgets.model.rowCount() > 0
    assert page.report_view.lines.model.rowCount() > 0


def test_a_changed_partner_or_period_marks_the_report_stale(
    qtbot: QtBot, sample_window: MainWindow, tmp_path: Path
) -> None:
    page = _page(qtbot, sample_window)
    page.set_partner("UWV")
    _finish(qtbot, sample_window, page.report())
    assert page.export_button.isEnabled() and not page.stale
    assert page.report_view.lines.export_button.isEnabled()

    page.set_partner("GEM-0392")
    assert page.stale
    assert not page.export_button.isEnabled()
    assert not page.report_view.lines.export_button.isEnabled()
    assert page.banner.isVisible() and "UWV" in page.banner.text()
    assert "Rapport" in page.banner.text()
    assert page.export(tmp_path / "oud.xlsx") is None  # the old report is not exported
    assert not (tmp_path / "oud.xlsx").exists()

    page.set_partner("UWV")  # back to what is shown: fine again
    assert not page.stale and page.export_button.isEnabled()
    assert not page.banner.isVisible()

    page.set_period(date(2008, 1, 1), date(2008, 6, 30))
    assert page.stale and not page.export_button.isEnabled()
    _finish(qtbot, sample_window, page.report())  # run again: up to date, exportable
    assert not page.stale and page.export_button.isEnabled()
    assert page.last.ledger.date_to == date(2008, 6, 30)

    # a reconciliation does not depend on the partner, only on the period
    _finish(qtbot, sample_window, page.reconcile())
    page.set_partner("GEM-0392")
    assert not page.stale
    page.set_period(date(2008, 1, 1), date(2008, 3, 31))
    assert page.stale


def test_quarantined_spend_in_the_reconciliation_and_the_ledger(
    qtbot: QtBot, ref_db: Database, samples: Path, tmp_path: Path, settings: AppSettings
) -> None:
    from ketenkoppeling.accounting.reconcile import reconcile
    from ketenkoppeling.importing import import_file
    from tests.importing.test_reprocess import uwv_with_new_product

    path = uwv_with_new_product(samples, tmp_path)
    assert import_file(ref_db, path).quarantined == 3
    with ref_db.session() as session:
        rec = reconcile(session, date(2008, 1, 1), date(2008, 12, 31))
    assert rec.holds and not rec.closes and rec.quarantined.total_cents > 0
    window = MainWindow(ref_db, settings)
    qtbot.addWidget(window)
    window.show()
    try:
        page = _page(qtbot, window)
        page.set_period(date(2008, 1, 1), date(2008, 12, 31))
        _finish(qtbot, window, page.reconcile())
        view = page.reconcile_view
        text = view.identity.text()
        assert "✔" not in text and "sluit aan tot op de cent" not in text
        assert "sluit aan op de opgeslagen regels" in text
        assert money_html(rec.quarantined.total_cents) + " staat nog in quarantaine" in text
        quarantine = view.quarantine.model
        assert quarantine.rowCount() == 3
        assert all(q.partner == "UWV" for q in quarantine.rows)
        assert "Werkervaringsplaats" in quarantine.index(0, 5).data(DISPLAY)
        assert quarantine.index(0, 1).data(DISPLAY) == path.name

        page.set_partner("UWV")
        _finish(qtbot, window, page.report())
        report = page.report_view
        assert report.quarantine.model.rowCount() == 3
        assert "quarantaine" in report.summary.text()
        assert "(3)" in report.tabs.tabText(report.tabs.indexOf(report.reservations_tab)) or (
            report.reservations.model.rowCount() > 0
        )
    finally:
        wait_idle(qtbot, window)
        window.close()


def test_the_export_dialog_offers_full_bsns_off_by_default(
    qtbot: QtBot, sample_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ExportOptions(sample_window)
    qtbot.addWidget(dialog)
    assert dialog.show_bsn.text() == "BSN's volledig tonen"
    assert not dialog.show_bsn.isChecked()

    page = _page(qtbot, sample_window)
    _finish(qtbot, sample_window, page.report())
    target = tmp_path / "gekozen.xlsx"
    monkeypatch.setattr(ExportOptions, "ask", staticmethod(lambda _parent: True))
    monkeypatch.setattr(page, "_save_path", lambda _suggested: target)
    page.choose_export()
    wait_idle(qtbot, sample_window, timeout=20000)
    assert target.is_file()
    assert [r.subject for r in _reveals(sample_window)] == ["werkmap gekozen.xlsx"]

    # cancelled: nothing written, nothing logged
    monkeypatch.setattr(ExportOptions, "ask", staticmethod(lambda _parent: None))
    target.unlink()
    page.choose_export()
    wait_idle(qtbot, sample_window)
    assert not target.exists()
    assert len(_reveals(sample_window)) == 1


def test_changed_data_marks_the_report_stale(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    _finish(qtbot, sample_window, page.report())
    assert not page.stale
    sample_window.ctx.data_changed.emit("records")
    wait_idle(qtbot, sample_window)
    assert page.stale and not page.export_button.isEnabled()
    assert "gewijzigd" in page.banner.text()
    _finish(qtbot, sample_window, page.report())
    assert not page.stale and page.export_button.isEnabled()


def test_an_empty_database_says_to_load_reference_data_first(
    qtbot: QtBot, db: Database, settings: AppSettings
) -> None:
    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    try:
        page = _page(qtbot, main)
        page.refresh()
        wait_idle(qtbot, main)
        assert page.empty_hint.isVisible()
        assert "referentie" in page.empty_hint.banner.text().lower()
        page.empty_hint.go_button.click()
        wait_idle(qtbot, main)
        assert main.current_page.key == "reference"
    finally:
        wait_idle(qtbot, main)
        main.close()


def test_no_reference_hint_when_there_is_data(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _page(qtbot, sample_window)
    page.refresh()
    wait_idle(qtbot, sample_window)
    assert not page.empty_hint.isVisible()
