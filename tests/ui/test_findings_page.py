"""The Signaleringen place: the work queue (filters, views, take, bulk decisions, undo,
reopen, conflicts, export), a finding beside its records."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ketenkoppeling.checks.decisions import Assign
from ketenkoppeling.checks.stats import age_counts
from ketenkoppeling.privacy import mask_bsn
from ketenkoppeling.store.tables import AuditLogRow, FindingRow
from ketenkoppeling.ui.dialogs import ReasonDialog
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.pages.findings import FindingsPage, check_progress_text
from ketenkoppeling.ui.workers import Operation
from tests.ui.conftest import wait_idle

pytest.importorskip("ketenkoppeling.checks.review")
pytest.importorskip("ketenkoppeling.checks.runner")

DISPLAY = Qt.ItemDataRole.DisplayRole
ASSIGNEE, AGE, RECORDS = 5, 6, 7


def _text(item: QTableWidgetItem | None) -> str:
    assert item is not None
    return item.text()


def _open(qtbot: QtBot, window: MainWindow) -> FindingsPage:
    window.show_place("findings")
    wait_idle(qtbot, window)
    page = window.page("findings")
    assert isinstance(page, FindingsPage)
    return page


def _select_rule(qtbot: QtBot, window: MainWindow, page: FindingsPage, rule: str) -> None:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 1).data(DISPLAY) == rule:
            page.view.selectRow(row)
            wait_idle(qtbot, window)
            return
    raise AssertionError(f"no {rule} finding")


def test_findings_listed_and_compared(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    assert page.status == "open"
    assert page.model.rowCount() > 5
    assert page.current is not None
    assert page.count_label.text() == f"{page.model.rowCount()} signaleringen"
    _select_rule(qtbot, sample_window, page, "D1")
    table = page.comparison
    assert table.columnCount() >= 2
    assert _text(table.horizontalHeaderItem(0)).startswith("Inzet ")
    fields = [_text(table.verticalHeaderItem(r)) for r in range(table.rowCount())]
    assert {"BSN", "Instrument", "Startdatum", "Bron"} <= set(fields)
    bsn_row = fields.index("BSN")
    assert _text(table.item(bsn_row, 0)).startswith("*****")
    # the same BSN on both sides: not highlighted; the partners differ: highlighted
    item = table.item(bsn_row, 0)
    assert item is not None and item.background().color().name() != "#fff1c7"
    assert page.explanation.text()
    records = page.view.model().index(page.view.currentIndex().row(), RECORDS).data(DISPLAY)
    assert "*****" in records or "inzet" in records

    page.reveal_button.click()
    assert sample_window.reveal_action.isChecked()
    assert not _text(table.item(bsn_row, 0)).startswith("*****")
    page.reveal_button.click()
    assert _text(table.item(bsn_row, 0)).startswith("*****")


def test_accept_with_reason(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    _select_rule(qtbot, sample_window, page, "D2")
    finding = page.current
    assert finding is not None and page.accept_button.isEnabled()
    operation = page.decide("accept", "Twee verschillende personen; gecontroleerd bij de balie")
    assert operation is not None
    with qtbot.waitSignal(operation.signals.finished, timeout=10000):
        pass
    wait_idle(qtbot, sample_window)
    assert finding.id not in [f.id for f in page.model.rows]  # no longer open
    page.set_status("accepted")
    wait_idle(qtbot, sample_window)
    accepted = [f for f in page.model.rows if f.id == finding.id]
    assert accepted and accepted[0].status == "accepted"
    assert page.current is not None and page.current.id == finding.id
    events = page.events_model.rows
    assert events[-1].action == "accepted"
    assert events[-1].reason == "Twee verschillende personen; gecontroleerd bij de balie"
    assert events[-1].user == "testgebruiker"
    assert not page.resolve_button.isEnabled()


def test_reason_is_required(qtbot: QtBot) -> None:
    dialog = ReasonDialog("Signalering #1 oplossen", "Wat is er gecorrigeerd?")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.editor.setPlainText("   ")
    assert not ok.isEnabled()
    dialog.editor.setPlainText("Dubbele inzet bij UWV afgevoerd")
    assert ok.isEnabled()
    assert dialog.reason() == "Dubbele inzet bij UWV afgevoerd"


def test_run_checks_from_f5(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    before = page.model.rowCount()
    sample_window.activateWindow()
    qtbot.keyClick(sample_window, Qt.Key.Key_F5)
    operation = page.check_operation
    assert operation is not None
    assert page.progress.isVisibleTo(page)
    with qtbot.waitSignal(operation.signals.finished, timeout=20000):
        pass
    wait_idle(qtbot, sample_window)
    assert page.check_operation is None
    assert page.model.rowCount() == before  # checks again: no duplicates
    assert page.banner.text().startswith("Controle klaar")


def test_check_progress_text() -> None:
    assert check_progress_text(("D1: dubbele inzet", 1, 10)) == ("D1: dubbele inzet", 1, 10)


# --- the work queue ------------------------------------------------------------------------------


def _finish(qtbot: QtBot, window: MainWindow, operation: Operation[Any] | None) -> None:
    assert operation is not None
    with qtbot.waitSignal(operation.signals.finished, timeout=10000):
        pass
    wait_idle(qtbot, window)


def _choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _rule_with_most(page: FindingsPage) -> str:
    counts: dict[str, int] = {}
    for finding in page.model.rows:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return max(counts, key=lambda rule: counts[rule])


def _press(qtbot: QtBot, page: FindingsPage, key: Qt.Key, modifiers: Any) -> None:
    page.window().activateWindow()
    page.view.setFocus()
    qtbot.keyClick(page.view, key, modifiers)


def test_before_any_check_the_count_says_so(qtbot: QtBot, window: MainWindow) -> None:
    page = _open(qtbot, window)
    assert page.count_label.text() == "nog geen controle uitgevoerd — Controle › Uitvoeren"


def test_filter_changes_the_count_and_views_reapply_it(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    page = _open(qtbot, sample_window)
    total = page.model.rowCount()
    rule = _rule_with_most(page)
    _choose(page.filters.rule_combo, rule)
    shown = page.model.rowCount()
    assert 0 < shown < total and {f.rule for f in page.model.rows} == {rule}
    assert page.count_label.text() == f"{shown} van {total} signaleringen"
    page.filter.setText("zzz-niets")
    assert page.count_label.text() == f"0 van {total} signaleringen"
    page.filter.setText("")
    _finish(qtbot, sample_window, page.save_view(f"Alleen {rule}"))
    _choose(page.filters.rule_combo, "\x00any")
    assert page.model.rowCount() == total
    page.refresh()  # the view is read back from the database
    wait_idle(qtbot, sample_window)
    assert page.view_combo.choose(f"Alleen {rule}")
    assert page.model.rowCount() == shown
    assert page.filters.queue_filter().rules == (rule,)
    # nobody is assigned yet: the filter on a colleague shows nothing
    _choose(page.filters.assignee_combo, "")
    assert page.model.rowCount() == shown
    _choose(page.filters.assignee_combo, "testgebruiker")
    assert page.model.rowCount() == 0
    assert page.count_label.text() == f"0 van {total} signaleringen"


def test_take_with_ctrl_t_shows_owner_and_age(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    assert "Ctrl+T" in page.take_button.toolTip()
    assert "Ctrl+Z" in page.undo_action.toolTip()
    assert page.take_action in page.decisions_menu.actions()
    finding = page.current
    assert finding is not None
    _press(qtbot, page, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.current is not None and page.current.assignee is not None)
    wait_idle(qtbot, sample_window)
    assert page.current is not None and page.current.id == finding.id
    assert page.current.assignee == "testgebruiker" and page.current.version == 2
    row = page.view.currentIndex().row()
    assert page.proxy.index(row, ASSIGNEE).data(DISPLAY) == "testgebruiker"
    assert page.proxy.index(row, AGE).data(DISPLAY) == "vandaag"
    assert page.events_model.rows[-1].action == "assigned"
    _choose(page.filters.assignee_combo, "testgebruiker")
    assert [f.id for f in page.model.rows] == [finding.id]


def test_bulk_resolve_undo_and_reopen(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    rule = _rule_with_most(page)
    _choose(page.filters.rule_combo, rule)
    ids = sorted(f.id for f in page.model.rows)
    assert len(ids) >= 2
    page.view.selectAll()
    assert len(page.selected()) == len(ids) and page.resolve_action.isEnabled()
    _finish(qtbot, sample_window, page.decide("resolve", "Gecorrigeerd in het bronsysteem"))
    assert page.model.rowCount() == 0  # none open any more
    assert page.undo_action.isEnabled()
    _choose(page.filters.status_combo, "resolved")
    assert sorted(f.id for f in page.model.rows) == ids

    # Ctrl+Z: all of them open again
    _press(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    wait_idle(qtbot, sample_window)
    _choose(page.filters.status_combo, "open")
    assert sorted(f.id for f in page.model.rows) == ids
    assert not page.undo_action.isEnabled()
    wait_idle(qtbot, sample_window)
    assert page.events_model.rows[-1].action == "undone"

    # accept one, then reopen it
    _select_rule(qtbot, sample_window, page, rule)
    page.view.selectRow(0)
    wait_idle(qtbot, sample_window)
    one = page.current
    assert one is not None and len(page.selected()) == 1
    _finish(qtbot, sample_window, page.decide("accept", "Klopt zo"))
    _choose(page.filters.status_combo, "accepted")
    assert [f.id for f in page.model.rows] == [one.id]
    assert page.reopen_action.isEnabled() and not page.resolve_action.isEnabled()
    _finish(qtbot, sample_window, page.reopen("Toch niet goed"))
    assert page.model.rowCount() == 0
    _choose(page.filters.status_combo, "open")
    wait_idle(qtbot, sample_window)
    reopened = [f for f in page.model.rows if f.id == one.id]
    assert reopened and reopened[0].version == 5  # resolve, undo, accept, reopen
    assert [e.action for e in page.events_model.rows][-2:] == ["accepted", "reopened"]


def test_a_stale_decision_is_refused(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    finding = page.current
    assert finding is not None
    # a colleague takes it meanwhile, from another window
    Assign({finding.id: finding.version}, "bert", user="bert").do(sample_window.ctx.db)
    _finish(qtbot, sample_window, page.decide("resolve", "Gecorrigeerd"))
    assert "intussen gewijzigd door bert" in page.banner.text()
    assert page.current is not None and page.current.status == "open"
    assert page.current.assignee == "bert"  # the list was read again
    assert not page.undo_action.isEnabled()


def test_export_the_queue_and_its_trail(
    qtbot: QtBot, sample_window: MainWindow, tmp_path: Path
) -> None:
    page = _open(qtbot, sample_window)
    _select_rule(qtbot, sample_window, page, "D2")  # its records name clients by BSN
    _finish(qtbot, sample_window, page.decide("accept", '=HYPERLINK("x") 123456782'))
    _choose(page.filters.status_combo, "\x00any")
    target = tmp_path / "signaleringen.xlsx"
    _finish(qtbot, sample_window, page.export(target))
    book = load_workbook(target)
    assert book.sheetnames == ["Signaleringen", "Historie", "Grafieken"]
    queue, trail = book["Signaleringen"], book["Historie"]
    assert queue.max_row == page.model.rowCount() + 1
    charts = book["Grafieken"]
    assert len(charts._charts) == 2  # per rule and per age
    rules = Counter(f.rule for f in page.model.rows)
    table = {charts.cell(r, 1).value: charts.cell(r, 2).value for r in range(5, 5 + len(rules))}
    assert table == dict(rules)
    assert queue["A1"].value == "Nr." and queue["E1"].value == "Toegewezen aan"
    texts = [str(c.value) for row in queue.iter_rows() for c in row if c.value is not None]
    texts += [str(c.value) for row in trail.iter_rows() for c in row if c.value is not None]
    assert not [t for t in texts if re.search(r"(?<!\d)\d{9}(?!\d)", t)]  # BSNs masked
    assert not [t for t in texts if re.search(r"geboren \d", t)]  # so are birth dates
    reasons = [row[5].value for row in trail.iter_rows(min_row=2)]
    assert f'=HYPERLINK("x") {mask_bsn("123456782")}' in reasons
    with zipfile.ZipFile(target) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any("<f>" in archive.read(n).decode() for n in sheets)  # no formula

    shown = tmp_path / "met-bsn.xlsx"
    _finish(qtbot, sample_window, page.export(shown, show_bsn=True))
    full = load_workbook(shown)
    messages = [str(row[11].value) for row in full["Signaleringen"].iter_rows(min_row=2)]
    assert any(re.search(r"geboren \d\d-\d\d-\d{4}", m) for m in messages)  # asked for
    trail = full["Historie"]
    assert '=HYPERLINK("x") 123456782' in [row[5].value for row in trail.iter_rows(min_row=2)]
    with sample_window.ctx.db.session() as session:
        actions = session.scalars(select(AuditLogRow.action)).all()
    assert "show-bsn" in actions


def test_ctrl_enter_resolves_after_asking_the_reason(
    qtbot: QtBot, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open(qtbot, sample_window)
    finding = page.current
    assert finding is not None
    asked: list[str] = []

    def ask(title: str, _prompt: str, _parent: Any = None) -> str:
        asked.append(title)
        return "Dubbele inzet afgevoerd"

    monkeypatch.setattr(ReasonDialog, "ask", staticmethod(ask))
    _press(qtbot, page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: finding.id not in [f.id for f in page.model.rows])
    wait_idle(qtbot, sample_window)
    assert asked == ["1 signalering oplossen"]
    _press(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: finding.id in [f.id for f in page.model.rows])
    wait_idle(qtbot, sample_window)


def _chart_expected(page: FindingsPage) -> tuple[dict[str, int], dict[str, int]]:
    """What the chart must show: counted from the rows the list shows."""
    rows = [page.view.row_at(page.proxy.index(r, 0)) for r in range(page.proxy.rowCount())]
    return dict(Counter(f.rule for f in rows)), age_counts(f.created_at for f in rows)


def test_the_chart_counts_the_findings_shown(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    total = page.model.rowCount()
    by_rule, by_age = page.chart.counts()
    assert (by_rule, by_age) == _chart_expected(page)
    assert sum(by_rule.values()) == sum(by_age.values()) == total > 5
    assert list(by_rule) == sorted(by_rule)
    _choose(page.filters.severity_combo, "error")
    by_rule, by_age = page.chart.counts()
    assert (by_rule, by_age) == _chart_expected(page)
    assert 0 < sum(by_rule.values()) == page.model.rowCount() < total
    page.filter.setText("D1")  # the text filter counts too
    by_rule, by_age = page.chart.counts()
    assert (by_rule, by_age) == _chart_expected(page)
    assert sum(by_age.values()) == page.proxy.rowCount()
    page.filter.setText("zzz-niets")
    assert page.chart.counts() == ({}, {"0-7": 0, "8-30": 0, "31-90": 0, ">90": 0})


def test_a_rule_bar_filters_the_queue_on_its_rule(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    page.chart.activated.emit("rule:B7")
    assert page.filters.queue_filter().rules == ("B7",)
    assert page.filters.rule_combo.currentData() == "B7"
    assert {f.rule for f in page.model.rows} <= {"B7"}
    assert set(page.chart.counts()[0]) <= {"B7"}
    # a real double-click on the bar of the rule with most findings
    _choose(page.filters.rule_combo, "\x00any")
    total = page.model.rowCount()
    rule = _rule_with_most(page)
    page.detail_tabs.setCurrentWidget(page.chart)
    qtbot.waitExposed(page.chart)
    bar = page.chart.hit(f"rule:{rule}")
    assert bar is not None
    qtbot.mouseDClick(page.chart, Qt.MouseButton.LeftButton, pos=bar.bars[0].center().toPoint())
    assert page.filters.queue_filter().rules == (rule,)
    assert 0 < page.model.rowCount() < total
    assert {f.rule for f in page.model.rows} == {rule}
    assert page.chart.counts()[0] == {rule: page.model.rowCount()}


def test_an_age_bar_sorts_by_age(qtbot: QtBot, sample_window: MainWindow) -> None:
    page = _open(qtbot, sample_window)
    old = page.model.rows[-1]
    with sample_window.ctx.db.session() as session:
        row = session.get(FindingRow, old.id)
        assert row is not None
        row.created_at = datetime.now(UTC) - timedelta(days=45)
        session.commit()
    page.refresh()
    wait_idle(qtbot, sample_window)
    assert page.chart.counts()[1]["31-90"] == 1
    page.chart.activated.emit("age:31-90")
    wait_idle(qtbot, sample_window)
    header = page.view.horizontalHeader()
    assert header.sortIndicatorSection() == AGE
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.proxy.index(0, 0).data(DISPLAY) == str(old.id)
    assert page.current is not None and page.current.id == old.id
    page.chart.activated.emit("age:0-7")
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert page.current is not None and page.current.age_days <= 7
