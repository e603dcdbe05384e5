"""The controller's pictures: per budget its use against its amount (an overrun in red), the
cumulative spend per month, and the findings by rule and by age.

Each chart emits ``activated(key)`` on a double-click of a bar or point — a budget code, a
month ``YYYY-MM``, ``rule:B6`` or ``age:8-30`` — or on Enter after choosing a bar with the
arrow keys, so a page can open what lies behind it; each shows the exact figures in a
tooltip. The series come from ``accounting.charts_data`` and
``checks.stats``; these widgets only draw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ketenkoppeling.ui.chart import (
    BAR,
    MARGIN,
    ChartWidget,
    Hit,
    LegendItem,
    nice_scale,
    short_euro,
    slot_bars,
    value_y,
)
from ketenkoppeling.ui.formatting import arg, format_cents
from ketenkoppeling.ui.models.accounting import month_label

AMOUNT_TRACK = QColor("#dfe8f1")
USED = BAR
OVERRUN = QColor("#c62828")
MONTHLY = QColor("#c9d8e6")
LINE = BAR
BUDGET_LINE = QColor("#6b6b6b")
RULE = BAR
AGE_COLOURS = (QColor("#7fa7c9"), QColor("#2f6ea5"), QColor("#d08a00"), QColor("#c62828"))


class BudgetUseChart(ChartWidget):
    """One row per budget: a bar of what is used as a share of its amount, so a small budget
    reads as clearly as a large one. The amount is the dashed 100 % line; a budget used
    beyond it is red. The tooltip gives the exact amounts."""

    ROW_GAP = 0.35  # of a row's height, between two bars

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._budgets: list[tuple[str, int, int]] = []
        self._labels: dict[str, str] = {}

    def set_budgets(
        self,
        budgets: Sequence[tuple[str, int, int]],
        title: str = "",
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """``budgets``: (code, amount_cents, used_cents); ``labels``: code → description."""
        self._budgets = [(code, int(amount), int(used)) for code, amount, used in budgets]
        self._labels = dict(labels or {})
        self._title = title
        self._current = -1
        self.setMinimumHeight(int(self.header_height() + 60 + 26 * len(self._budgets)))
        self.updateGeometry()
        self.update()

    def budgets(self) -> list[tuple[str, int, int]]:
        return list(self._budgets)

    def legend(self) -> list[LegendItem]:
        if not self._budgets:
            return []
        return [
            LegendItem(self.tr("Used"), USED),
            LegendItem(self.tr("Overrun"), OVERRUN),
            LegendItem(self.tr("Budget amount (100 %)"), BUDGET_LINE, line=True, dashed=True),
        ]

    @staticmethod
    def share(amount: int, used: int) -> float:
        """Used as a percentage of the amount (a budget of € 0 that is used: 100 % + 1)."""
        if amount <= 0:
            return 101.0 if used > 0 else 0.0
        return 100.0 * max(used, 0) / amount

    def _scale(self) -> tuple[int, int]:
        highest = max((self.share(a, u) for _, a, u in self._budgets), default=0.0)
        top, step = nice_scale(math.ceil(max(highest, 100.0)))
        return top, step

    def _plot(self) -> tuple[QRectF, int, int]:
        """The bars' area: budget codes to its left, the percentage to its right, the
        percentage axis below it."""
        top, step = self._scale()
        metrics = self.metrics()
        codes = max((metrics.horizontalAdvance(c) for c, _, _ in self._budgets), default=0)
        left = MARGIN + math.ceil(min(codes, self.width() * 0.35)) + 12
        right = self.width() - MARGIN - metrics.horizontalAdvance("000 %") - 8
        header = self.header_height()
        bottom = self.height() - 8 - (metrics.height() + 4)
        return QRectF(left, header, max(right - left, 10), max(bottom - header, 10)), top, step

    def _x(self, plot: QRectF, top: int, percent: float) -> float:
        return plot.left() + plot.width() * min(percent, float(top)) / top

    def tip(self, code: str, amount: int, used: int) -> str:
        label = self._labels.get(code, "")
        lines = [f"{code} {label}".strip()]
        lines.append(arg(self.tr("Budget amount: %1"), format_cents(amount)))
        lines.append(
            arg(self.tr("Used: %1 (%2)"), format_cents(used), percent(self.share(amount, used)))
        )
        if used > amount:
            lines.append(arg(self.tr("Overrun: %1"), format_cents(used - amount)))
        else:
            lines.append(arg(self.tr("Remaining: %1"), format_cents(amount - used)))
        return "\n".join(lines)

    def hits(self) -> list[Hit]:
        if not self._budgets:
            return []
        plot, top, _step = self._plot()
        row = plot.height() / len(self._budgets)
        thickness = min(row * (1 - self.ROW_GAP), 28.0)
        hits = []
        for i, (code, amount, used) in enumerate(self._budgets):
            area = QRectF(MARGIN, plot.top() + i * row, self.width() - 2 * MARGIN, row)
            y = area.center().y() - thickness / 2
            track = QRectF(plot.left(), y, self._x(plot, top, 100.0) - plot.left(), thickness)
            bar = QRectF(
                plot.left(),
                y,
                self._x(plot, top, self.share(amount, used)) - plot.left(),
                thickness,
            )
            hits.append(Hit(code, area, self.tip(code, amount, used), (track, bar)))
        return hits

    def overrun(self, code: str) -> bool:
        return any(c == code and used > amount for c, amount, used in self._budgets)

    def paint_chart(self, painter: QPainter) -> None:
        if not self._budgets:
            self.paint_empty(painter, self.tr("No budgets in this period"))
            return
        plot, top, step = self._plot()
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        metrics = painter.fontMetrics()
        line = metrics.height()
        for value in range(0, top + 1, step):  # the percentage axis
            x = self._x(plot, top, value)
            painter.setPen(grid)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(text)
            painter.drawText(
                QRectF(x - 40, plot.bottom() + 4, 80, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{value} %",
            )
        for hit, (code, amount, used) in zip(self.hits(), self._budgets, strict=True):
            track, bar = hit.bars
            painter.fillRect(track, AMOUNT_TRACK)
            painter.fillRect(bar, OVERRUN if used > amount else USED)
            painter.setPen(text)
            painter.drawText(
                QRectF(MARGIN, hit.area.top(), plot.left() - MARGIN - 8, hit.area.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(code, Qt.TextElideMode.ElideMiddle, int(plot.left() - 20)),
            )
            painter.drawText(
                QRectF(bar.right() + 6, hit.area.top(), self.width(), hit.area.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                percent(self.share(amount, used)),
            )
        pen = QPen(BUDGET_LINE, 1.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        x = self._x(plot, top, 100.0)
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))


def percent(value: float) -> str:
    """``167 %``; below 1 % with one decimal (``0,4 %``)."""
    if 0 < value < 1:
        return f"{value:.1f} %".replace(".", ",")
    return f"{value:.0f} %"


class CumulativeSpendChart(ChartWidget):
    """The spend per month as light bars and its running total as a line with a point per
    month; optionally the budgets' total as a dashed line (points above it are red)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._months: list[tuple[str, int]] = []
        self._budget: int | None = None

    def set_months(
        self, months: Sequence[tuple[str, int]], title: str = "", budget_cents: int | None = None
    ) -> None:
        """``months``: (YYYY-MM, cents spent in that month), in any order."""
        self._months = sorted((m, int(c)) for m, c in months)
        self._budget = budget_cents
        self._title = title
        self._current = -1
        self.update()

    def cumulative(self) -> list[tuple[str, int]]:
        total = 0
        result = []
        for month, cents in self._months:
            total += cents
            result.append((month, total))
        return result

    def legend(self) -> list[LegendItem]:
        if not self._months:
            return []
        items = [
            LegendItem(self.tr("Per month"), MONTHLY),
            LegendItem(self.tr("Cumulative"), LINE, line=True),
        ]
        if self._budget is not None:
            items.append(LegendItem(self.tr("Budget total"), BUDGET_LINE, line=True, dashed=True))
        return items

    def _plot(self) -> tuple[QRectF, int, int]:
        highest = max((c for _, c in self.cumulative()), default=0)
        top, step = nice_scale(max(highest, self._budget or 0))
        return self.plot_rect([short_euro(v) for v in range(0, top + 1, step)]), top, step

    def hits(self) -> list[Hit]:
        if not self._months:
            return []
        plot, top, _step = self._plot()
        hits = []
        for i, ((month, cents), (_m, total)) in enumerate(
            zip(self._months, self.cumulative(), strict=True)
        ):
            column, bars = slot_bars(plot, i, len(self._months), [cents], top)
            point = QPointF(column.center().x(), value_y(plot, top, total))
            tip = "\n".join(
                [
                    month_label(month),
                    arg(self.tr("This month: %1"), format_cents(cents)),
                    arg(self.tr("Cumulative: %1"), format_cents(total)),
                ]
            )
            hits.append(Hit(month, column, tip, bars, point))
        return hits

    def paint_chart(self, painter: QPainter) -> None:
        if not self._months:
            self.paint_empty(painter, self.tr("No figures yet"))
            return
        plot, top, step = self._plot()
        self.paint_value_axis(painter, plot, top, step, short_euro)
        hits = self.hits()
        for hit in hits:
            painter.fillRect(hit.bars[0], MONTHLY)
        if self._budget is not None:
            pen = QPen(BUDGET_LINE, 1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = value_y(plot, top, self._budget)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        path = QPainterPath()
        for i, hit in enumerate(hits):
            assert hit.point is not None
            if i == 0:
                path.moveTo(hit.point)
            else:
                path.lineTo(hit.point)
        painter.setPen(QPen(LINE, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        for hit, (_month, total) in zip(hits, self.cumulative(), strict=True):
            assert hit.point is not None
            over = self._budget is not None and total > self._budget
            painter.setBrush(OVERRUN if over else LINE)
            painter.drawEllipse(hit.point, 4.0, 4.0)
        self.paint_category_labels(painter, plot, [month_label(m) for m, _ in self._months])


class FindingsChart(ChartWidget):
    """Two panels: the number of findings per rule, and per age in days (0-7, 8-30, 31-90,
    >90; older bars warmer). Keys: ``rule:<rule>`` and ``age:<bucket>``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rules: list[tuple[str, int]] = []
        self._ages: list[tuple[str, int]] = []
        self._rule_names: dict[str, str] = {}

    def set_counts(
        self,
        by_rule: Mapping[str, int],
        by_age: Mapping[str, int],
        title: str = "",
        rule_names: Mapping[str, str] | None = None,
    ) -> None:
        self._rules = [(rule, int(n)) for rule, n in by_rule.items()]
        self._ages = [(bucket, int(n)) for bucket, n in by_age.items()]
        self._rule_names = dict(rule_names or {})
        self._title = title
        self._current = -1
        self.update()

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        return dict(self._rules), dict(self._ages)

    def _empty(self) -> bool:
        return not any(n for _, n in self._rules) and not any(n for _, n in self._ages)

    def _panels(self) -> tuple[QRectF, QRectF, int, int]:
        top, step = nice_scale(max((n for _, n in (*self._rules, *self._ages)), default=0))
        plot = self.plot_rect([str(v) for v in range(0, top + 1, step)], bottom_lines=2)
        gap = 24.0
        share = len(self._rules) / max(len(self._rules) + len(self._ages), 1)
        share = min(max(share, 0.4), 0.65)
        rules_width = (plot.width() - gap) * share
        rules = QRectF(plot.left(), plot.top(), rules_width, plot.height())
        ages = QRectF(rules.right() + gap, plot.top(), plot.right() - rules.right() - gap,
                      plot.height())  # fmt: skip
        return rules, ages, top, step

    def _count_text(self, n: int) -> str:
        return self.tr("%n finding(s)", "", n)

    def hits(self) -> list[Hit]:
        if self._empty():
            return []
        rules, ages, top, _step = self._panels()
        hits = []
        for i, (rule, n) in enumerate(self._rules):
            column, bars = slot_bars(rules, i, len(self._rules), [n], top)
            name = self._rule_names.get(rule, "")
            tip = f"{rule} {name}".strip() + "\n" + self._count_text(n)
            hits.append(Hit(f"rule:{rule}", column, tip, bars))
        for i, (bucket, n) in enumerate(self._ages):
            column, bars = slot_bars(ages, i, len(self._ages), [n], top)
            tip = arg(self.tr("%1 days old"), bucket) + "\n" + self._count_text(n)
            hits.append(Hit(f"age:{bucket}", column, tip, bars))
        return hits

    def paint_chart(self, painter: QPainter) -> None:
        if self._empty():
            self.paint_empty(painter, self.tr("No findings"))
            return
        rules, ages, top, step = self._panels()
        whole = QRectF(rules.left(), rules.top(), ages.right() - rules.left(), rules.height())
        self.paint_value_axis(painter, whole, top, step, str)
        hits = self.hits()
        ages_colours = {bucket: AGE_COLOURS[min(i, 3)] for i, (bucket, _) in enumerate(self._ages)}
        for hit in hits:
            kind, _, key = hit.key.partition(":")
            painter.fillRect(hit.bars[0], RULE if kind == "rule" else ages_colours[key])
        self.paint_category_labels(painter, rules, [rule for rule, _ in self._rules])
        self.paint_category_labels(painter, ages, [bucket for bucket, _ in self._ages])
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for panel, caption in (
            (rules, self.tr("By rule")),
            (ages, self.tr("By age (days)")),
        ):
            painter.drawText(
                QRectF(panel.left(), panel.bottom() + line + 6, panel.width(), line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                caption,
            )
