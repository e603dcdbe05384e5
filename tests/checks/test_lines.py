"""The line rules' shared machinery: the quick path never hides a finding, and the split by
days adds up to 100 %."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from ketenkoppeling.checks import b3_responsibility as b3
from ketenkoppeling.checks import b4_eligibility as b4
from ketenkoppeling.checks.lines import LineContext, LineFacts, plainly_fine
from ketenkoppeling.checks.reference import BudgetInfo, PartnerInfo, Reference, code_list
from ketenkoppeling.checks.responsible import split_bp
from ketenkoppeling.model.records import BenefitPeriod

START = date(2008, 1, 1)
PARTNERS = {
    "UWV": ("uwv", None),
    "WERKBEDRIJF": ("werkbedrijf", date(2008, 7, 1)),
    "GEM-0392": ("gemeente", None),
    "GEM-0473": ("gemeente", None),
    "IASZ": ("intergemeentelijk", None),
}
BUDGETS = {
    "UWV-WW": ("UWV", "WW", "WF,SCH,JC"),
    "UWV-AG": ("UWV", "WIA,WAO", ""),
    "WB-WW": ("WERKBEDRIJF", "WW", ""),
    "GEM-0392-WD": ("GEM-0392", "WWB,IOAW,NUG", ""),
    "GEM-0473-WD": ("GEM-0473", "WWB,NUG", ""),
    "IASZ-WD": ("IASZ", "IOAW,ANW", "SCH"),
}
REGIMES = {"WW": "UWV", "WIA": "UWV", "WAO": "UWV", "WWB": "GEMEENTE", "IOAW": "GEMEENTE"}
REGIMES_ANY = [*REGIMES, "ANW"]


def reference() -> Reference:
    return Reference(
        partners={c: PartnerInfo(c, c, k, v, None) for c, (k, v) in PARTNERS.items()},
        regime_executors={**REGIMES, "ANW": None, "NUG": None},
        budgets={
            code: BudgetInfo(
                code, code, owner, 2008, 10**9, frozenset(code_list(regimes)),
                code_list(regimes), frozenset(code_list(instr)), code_list(instr),
            )
            for code, (owner, regimes, instr) in BUDGETS.items()
        },
        instruments={},
        providers={},
    )  # fmt: skip


def random_line(rng: random.Random, n: int) -> LineFacts:
    first = START + timedelta(days=rng.randrange(200))
    last = first + timedelta(days=rng.choice([0, 5, 29, 60]))
    line = LineFacts(
        (n, rng.choice(list(PARTNERS)), f"F{n}", "R", "111222333", "UWV", last, first, last,
         1000, "h", rng.choice([None, "SCH", "PPL"]), None)
    )  # fmt: skip
    count = rng.choice([1, 1, 1, 2])
    budgets = rng.sample([*BUDGETS, "ONBEKEND"], count)
    shares = [10000] if count == 1 else [5000, 5000]
    line.attributions = list(zip(budgets, shares, strict=True))
    line.periods = []
    for _ in range(rng.choice([0, 1, 1, 2])):
        regime = rng.choice(REGIMES_ANY)
        executor = rng.choice(["UWV"] if REGIMES.get(regime) == "UWV" else list(PARTNERS))
        if rng.random() < 0.5:  # starting within the service period: a knip or a gap
            start = first + timedelta(days=rng.randrange((last - first).days + 1))
        else:
            start = START + timedelta(days=rng.randrange(-100, 250))
        end = rng.choice([None, start + timedelta(days=rng.randrange(10, 200))])
        line.periods.append(BenefitPeriod("111222333", regime, executor, start, end))
    line.periods.sort(key=lambda p: p.start)
    return line


def test_the_quick_path_never_hides_a_finding() -> None:
    context = LineContext(reference())
    rng = random.Random(2008)
    quick = flagged = 0
    for n in range(20_000):
        line = random_line(rng, n)
        findings = [b3.check_line(line, context), b4.check_line(line, context)]
        if plainly_fine(line, context.ref):
            quick += 1
            assert findings == [None, None], line.__dict__ if hasattr(line, "__dict__") else n
        flagged += any(findings)
    assert quick > 2_000 and flagged > 2_000  # both paths were exercised


@pytest.mark.parametrize(
    ("weights", "parts"),
    [
        ([10, 20], [3333, 6667]),
        ([1, 1, 1], [3334, 3333, 3333]),
        ([5], [10000]),
        ([25, 19], [5682, 4318]),
    ],
)
def test_split_by_days_adds_up_to_100_percent(weights: list[int], parts: list[int]) -> None:
    assert split_bp(weights) == parts
    assert sum(parts) == 10000
