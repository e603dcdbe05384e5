"""The controller's charts: painted offscreen, an overrun bar is red, tooltips carry exact
Dutch amounts, and a double-click on a bar or point emits its key for the drill-down."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from ketenkoppeling.accounting.charts_data import budget_use, spend_per_month
from ketenkoppeling.accounting.ledger import build_ledger
from ketenkoppeling.store import Database
from ketenkoppeling.ui.chart import BarChart, ChartWidget, nice_scale, short_euro
from ketenkoppeling.ui.charts import BudgetUseChart, CumulativeSpendChart, FindingsChart
from tests.accounting.conftest import H2, build_region

BUDGETS = [("UWV-RIB-AG-2008", 20000, 33333), ("UWV-RIB-WW-2008", 10000000, 175000)]


def _shown(qtbot: QtBot, chart: ChartWidget) -> QImage:
    qtbot.addWidget(chart)
    chart.resize(720, 320)
    chart.show()
    qtbot.waitExposed(chart)
    return chart.grab().toImage()


def _colour(image: QImage, rect: QRectF) -> QColor:
    return image.pixelColor(rect.center().toPoint())


def _red(colour: QColor) -> bool:
    return colour.red() > 170 and colour.green() < 90 and colour.blue() < 90


def _double_click(qtbot: QtBot, chart: ChartWidget, pos: QPointF) -> None:
    qtbot.mouseDClick(chart, Qt.MouseButton.LeftButton, pos=pos.toPoint())


def test_an_overrun_budget_is_red_and_a_healthy_one_is_not(qtbot: QtBot) -> None:
    chart = BudgetUseChart()
    chart.set_budgets(BUDGETS, "Budgetten", {"UWV-RIB-AG-2008": "Arbeidsongeschikten"})
    image = _shown(qtbot, chart)
    over, fine = chart.hits()
    assert (over.key, fine.key) == ("UWV-RIB-AG-2008", "UWV-RIB-WW-2008")
    assert _red(_colour(image, over.bars[1]))
    used = _colour(image, fine.bars[1])
    assert not _red(used) and used.blue() > used.red()
    # the bars are shares of the amount: 166.7 % is longer than the 100 % track, 1.75 % short
    assert over.bars[1].width() > over.bars[0].width()
    assert fine.bars[1].width() < fine.bars[0].width() * 0.05
    assert chart.overrun("UWV-RIB-AG-2008") and not chart.overrun("UWV-RIB-WW-2008")
    assert [item.text for item in chart.legend()] == [
        "Besteed", "Overschrijding", "Budgetbedrag (100 %)"
    ]  # fmt: skip


def test_budget_tooltip_has_the_exact_dutch_amounts(qtbot: QtBot) -> None:
    chart = BudgetUseChart()
    chart.set_budgets(BUDGETS, labels={"UWV-RIB-AG-2008": "Arbeidsongeschikten"})
    _shown(qtbot, chart)
    over, fine = chart.hits()
    assert over.tip.splitlines() == [
        "UWV-RIB-AG-2008 Arbeidsongeschikten",
        "Budgetbedrag: € 200,00",
        "Besteed: € 333,33 (167 %)",
        "Overschreden met: € 133,33",
    ]
    assert "Resterend: € 98.250,00" in fine.tip
    found = chart.hit_at(over.area.center())
    assert found is not None and found.key == over.key


def test_double_click_on_a_budget_bar_emits_its_code(qtbot: QtBot) -> None:
    chart = BudgetUseChart()
    chart.set_budgets(BUDGETS)
    _shown(qtbot, chart)
    fine = chart.hit("UWV-RIB-WW-2008")
    assert fine is not None
    with qtbot.waitSignal(chart.activated, timeout=1000) as blocker:
        _double_click(qtbot, chart, fine.bars[0].center())
    assert blocker.args == ["UWV-RIB-WW-2008"]
    with qtbot.assertNotEmitted(chart.activated):
        _double_click(qtbot, chart, QPointF(3, 3))  # the title's corner: no bar


def test_cumulative_line_rises_and_its_points_open_the_month(qtbot: QtBot) -> None:
    chart = CumulativeSpendChart()
    chart.set_months([("2008-09", 33333), ("2008-07", 45000), ("2008-08", 0)], "Cumulatief")
    image = _shown(qtbot, chart)
    assert chart.cumulative() == [("2008-07", 45000), ("2008-08", 45000), ("2008-09", 78333)]
    hits = chart.hits()
    assert [h.key for h in hits] == ["2008-07", "2008-08", "2008-09"]
    points = [h.point for h in hits if h.point is not None]
    assert len(points) == 3
    ys = [p.y() for p in points]
    assert ys[0] == ys[1] > ys[2]  # the same total, then higher (smaller y)
    assert hits[2].tip.splitlines() == ["09-2008", "Deze maand: € 333,33", "Cumulatief: € 783,33"]
    dot = image.pixelColor(points[2].toPoint())
    assert dot.blue() > 120 and not _red(dot)
    with qtbot.waitSignal(chart.activated, timeout=1000) as blocker:
        _double_click(qtbot, chart, points[0])
    assert blocker.args == ["2008-07"]


def test_cumulative_points_above_the_budget_total_are_red(qtbot: QtBot) -> None:
    chart = CumulativeSpendChart()
    chart.set_months([("2008-01", 600), ("2008-02", 600)], budget_cents=1000)
    image = _shown(qtbot, chart)
    below, above = (h.point for h in chart.hits())
    assert below is not None and above is not None
    assert not _red(image.pixelColor(below.toPoint()))
    assert _red(image.pixelColor(above.toPoint()))
    assert "Totaal budget" in [item.text for item in chart.legend()]


def test_findings_by_rule_and_by_age(qtbot: QtBot) -> None:
    chart = FindingsChart()
    chart.set_counts({"B6": 1, "D1": 3}, {"0-7": 0, "8-30": 2, "31-90": 0, ">90": 4},
                     rule_names={"B6": "Budgetoverschrijding"})  # fmt: skip
    image = _shown(qtbot, chart)
    keys = [h.key for h in chart.hits()]
    assert keys == ["rule:B6", "rule:D1", "age:0-7", "age:8-30", "age:31-90", "age:>90"]
    b6, d1 = chart.hit("rule:B6"), chart.hit("rule:D1")
    old = chart.hit("age:>90")
    assert b6 is not None and d1 is not None and old is not None
    assert b6.tip == "B6 Budgetoverschrijding\n1 signalering"
    assert d1.tip == "D1\n3 signaleringen"
    assert old.tip == ">90 dagen oud\n4 signaleringen"
    assert d1.bars[0].height() == 3 * b6.bars[0].height()
    assert _red(_colour(image, old.bars[0]))  # the oldest findings are red
    with qtbot.waitSignal(chart.activated, timeout=1000) as blocker:
        _double_click(qtbot, chart, old.bars[0].center())
    assert blocker.args == ["age:>90"]
    with qtbot.waitSignal(chart.activated, timeout=1000) as blocker:
        _double_click(qtbot, chart, d1.bars[0].center())
    assert blocker.args == ["rule:D1"]


def test_bar_chart_emits_its_keys(qtbot: QtBot) -> None:
    chart = BarChart()
    chart.set_bars([("07-2008", 45000), ("09-2008", 33333)], "Per maand",
                   keys=["2008-07", "2008-09"])  # fmt: skip
    _shown(qtbot, chart)
    first, second = chart.hits()
    assert second.tip == "09-2008: € 333,33"
    assert second.bars[0].height() < first.bars[0].height()
    with qtbot.waitSignal(chart.activated, timeout=1000) as blocker:
        _double_click(qtbot, chart, second.bars[0].center())
    assert blocker.args == ["2008-09"]


def test_empty_charts_say_so_and_have_no_bars(qtbot: QtBot) -> None:
    for chart in (BudgetUseChart(), CumulativeSpendChart(), FindingsChart(), BarChart()):
        _shown(qtbot, chart)
        assert chart.hits() == []
        with qtbot.assertNotEmitted(chart.activated):
            _double_click(qtbot, chart, QPointF(chart.width() / 2, chart.height() / 2))
    chart = FindingsChart()
    chart.set_counts({}, {"0-7": 0, "8-30": 0, "31-90": 0, ">90": 0})
    _shown(qtbot, chart)
    assert chart.hits() == []


def test_charts_draw_the_ledgers_series(qtbot: QtBot, db: Database) -> None:
    build_region(db)
    with db.session() as s:
        ledger = build_ledger(s, "UWV", *H2)
    budgets = BudgetUseChart()
    budgets.set_budgets([u.as_tuple() for u in budget_use(ledger)])
    months = CumulativeSpendChart()
    months.set_months([(m.month, m.cents) for m in spend_per_month(ledger)])
    _shown(qtbot, budgets)
    _shown(qtbot, months)
    assert [h.key for h in budgets.hits()] == [b.code for b in ledger.budgets]
    assert months.cumulative()[-1] == ("2008-12", ledger.total_cents)
    assert len(months.hits()) == 6


def test_scale_and_axis_text() -> None:
    assert nice_scale(88333) == (100000, 25000)
    assert nice_scale(3) == (3, 1)
    assert nice_scale(0) == (4, 1)
    assert nice_scale(167) == (200, 50)
    assert [short_euro(c) for c in (45000, 2500000, 250000000, 12345678)] == [
        "€ 450", "€ 25k", "€ 2,5 mln", "€ 123,5k"
    ]  # fmt: skip


def test_tooltip_event_shows_the_bar(qtbot: QtBot) -> None:
    chart = BudgetUseChart()
    chart.set_budgets(BUDGETS)
    _shown(qtbot, chart)
    over = chart.hits()[0]
    centre = over.bars[1].center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, chart.mapToGlobal(centre))
    QApplication.sendEvent(chart, event)
    assert QToolTip.isVisible() and QToolTip.text() == over.tip
    QToolTip.hideText()


def test_keyboard_chooses_a_bar_and_enter_opens_it(qtbot: QtBot) -> None:
    chart = BudgetUseChart()
    chart.set_budgets(BUDGETS)
    _shown(qtbot, chart)
    chart.setFocus()
    assert chart.current_key() is None
    with qtbot.assertNotEmitted(chart.activated):
        qtbot.keyClick(chart, Qt.Key.Key_Return)  # nothing chosen yet
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Down)  # stays on the last budget
    assert chart.current_key() == "UWV-RIB-WW-2008"
    qtbot.keyClick(chart, Qt.Key.Key_Up)
    with qtbot.waitSignal(chart.activated, timeout=1000) as blocker:
        qtbot.keyClick(chart, Qt.Key.Key_Enter)
    assert blocker.args == ["UWV-RIB-AG-2008"]
    chart.set_budgets(BUDGETS[1:])  # new figures: nothing chosen
    assert chart.current_key() is None
    QToolTip.hideText()
