"""Hand-painted charts (QtCharts is not part of PySide6-Essentials, and is GPL-only and
deprecated since Qt 6.10): the shared frame — title, legend, a value axis with gridlines,
tooltips with exact amounts, and an ``activated(key)`` signal on a double-click so that a
page can open the lines behind a bar — and the plain ``BarChart`` of amounts per month.

The geometry of every bar or point is computed from the widget's size alone
(:meth:`ChartWidget.hits`), so painting, hit-testing and tests agree on where a bar is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ketenkoppeling.ui.formatting import format_cents

BAR = QColor("#2f6ea5")
MARGIN = 12.0


def short_euro(cents: int) -> str:
    """Compact axis text: € 12,3k, € 1,2 mln, € 25k."""
    euros = cents / 100

    def one(value: float, unit: str) -> str:
        text = f"{value:.1f}".removesuffix(".0").replace(".", ",")
        return f"€ {text}{unit}"

    if abs(euros) >= 1_000_000:
        return one(euros / 1_000_000, " mln")
    if abs(euros) >= 1_000:
        return one(euros / 1_000, "k")
    return f"€ {euros:.0f}"


def nice_scale(top: int, ticks: int = 4) -> tuple[int, int]:
    """A round axis maximum ≥ ``top`` and its step (1, 2, 2.5 or 5 × 10ⁿ, whole units)."""
    if top <= 0:
        return (ticks, 1)
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    whole = max(math.ceil(step), 1)
    return (whole * math.ceil(top / whole), whole)


@dataclass(frozen=True)
class Hit:
    """Where one bar (or point) of a chart is: ``area`` answers double-clicks and tooltips,
    ``bars`` are the painted rectangles, ``point`` a painted point of a line."""

    key: str
    area: QRectF
    tip: str
    bars: tuple[QRectF, ...] = ()
    point: QPointF | None = None


@dataclass(frozen=True)
class LegendItem:
    text: str
    colour: QColor
    line: bool = False  # a line sample instead of a filled square
    dashed: bool = False


class ChartWidget(QWidget):
    """The frame every chart shares. Subclasses implement :meth:`hits` (geometry from the
    current size) and :meth:`paint_chart`."""

    activated = Signal(str)  # the key of the double-clicked bar or point

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows choose a bar, Enter opens it
        self._current = -1

    def sizeHint(self) -> QSize:
        return QSize(600, 260)

    def title(self) -> str:
        return self._title

    # --- geometry ------------------------------------------------------------------------

    def hits(self) -> list[Hit]:
        return []

    def legend(self) -> list[LegendItem]:
        return []

    def hit_at(self, pos: QPointF) -> Hit | None:
        return next((hit for hit in self.hits() if hit.area.contains(pos)), None)

    def hit(self, key: str) -> Hit | None:
        return next((hit for hit in self.hits() if hit.key == key), None)

    def metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def header_height(self) -> float:
        """Room above the plot for the title and the legend."""
        line = self.metrics().height()
        height = 8.0
        if self._title:
            height += line + 6
        if self.legend():
            height += line + 6
        return height

    def plot_rect(self, axis_labels: Sequence[str], *, bottom_lines: int = 1) -> QRectF:
        """The plot area: left of it the value axis labels, below it the category labels."""
        metrics = self.metrics()
        line = metrics.height()
        left = MARGIN + max((metrics.horizontalAdvance(t) for t in axis_labels), default=0) + 6
        top = self.header_height() + line / 2
        bottom = self.height() - 8 - bottom_lines * (line + 4)
        return QRectF(left, top, max(self.width() - MARGIN - left, 10), max(bottom - top, 10))

    def current_key(self) -> str | None:
        """The bar chosen with the keyboard (or the last one clicked)."""
        hits = self.hits()
        return hits[self._current].key if 0 <= self._current < len(hits) else None

    # --- interaction ---------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        keys = [hit.key for hit in self.hits()]
        hit = self.hit_at(event.position())
        if hit is not None:
            self._current = keys.index(hit.key)
            self.update()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        hits = self.hits()
        key = event.key()
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
        if hits and key in steps:
            start = self._current if 0 <= self._current < len(hits) else -1
            self._current = min(max(start + steps[Qt.Key(key)], 0), len(hits) - 1)
            hit = hits[self._current]
            QToolTip.showText(
                self.mapToGlobal(hit.area.center().toPoint()), hit.tip, self, hit.area.toRect()
            )
            self.update()
        elif hits and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._current >= 0:
            current = self.current_key()
            if current is not None:
                self.activated.emit(current)
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.hit_at(event.position())
        if hit is None:
            super().mouseDoubleClickEvent(event)
            return
        event.accept()
        self.activated.emit(hit.key)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.hit_at(event.position())
        if hit is None:
            self.unsetCursor()
        else:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.hit_at(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), hit.tip, self, hit.area.toRect())
            return True
        return super().event(event)

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = painter.fontMetrics().height()
        text = self.palette().color(QPalette.ColorRole.WindowText)
        y = 6.0
        if self._title:
            painter.setPen(text)
            painter.drawText(QRectF(MARGIN, y, self.width() - 2 * MARGIN, line), self._title)
            y += line + 6
        legend = self.legend()
        if legend:
            self._paint_legend(painter, legend, y)
        self.paint_chart(painter)
        hits = self.hits()
        if self.hasFocus() and 0 <= self._current < len(hits):
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 1.5)
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(hits[self._current].area.adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_legend(self, painter: QPainter, items: list[LegendItem], y: float) -> None:
        metrics = painter.fontMetrics()
        line = metrics.height()
        text = self.palette().color(QPalette.ColorRole.WindowText)
        x = MARGIN
        for item in items:
            sample = QRectF(x, y + (line - 10) / 2, 14 if item.line else 10, 10)
            if item.line:
                pen = painter.pen()
                pen.setColor(item.colour)
                pen.setWidthF(2.5)
                pen.setStyle(Qt.PenStyle.DashLine if item.dashed else Qt.PenStyle.SolidLine)
                painter.setPen(pen)
                mid = sample.center().y()
                painter.drawLine(QPointF(sample.left(), mid), QPointF(sample.right(), mid))
            else:
                painter.fillRect(sample, item.colour)
            painter.setPen(text)
            width = metrics.horizontalAdvance(item.text)
            painter.drawText(QRectF(sample.right() + 4, y, width + 2, line), item.text)
            x = sample.right() + 4 + width + 16

    def paint_chart(self, painter: QPainter) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def paint_empty(self, painter: QPainter, message: str) -> None:
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = QRectF(self.rect()).adjusted(MARGIN, self.header_height(), -MARGIN, -8)
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, message)

    def paint_value_axis(
        self, painter: QPainter, plot: QRectF, top: int, step: int, label: Callable[[int], str]
    ) -> None:
        """Gridlines every ``step`` up to ``top`` with their labels left of the plot."""
        metrics = painter.fontMetrics()
        line = metrics.height()
        grid = self.palette().color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for value in range(0, top + 1, step):
            y = value_y(plot, top, value)
            painter.setPen(grid if value else self.palette().color(QPalette.ColorRole.Mid))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(MARGIN, y - line / 2, plot.left() - MARGIN - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label(value),
            )

    def paint_category_labels(self, painter: QPainter, plot: QRectF, labels: Sequence[str]) -> None:
        """One label under each slot; only every n-th when they would overlap."""
        if not labels:
            return
        metrics = painter.fontMetrics()
        slot = plot.width() / len(labels)
        widest = max(metrics.horizontalAdvance(t) for t in labels) + 8
        every = max(1, math.ceil(widest / slot)) if slot < widest and len(labels) > 8 else 1
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for i, label in enumerate(labels):
            if i % every:
                continue
            width = slot * every if every > 1 else slot
            x = plot.left() + i * slot + slot / 2 - width / 2
            painter.drawText(
                QRectF(x, plot.bottom() + 4, width, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(width)),
            )


def value_y(plot: QRectF, top: int, value: int) -> float:
    return plot.bottom() - plot.height() * max(value, 0) / max(top, 1)


def slot_bars(
    plot: QRectF, index: int, count: int, values: Sequence[int], top: int
) -> tuple[QRectF, tuple[QRectF, ...]]:
    """The column of slot ``index`` of ``count`` (the hit area) and its side-by-side bars."""
    slot = plot.width() / max(count, 1)
    column = QRectF(plot.left() + index * slot, plot.top(), slot, plot.height())
    group = max(min(slot * 0.75, 60.0 * len(values)), 3.0 * len(values))
    width = group / len(values)
    left = column.center().x() - group / 2
    bars = tuple(
        QRectF(
            left + j * width,
            value_y(plot, top, v),
            width - (1 if len(values) > 1 else 0),
            plot.bottom() - value_y(plot, top, v),
        )
        for j, v in enumerate(values)
    )
    return column, bars


class BarChart(ChartWidget):
    """Amounts per category (month), with Dutch amounts on the bars and in the tooltips."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, int]] = []
        self._keys: list[str] = []

    def set_bars(
        self, bars: list[tuple[str, int]], title: str = "", keys: Sequence[str] | None = None
    ) -> None:
        """``keys``: what ``activated`` emits per bar (default: the bar's label)."""
        self._bars = list(bars)
        self._keys = list(keys) if keys is not None else [label for label, _ in bars]
        self._title = title
        self._current = -1
        self.update()

    def bars(self) -> list[tuple[str, int]]:
        return list(self._bars)

    def _scale(self) -> tuple[int, int]:
        return nice_scale(max((c for _, c in self._bars), default=0))

    def hits(self) -> list[Hit]:
        if not self._bars:
            return []
        top, step = self._scale()
        plot = self.plot_rect([short_euro(v) for v in range(0, top + 1, step)])
        hits = []
        for i, ((label, cents), key) in enumerate(zip(self._bars, self._keys, strict=True)):
            column, bars = slot_bars(plot, i, len(self._bars), [cents], top)
            hits.append(Hit(key, column, f"{label}: {format_cents(cents)}", bars))
        return hits

    def paint_chart(self, painter: QPainter) -> None:
        if not self._bars:
            self.paint_empty(painter, self.tr("No figures yet"))
            return
        top, step = self._scale()
        plot = self.plot_rect([short_euro(v) for v in range(0, top + 1, step)])
        self.paint_value_axis(painter, plot, top, step, short_euro)
        metrics = painter.fontMetrics()
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for hit, (_label, cents) in zip(self.hits(), self._bars, strict=True):
            bar = hit.bars[0]
            painter.fillRect(bar, BAR)
            if hit.area.width() > metrics.horizontalAdvance("€ 000,0k"):
                painter.setPen(text)
                painter.drawText(
                    QRectF(hit.area.left(), bar.top() - metrics.height() - 1, hit.area.width(),
                           metrics.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    short_euro(cents),
                )  # fmt: skip
        self.paint_category_labels(painter, plot, [label for label, _ in self._bars])
