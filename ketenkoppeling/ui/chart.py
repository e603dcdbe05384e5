"""A plain bar chart (QtCharts is not part of PySide6-Essentials): amounts per month or per
budget, with Dutch amounts on the bars."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ketenkoppeling.ui.formatting import format_cents


def short_euro(cents: int) -> str:
    """Compact axis text: € 12,3k, € 1,2 mln."""
    euros = cents / 100
    if abs(euros) >= 1_000_000:
        return f"€ {euros / 1_000_000:.1f} mln".replace(".", ",")
    if abs(euros) >= 1_000:
        return f"€ {euros / 1_000:.1f}k".replace(".", ",")
    return f"€ {euros:.0f}"


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, int]] = []
        self._title = ""
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(600, 260)

    def set_bars(self, bars: list[tuple[str, int]], title: str = "") -> None:
        self._bars = bars
        self._title = title
        self.setToolTip("\n".join(f"{label}: {format_cents(cents)}" for label, cents in bars))
        self.update()

    def bars(self) -> list[tuple[str, int]]:
        return list(self._bars)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        bar_colour = QColor("#2f6ea5")
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(12, 8 + (line + 6 if self._title else 0), -12, -8)
        if self._title:
            painter.setPen(text)
            painter.drawText(QRectF(12, 6, self.width() - 24, line), self._title)
        if not self._bars:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("No figures yet"))
            return
        top = max(max(c for _, c in self._bars), 1)
        label_height = line + 4
        value_height = line + 2
        plot_height = max(area.height() - label_height - value_height, 10)
        slot = area.width() / len(self._bars)
        width = max(min(slot * 0.7, 80), 4)
        baseline = area.bottom() - label_height
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(int(area.left()), int(baseline), int(area.right()), int(baseline))
        for i, (label, cents) in enumerate(self._bars):
            height = plot_height * max(cents, 0) / top
            x = area.left() + i * slot + (slot - width) / 2
            bar = QRectF(x, baseline - height, width, height)
            painter.fillRect(bar, bar_colour)
            painter.setPen(text)
            painter.drawText(
                QRectF(area.left() + i * slot, baseline + 2, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)),
            )
            if slot > metrics.horizontalAdvance("€ 000,0k"):
                painter.drawText(
                    QRectF(area.left() + i * slot, bar.top() - value_height, slot, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    short_euro(cents),
                )
