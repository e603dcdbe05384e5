"""Attributed parts and rounding (spec/accounting.md, 'Attributed amounts and rounding')."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from sqlalchemy import select

from ketenkoppeling.accounting.rounding import attribute_cents, largest_remainder
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import AttributionRow
from tests.factories import spend, store

P = Decimal


def test_largest_remainder_ties_go_to_the_first_listed() -> None:
    # 2 units over three equal weights: 0.666.. each, floors 0, two units missing;
    # all fractions equal, so the first two listed get them.
    assert largest_remainder(2, [P(1), P(1), P(1)]) == [1, 1, 0]
    assert largest_remainder(1, [P(1), P(1)]) == [1, 0]


def test_hundred_percent_apportions_by_largest_remainder() -> None:
    # 1.00 over 33.33/33.33/33.34: exact 33.33, 33.33, 33.34 cents; floors 33/33/33,
    # dropped fractions .33/.33/.34 -> the missing cent goes to the third part.
    assert attribute_cents(100, [P("33.33"), P("33.33"), P("33.34")]) == [33, 33, 34]
    # 0.02 over 25/25/50: exact 0.5, 0.5, 1.0 -> floors 0/0/1, one cent missing, the two
    # fractions .5 tie -> the first listed.
    assert attribute_cents(2, [P(25), P(25), P(50)]) == [1, 0, 1]
    # 0.01 over 50/50 -> [1, 0] (tie to the first)
    assert attribute_cents(1, [P(50), P(50)]) == [1, 0]
    # 100.00 over thirds that sum to 100: 3333.33.. would round half-up to 3333 each (9999);
    # the largest remainder gives the missing cent to the largest fraction (.34 -> third)
    assert attribute_cents(10000, [P("33.33"), P("33.33"), P("33.34")]) == [3333, 3333, 3334]


def test_not_hundred_rounds_each_part_half_up() -> None:
    # 100.00 at 33.33 % three times = 99.99 %: 33.33 each, 99.99 in all (0.01 unattributed)
    assert attribute_cents(10000, [P("33.33")] * 3) == [3333, 3333, 3333]
    # 1.01 at 50 % + 40 % = 90 %: 50.5 -> 51 (half-up, not half-even 50), 40.4 -> 40
    assert attribute_cents(101, [P(50), P(40)]) == [51, 40]
    # 1.01 at 50.5 % twice = 101 %: 51.005 -> 51 each: 1.02, over-attributed by 0.01
    assert attribute_cents(101, [P("50.5"), P("50.5")]) == [51, 51]
    # 0.10 at 66.67 % + 33.34 % = 100.01 %: 6.667 -> 7, 3.334 -> 3: parts sum to the amount
    assert attribute_cents(10, [P("66.67"), P("33.34")]) == [7, 3]


@pytest.mark.parametrize("seed", range(5))
def test_hundred_percent_parts_always_sum_to_the_amount(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        n = rng.randint(1, 5)
        cuts = sorted(rng.sample(range(1, 10000), n - 1))
        bps = [b - a for a, b in zip([0, *cuts], [*cuts, 10000], strict=True)]
        amount = rng.randint(0, 10_000_000)
        parts = attribute_cents(amount, [P(bp) / 100 for bp in bps])
        assert sum(parts) == amount
        for part, bp in zip(parts, bps, strict=True):  # each within one cent of exact
            assert abs(Decimal(part) - Decimal(amount) * bp / 10000) < 1


def test_the_store_keeps_the_apportioned_parts(db: Database) -> None:
    with db.session() as s:
        store(s, spend("UWV", "F1", "R1", "100000009", "100.00",
                       ("B1", "33.33"), ("B2", "33.33"), ("B3", "33.34")),
              spend("UWV", "F2", "R1", "100000009", "100.00",
                    ("B1", "33.33"), ("B2", "33.33"), ("B3", "33.33")))  # fmt: skip
        parts = s.execute(
            select(AttributionRow.spend_line_id, AttributionRow.part_cents).order_by(
                AttributionRow.spend_line_id, AttributionRow.seq
            )
        ).all()
    assert [p for _, p in parts] == [3333, 3333, 3334, 3333, 3333, 3333]
