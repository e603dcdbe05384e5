"""Which benefit period, regime and executor apply to a client on a date (reference-data.md).

The client's benefit period covering the date gives the regime and the executor; when
periods overlap, the one that started last counts; no period covering the date means regime
NUG (no benefit).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ketenkoppeling.model.records import BenefitPeriod

NO_BENEFIT = "NUG"


def period_on(periods: Sequence[BenefitPeriod], day: date) -> BenefitPeriod | None:
    """The period covering ``day``; of overlapping ones the one that started last.
    Ties on the start date go to the one listed last."""
    best: BenefitPeriod | None = None
    for period in periods:
        if (
            period.start <= day
            and (period.end is None or day <= period.end)
            and (best is None or period.start >= best.start)
        ):
            best = period
    return best


def regime_on(periods: Sequence[BenefitPeriod], day: date) -> str:
    """The regime on ``day``, ``NUG`` when no period covers it."""
    period = period_on(periods, day)
    return period.regime if period else NO_BENEFIT


@dataclass(frozen=True)
class Segment:
    """A run of days ``first``..``last`` (inclusive) under one period (or none: NUG)."""

    first: date
    last: date
    period: BenefitPeriod | None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def regime(self) -> str:
        return self.period.regime if self.period else NO_BENEFIT

    @property
    def executor(self) -> str | None:
        return self.period.executor if self.period else None


def segments(periods: Sequence[BenefitPeriod], first: date, last: date) -> Iterator[Segment]:
    """Split ``first``..``last`` into runs of days governed by the same period.

    Only the dates where some period starts or ends can change the answer, so the work is
    proportional to the number of periods, not the number of days.
    """
    if last < first:
        return
    cuts = {first}
    for p in periods:
        if first < p.start <= last:
            cuts.add(p.start)
        if p.end is not None and first <= p.end < last:
            cuts.add(p.end + timedelta(days=1))
    starts = sorted(cuts)
    current: Segment | None = None
    for i, start in enumerate(starts):
        end = starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else last
        period = period_on(periods, start)
        if current is not None and current.period == period:
            current = Segment(current.first, end, period)
            continue
        if current is not None:
            yield current
        current = Segment(start, end, period)
    if current is not None:
        yield current
