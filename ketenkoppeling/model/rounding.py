"""Attributed amounts and rounding (spec/accounting.md).

A spend line of amount A with percentages p1..pn: when they sum to exactly 100 the parts are
A*pi/100 apportioned by the largest-remainder method (round each down to the unit, then hand
the missing units one each to the largest dropped fractions, ties to the one listed first), so
that they sum to A exactly; otherwise each part is A*pi/100 rounded half-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def largest_remainder(total: int, weights: Sequence[Decimal]) -> list[int]:
    """Split ``total`` whole units over ``weights`` in proportion, summing to ``total``.

    Each share is floor(total*w/sum(w)); the units still missing go one each to the shares
    with the largest dropped fractions, ties to the earliest. ``total`` must be >= 0 and the
    weights >= 0 with a positive sum.
    """
    weight_sum = sum(weights, Decimal(0))
    if weight_sum <= 0:
        raise ValueError("de gewichten moeten samen meer dan 0 zijn")
    if total < 0:
        raise ValueError("het te verdelen totaal mag niet negatief zijn")
    exact = [Decimal(total) * w / weight_sum for w in weights]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    missing = total - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return floors


def attribute_cents(amount_cents: int, percentages: Sequence[Decimal]) -> list[int]:
    """The attributed part in cents of each percentage of a spend line of ``amount_cents``."""
    if sum(percentages, Decimal(0)) == HUNDRED:
        return largest_remainder(amount_cents, percentages)
    return [
        int((Decimal(amount_cents) * p / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for p in percentages
    ]


def percentage_to_bp(percentage: Decimal) -> int:
    """Hundredths of a percent (100 % = 10000); raises for more than 2 fraction digits."""
    bp = percentage * 100
    if bp != bp.to_integral_value():
        raise ValueError(f"percentage {percentage} heeft meer dan 2 decimalen")
    return int(bp)


def bp_to_percentage(bp: int) -> Decimal:
    return (Decimal(bp) / 100).quantize(Decimal("0.01"))
