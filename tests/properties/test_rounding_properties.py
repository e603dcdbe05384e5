"""Properties of attribution and rounding (spec/accounting.md): with percentages summing to
100 the parts are the largest-remainder apportionment and always sum exactly to the amount;
otherwise each part is rounded half up on its own."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from ketenkoppeling.checks.responsible import split_bp
from ketenkoppeling.model.money import MAX_AMOUNT, cents_to_decimal, decimal_to_cents, round_half_up
from ketenkoppeling.model.records import Attribution, SpendLine
from ketenkoppeling.model.rounding import (
    HUNDRED,
    attribute_cents,
    bp_to_percentage,
    largest_remainder,
    percentage_to_bp,
)
from ketenkoppeling.store.upsert import attribution_rows

MAX_CENTS = int(MAX_AMOUNT * 100) - 1
CENTS = st.integers(min_value=0, max_value=MAX_CENTS)


@st.composite
def percentages_of_100(draw: st.DrawFn) -> list[Decimal]:
    """1 to 12 percentages in hundredths of a percent (some may be 0) summing to exactly 100."""
    n = draw(st.integers(1, 12))
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 10000]
    return [bp_to_percentage(b - a) for a, b in pairwise(bounds)]


@given(CENTS, percentages_of_100())
def test_parts_sum_exactly_when_percentages_sum_to_100(cents: int, pcts: list[Decimal]) -> None:
    assert sum(pcts) == HUNDRED
    parts = attribute_cents(cents, pcts)
    assert sum(parts) == cents
    for part, p in zip(parts, pcts, strict=True):
        exact = Decimal(cents) * p / HUNDRED
        assert exact - 1 < part < exact + 1  # the floor or one more
        assert part >= 0
        if p == 0:
            assert part == 0


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=15))
def test_largest_remainder_rules(total: int, raw: list[int]) -> None:
    if sum(raw) == 0:
        raw = [*raw[:-1], 1]
    weights = [Decimal(w) for w in raw]
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    weight_sum = sum(weights)
    exact = [Decimal(total) * w / weight_sum for w in weights]
    floors = [int(x // 1) for x in exact]
    bumped = [i for i, (part, floor) in enumerate(zip(parts, floors, strict=True)) if part != floor]
    assert all(parts[i] == floors[i] + 1 for i in bumped)
    assert len(bumped) == total - sum(floors)
    kept = [i for i in range(len(parts)) if i not in bumped]
    fraction = [x - f for x, f in zip(exact, floors, strict=True)]
    for b in bumped:  # every unit went to a larger remainder, ties to the earlier one
        for k in kept:
            assert fraction[b] > fraction[k] or (fraction[b] == fraction[k] and b < k)


@given(
    st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS),
    st.lists(st.integers(0, 20000), min_size=1, max_size=8),
)
def test_half_up_when_percentages_do_not_sum_to_100(cents: int, bps: list[int]) -> None:
    pcts = [bp_to_percentage(b) for b in bps]
    if sum(pcts) == HUNDRED:
        pcts = [*pcts, Decimal("0.01")]
    parts = attribute_cents(cents, pcts)
    for part, p in zip(parts, pcts, strict=True):
        exact = Decimal(cents) * p / HUNDRED
        assert part == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert abs(part - exact) <= Decimal("0.5")
        if abs(part - exact) == Decimal("0.5"):
            assert abs(part) > abs(exact)  # a half goes away from zero


@given(st.integers(0, 10**6))
def test_percentage_hundredths_round_trip(bp: int) -> None:
    assert percentage_to_bp(bp_to_percentage(bp)) == bp


@given(st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS))
def test_cents_round_trip(cents: int) -> None:
    assert decimal_to_cents(cents_to_decimal(cents)) == cents


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4))
def test_round_half_up_to_the_cent(value: Decimal) -> None:
    rounded = round_half_up(value)
    assert abs(rounded - value) <= Decimal("0.005")
    if abs(rounded - value) == Decimal("0.005"):
        assert abs(rounded) > abs(value)
    assert rounded == rounded.quantize(Decimal("0.01"))


@given(
    st.integers(min_value=1, max_value=MAX_CENTS).map(cents_to_decimal),
    percentages_of_100().map(lambda ps: [p for p in ps if p > 0] or [HUNDRED]),
)
def test_the_stored_parts_of_a_spend_line_sum_to_its_amount(
    amount: Decimal, pcts: list[Decimal]
) -> None:
    """Where the parts are computed when a spend line is stored (store.upsert)."""
    line = SpendLine(
        "GEM-0392", "F1", "R1", "123456782", "GEM-0392", date(2008, 6, 1), date(2008, 5, 1),
        date(2008, 5, 31), amount, tuple(Attribution(f"B{i}", p) for i, p in enumerate(pcts)),
    )  # fmt: skip
    rows = attribution_rows(1, line)
    assert sum(r["part_cents"] for r in rows) == decimal_to_cents(amount)
    assert sum(r["percentage_bp"] for r in rows) == 10000
    assert [r["seq"] for r in rows] == list(range(1, len(pcts) + 1))


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=12).filter(lambda w: sum(w) > 0))
def test_a_suggested_split_is_exactly_100_percent(days: list[int]) -> None:
    """B3's suggested split over responsible days (checks.responsible.split_bp)."""
    parts = split_bp(days)
    assert sum(parts) == 10000
    assert parts == largest_remainder(10000, [Decimal(d) for d in days])
