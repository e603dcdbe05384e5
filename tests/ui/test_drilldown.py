"""Drill-down in the Verantwoording place: from a ledger figure to the spend lines behind it,
on to a line's source record and back (Alt+Left) and forward (Alt+Right); a chart bar and a
reservation open what lies behind them; line lists filter and export with masked BSNs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ketenkoppeling.store.tables import AuditLogRow
from ketenkoppeling.ui.accounting_views import TablePane
from ketenkoppeling.ui.drilldown import LinesPane
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.accounting import AccountingPage
from ketenkoppeling.ui.pages.findings import FindingsPage
from ketenkoppeling.ui.widgets import TableView
from tests.ui.conftest import wait_idle

pytest.importorskip("ketenkoppeling.accounting.ledger")


def _ledger(qtbot: QtBot, window: MainWindow, partner: str = "UWV") -> AccountingPage:
    window.show_place("accounting")
    wait_idle(qtbot, window)
    page = window.page("accounting")
    assert isinstance(page, AccountingPage)
    page.set_partner(partner)
    assert page.report() is not None
    wait_idle(qtbot, window, timeout=20000)
    assert page.stack.currentWidget() is page.report_view
    return page


def _double_click(qtbot: QtBot, view: TableView, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    # as a real double-click: a click, then the double-click event
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _row_of(pane: TablePane | LinesPane, predicate: Any) -> int:
    for row in range(pane.proxy.rowCount()):
        if predicate(pane.view.row_at(pane.proxy.index(row, 0))):
            return row
    raise AssertionError("row not found")


def _alt(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
    wait_idle(qtbot, window)


def test_budget_to_lines_to_source_and_back(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _ledger(qtbot, sample_window)
    view = page.report_view
    view.tabs.setCurrentWidget(view.budgets)
    budget = next(b for b in page.last.ledger.budgets if b.attributed_cents)
    _double_click(qtbot, view.budgets.view, _row_of(view.budgets, lambda b: b is budget))

    # the lines behind the budget's figure, and nothing else
    assert page.stack.currentWidget() is page.drill_view
    lines = page.drill_view.lines
    assert lines.model.rowCount() > 0
    assert {line.budget for line in lines.model.rows} == {budget.code}
    assert sum(line.part_cents for line in lines.model.rows) == budget.attributed_cents
    assert budget.code in page.drill_view.trail.text()

    # the list filters as you type
    first = lines.model.rows[0]
    lines.search.setText(first.spend_key)
    assert 0 < lines.proxy.rowCount() < lines.model.rowCount() or lines.model.rowCount() == 1
    assert all(line.spend_key == first.spend_key for line in lines.shown_rows())
    assert "van" in lines.count_label.text() or lines.model.rowCount() == 1
    lines.search.clear()
    assert lines.proxy.rowCount() == lines.model.rowCount()

    # a line opens its source record: file, position, mapping version, stored values
    _double_click(qtbot, lines.view, _row_of(lines, lambda line: line is first))
    wait_idle(qtbot, sample_window)
    record = page.drill_view.record
    assert page.drill_view.stack.currentWidget() is record
    assert record.fields["file"].text() == first.source.file_name
    assert record.fields["location"].text() == first.source.location
    assert " v" in record.fields["mapping"].text()
    assert first.spend_key in record.values.text()
    assert "*****" in record.values.text()  # the BSN masked
    assert page.drill_view.back_button.isEnabled()
    assert not page.drill_view.forward_button.isEnabled()

    # Alt+Left: back to the lines, back to the ledger; Alt+Right: forward again
    _alt(qtbot, sample_window, Qt.Key.Key_Left)
    assert page.drill_view.stack.currentWidget() is lines
    assert {line.budget for line in lines.model.rows} == {budget.code}
    _alt(qtbot, sample_window, Qt.Key.Key_Left)
    assert page.stack.currentWidget() is page.report_view
    _alt(qtbot, sample_window, Qt.Key.Key_Right)
    assert page.stack.currentWidget() is page.drill_view
    assert page.drill_view.stack.currentWidget() is lines
    _alt(qtbot, sample_window, Qt.Key.Key_Right)
    assert page.drill_view.stack.currentWidget() is record
    assert record.fields["file"].text() == first.source.file_name


@pytest.mark.parametrize(
    ("pane_name", "dimension"),
    [("regimes", "regime"), ("instruments", "instrument"), ("providers", "provider"),
     ("months", "month"), ("clients", "client")],
)  # fmt: skip
def test_every_breakdown_opens_its_lines(
    qtbot: QtBot, sample_window: MainWindow, pane_name: str, dimension: str
) -> None:
    page = _ledger(qtbot, sample_window)
    pane = getattr(page.report_view, pane_name)
    page.report_view.tabs.setCurrentWidget(pane.parentWidget() if dimension == "month" else pane)
    row = pane.model.rows[0]
    _double_click(qtbot, pane.view, _row_of(pane, lambda r: r is row))
    lines = page.drill_view.lines.model.rows
    expected = row.invested_cents if dimension == "client" else row.cents
    assert lines and sum(line.part_cents for line in lines) == expected
    assert len({_value(line, dimension) for line in lines}) == 1


def _value(line: Any, dimension: str) -> str:
    from ketenkoppeling.accounting.ledger import dimension_value

    return dimension_value(line, dimension)


def test_a_chart_bar_opens_the_lines_of_its_month(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _ledger(qtbot, sample_window)
    view = page.report_view
    view.tabs.setCurrentIndex(4)  # per month
    month = max(page.last.ledger.by_month, key=lambda m: page.last.ledger.by_month[m])
    wait_idle(qtbot, sample_window)
    hit = view.chart.hit(month)
    assert hit is not None
    qtbot.mouseDClick(view.chart, Qt.MouseButton.LeftButton, pos=hit.area.center().toPoint())
    assert page.stack.currentWidget() is page.drill_view
    lines = page.drill_view.lines.model.rows
    assert {line.month for line in lines} == {month}
    assert sum(line.part_cents for line in lines) == page.last.ledger.by_month[month]

    # the budget-use chart on the Charts tab opens a budget's lines
    _alt(qtbot, sample_window, Qt.Key.Key_Left)
    view.tabs.setCurrentIndex(view.tabs.count() - 1)
    wait_idle(qtbot, sample_window)
    code = page.last.ledger.budgets[0].code
    hit = view.budget_chart.hit(code)
    assert hit is not None
    qtbot.mouseDClick(view.budget_chart, Qt.MouseButton.LeftButton, pos=hit.area.center().toPoint())
    assert {line.budget for line in page.drill_view.lines.model.rows} <= {code}


def test_a_reservation_opens_its_finding_and_alt_left_returns(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    page = _ledger(qtbot, sample_window)
    reservations = page.report_view.reservations
    if reservations.model.rowCount() == 0:
        pytest.skip("no open finding touches this ledger in the sample")
    finding = reservations.model.rows[0]
    page.report_view.tabs.setCurrentWidget(page.report_view.reservations_tab)
    _double_click(qtbot, reservations.view, _row_of(reservations, lambda r: r is finding))
    wait_idle(qtbot, sample_window)
    findings = sample_window.page("findings")
    assert isinstance(findings, FindingsPage)
    assert sample_window.current_page is findings
    qtbot.waitUntil(lambda: findings.current is not None and findings.current.id == finding.id)
    _alt(qtbot, sample_window, Qt.Key.Key_Left)
    assert sample_window.current_page is page
    assert page.stack.currentWidget() is page.report_view


def test_a_line_shows_the_findings_touching_it(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _ledger(qtbot, sample_window)
    ledger = page.last.ledger
    if not ledger.reservations:
        pytest.skip("no open finding touches this ledger in the sample")
    with sample_window.ctx.db.session() as session:
        from ketenkoppeling.checks.review import findings_touching

        touched = next(
            (
                line
                for line in ledger.lines
                if findings_touching(session, [line.spend_key], [line.budget])
            ),
            None,
        )
    if touched is None:
        pytest.skip("the reservations touch budgets only")
    page.open_line(touched)
    wait_idle(qtbot, sample_window)
    assert page.drill_view.record.findings_model.rowCount() > 0


def test_lines_export_masks_bsns_unless_asked(
    qtbot: QtBot, sample_window: MainWindow, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    page = _ledger(qtbot, sample_window)
    pane = page.report_view.lines
    bsn = pane.model.rows[0].bsn
    masked = tmp_path / "masked.xlsx"
    assert page.export_lines(pane, masked) is not None
    wait_idle(qtbot, sample_window)
    sheet = openpyxl.load_workbook(masked).active
    cells = [c for row in sheet.iter_rows(min_row=3, values_only=True) for c in row]
    assert len(cells) == pane.model.rowCount() * len(pane.model.columns)
    assert bsn not in cells and f"*****{bsn[-4:]}" in cells
    with sample_window.ctx.db.session() as session:
        assert not session.scalars(
            select(AuditLogRow).where(AuditLogRow.action == "show-bsn")
        ).all()

    full = tmp_path / "full.xlsx"
    pane.search.setText(bsn[-4:])  # the list shows (and filters on) masked BSNs
    assert page.export_lines(pane, full, show_bsn=True) is not None
    wait_idle(qtbot, sample_window)
    sheet = openpyxl.load_workbook(full).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows and bsn in rows[0]
    assert all(len(str(row[1])) == 9 and str(row[1]).isdigit() for row in rows)
    assert len(rows) == pane.proxy.rowCount() < pane.model.rowCount()
    with sample_window.ctx.db.session() as session:
        audit = session.scalars(select(AuditLogRow).where(AuditLogRow.action == "show-bsn")).all()
    assert len(audit) == 1 and "full.xlsx" in audit[0].subject


def test_quarantined_record_opens_its_raw_values(qtbot: QtBot, sample_window: MainWindow) -> None:
    sample_window.show_place("accounting")
    wait_idle(qtbot, sample_window)
    page = sample_window.page("accounting")
    assert isinstance(page, AccountingPage)
    sample_window.accounting("reconcile")
    wait_idle(qtbot, sample_window, timeout=20000)
    quarantine = page.reconcile_view.quarantine
    if quarantine.model.rowCount() == 0:
        pytest.skip("no quarantined spend in the sample")
    line = quarantine.model.rows[0]
    _double_click(qtbot, quarantine.view, _row_of(quarantine, lambda r: r is line))
    wait_idle(qtbot, sample_window)
    record = page.drill_view.record
    assert record.fields["file"].text() == line.file
    assert line.location.startswith("line ")  # the engine's form; the window reads Dutch
    assert record.fields["location"].text() == line.location.replace("line ", "regel ", 1)
    assert record.raw.toPlainText()
    assert line.reasons[0] in record.reasons.text()
    _alt(qtbot, sample_window, Qt.Key.Key_Left)
    assert page.stack.currentWidget() is page.reconcile_view


def test_a_partner_in_the_reconciliation_opens_its_ledger(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    sample_window.show_place("accounting")
    wait_idle(qtbot, sample_window)
    page = sample_window.page("accounting")
    assert isinstance(page, AccountingPage)
    sample_window.accounting("reconcile")
    wait_idle(qtbot, sample_window, timeout=20000)
    partners = page.reconcile_view.partners
    row = _row_of(partners, lambda f: f.key == "UWV")
    _double_click(qtbot, partners.view, row)
    wait_idle(qtbot, sample_window, timeout=20000)
    assert page.stack.currentWidget() is page.report_view
    assert page.last.ledger.partner == "UWV"
    _alt(qtbot, sample_window, Qt.Key.Key_Left)
    assert page.stack.currentWidget() is page.reconcile_view
    assert not page.export_button.isEnabled()
