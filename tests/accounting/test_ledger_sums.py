"""The ledger's set-based sums (regime in SQL, one grouped pass) against a per-line oracle in
Python, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from ketenkoppeling.accounting.ledger import DIMENSIONS, build_ledger, dimension_value
from ketenkoppeling.accounting.lines import attributed_parts
from ketenkoppeling.model import BenefitPeriod
from ketenkoppeling.model.responsibility import regime_on
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import BenefitPeriodRow, OutflowRow
from tests.accounting.conftest import YEAR
from tests.factories import add_region, benefit, deployment, outflow, spend, store

REGIMES = [("WW", "UWV"), ("WIA", "UWV"), ("WWB", "GEM-0392"), ("IOAW", "GEM-0392")]


def bsn(n: int) -> str:
    """The n-th nine-digit number from 100,000,000 up that passes the 11-check."""
    found = 0
    candidate = 100_000_000
    while True:
        digits = [int(c) for c in str(candidate)]
        if (
            sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
        ) % 11 == 0:
            if found == n:
                return str(candidate)
            found += 1
        candidate += 1


def day(offset: int) -> str:
    return (date(2007, 10, 1) + timedelta(days=offset)).isoformat()


def random_region(db: Database, seed: int) -> None:
    """Clients with overlapping benefit periods (equal starts too), open and closed ones,
    none at all; spend lines on two UWV budgets and a gemeente's, with and without a
    deployment and a provider; WERK and other outflows."""
    rng = random.Random(seed)
    records: list[Any] = []
    for n in range(40):
        client = bsn(n)
        starts = [rng.randrange(0, 400) for _ in range(rng.choice((0, 1, 2, 3, 3)))]
        if len(starts) >= 2 and rng.random() < 0.5:
            starts[1] = starts[0]  # two periods starting the same day
        for k, start in enumerate(starts):
            regime, executor = REGIMES[(n + k) % len(REGIMES)]
            end = None if rng.random() < 0.4 else day(start + rng.randrange(0, 200))
            records.append(benefit(client, regime, executor, day(start), end))
        if rng.random() < 0.5:
            records.append(outflow(client, day(rng.randrange(0, 500)),
                                   rng.choice(("WERK", "WERK", "ANDERS"))))  # fmt: skip
        reference = f"R{n}"
        if rng.random() < 0.8:
            instrument = rng.choice(("SCH", "JC", "WF"))
            provider = rng.choice((None, "RIB-0001"))
            records.append(deployment("UWV", reference, client, instrument, day(50),
                                      provider=provider))  # fmt: skip
        for k in range(rng.randrange(1, 5)):
            start = rng.randrange(0, 440)
            budgets = [("UWV-RIB-WW-2008", "100")]
            roll = rng.random()
            if roll < 0.2:
                budgets = [("UWV-RIB-WW-2008", "50"), ("UWV-RIB-AG-2008", "50")]
            elif roll < 0.3:
                budgets = [("UWV-RIB-AG-2008", "70"), ("GEM-0392-WD-2008", "30")]
            records.append(
                spend("UWV", f"F{n}-{k}", reference, client,
                      f"{rng.randrange(1000, 99999)}.{rng.randrange(100):02d}", *budgets,
                      pay=day(92 + rng.randrange(0, 400)), period=(day(start), day(start + 20)),
                      provider=rng.choice((None, "RIB-0001", "RIB-0002")))
            )  # fmt: skip
    with db.session() as s:
        add_region(s)
        store(s, *records)


def _periods(db: Database) -> dict[str, list[BenefitPeriod]]:
    """The benefit periods of every client in stored order (the order ``period_on`` reads)."""
    periods: dict[str, list[BenefitPeriod]] = defaultdict(list)
    with db.session() as s:
        order = (BenefitPeriodRow.bsn, BenefitPeriodRow.start, BenefitPeriodRow.id)
        rows = s.execute(select(BenefitPeriodRow).order_by(*order)).scalars()
        for r in rows:
            periods[r.bsn].append(BenefitPeriod(r.bsn, r.regime, r.executor, r.start, r.end))
    return periods


def test_sums_in_sql_equal_the_per_line_rule(any_db: Database) -> None:
    random_region(any_db, seed=11)
    periods = _periods(any_db)
    with any_db.session() as s:
        outflows: dict[str, date] = {}
        for row in s.execute(select(OutflowRow).where(OutflowRow.reason == "WERK")).scalars():
            outflows[row.bsn] = min(outflows.get(row.bsn, row.date), row.date)
        for partner in ("UWV", "GEM-0392"):
            ledger = build_ledger(s, partner, *YEAR)
            oracle = attributed_parts(s, *YEAR, owner=partner)
            assert oracle, partner
            regimes = [regime_on(periods.get(p.bsn, []), p.period_from) for p in oracle]
            assert [line.regime for line in ledger.lines] == regimes
            assert [line.attribution_id for line in ledger.lines] == [
                p.attribution_id for p in oracle
            ]

            def summed(
                key: Any, parts: list[Any] = oracle, regimes: list[str] = regimes
            ) -> dict[str, int]:
                sums: dict[str, int] = defaultdict(int)
                for part, regime in zip(parts, regimes, strict=True):
                    sums[key(part, regime)] += part.part_cents
                return dict(sorted(sums.items()))

            assert ledger.by_regime == summed(lambda p, r: r)
            assert ledger.by_instrument == summed(lambda p, r: p.instrument_label)
            assert ledger.by_provider == summed(lambda p, r: p.provider_label)
            assert ledger.by_month == summed(lambda p, r: p.month)
            assert ledger.total_cents == sum(p.part_cents for p in oracle)
            assert [b.attributed_cents for b in ledger.budgets] == [
                summed(lambda p, r: p.budget).get(b.code, 0) for b in ledger.budgets
            ]
            by_client = summed(lambda p, r: p.bsn)
            assert [(c.bsn, c.invested_cents, c.outflow_to_work) for c in ledger.clients] == [
                (client, cents, outflows.get(client)) for client, cents in by_client.items()
            ]
            for dim in DIMENSIONS:
                counted = Counter(dimension_value(line, dim) for line in ledger.lines)
                assert ledger.counts[dim] == dict(sorted(counted.items())), dim
            if partner == "UWV":
                assert len(set(regimes)) >= 3  # the region exercises the rule
                assert ledger.by_instrument.get("(onbekend)")  # lines without a deployment

            figures_only = build_ledger(s, partner, *YEAR, with_lines=False)
            assert not figures_only.lines_loaded
            assert (figures_only.by_regime, figures_only.clients, figures_only.counts) == (
                ledger.by_regime, ledger.clients, ledger.counts,
            )  # fmt: skip


def test_year_figures_of_a_period_that_is_not_the_year(db: Database) -> None:
    """'Attributed in the budget's year' of a part-year ledger counts the whole year."""
    random_region(db, seed=5)
    with db.session() as s:
        year = build_ledger(s, "UWV", *YEAR, with_lines=False)
        half = build_ledger(s, "UWV", date(2008, 7, 1), date(2008, 12, 31), with_lines=False)
    assert [b.attributed_year_cents for b in year.budgets] == [
        b.attributed_cents for b in year.budgets
    ]
    assert [b.attributed_year_cents for b in half.budgets] == [
        b.attributed_year_cents for b in year.budgets
    ]
    assert sum(b.attributed_cents for b in half.budgets) < year.total_cents
