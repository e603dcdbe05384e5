"""Who was responsible for a client during a service period (reference-data.md), for B3/B4.

The service period is cut into stretches of days under one benefit period (or none: NUG) by
``model.responsibility.segments``. Each stretch has a *side*:
- a regime executed by UWV: the UWV side (UWV; from its start, WERKBEDRIJF counts as the
  same side for the budgets it owns);
- a regime executed by a gemeente: the executor named in the benefit period;
- no benefit (NUG), or a regime without a chain executor (ANW): a gemeente, any gemeente or
  intergemeentelijke afdeling whose charged budget covers that regime.
A change of side within the service period is the "knip".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from ketenkoppeling.checks.base import FULL_PERCENT_BP, fmt_period
from ketenkoppeling.checks.reference import BudgetInfo, Reference
from ketenkoppeling.model.records import BenefitPeriod
from ketenkoppeling.model.responsibility import NO_BENEFIT, segments

SideKind = Literal["uwv", "gemeente", "nug"]


class Side(NamedTuple):
    kind: SideKind
    partner: str | None = None  # the executor on the gemeente side

    def label(self, ref: Reference) -> str:
        if self.kind == "gemeente":
            return self.partner or "een gemeente"
        if self.kind == "uwv":
            return uwv_code(ref)
        return "een gemeente"


class Stretch(NamedTuple):
    """Days ``first``..``last`` under one benefit period (or none) and hence one side."""

    first: date
    last: date
    regime: str
    executor: str | None
    side: Side
    period: BenefitPeriod | None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def describe(self, ref: Reference) -> str:
        """``01-06-2008 t/m 10-06-2008 UWV (WW)`` / ``… een gemeente (geen uitkering, NUG)``."""
        when = fmt_period(self.first, self.last)
        if self.period is None:
            return f"{when} een gemeente (geen uitkering, NUG)"
        if self.side.kind == "nug":
            return f"{when} een gemeente ({self.regime}, zonder uitvoerder in de keten)"
        return f"{when} {self.side.label(ref)} ({self.regime})"


UWV_SIDE = Side("uwv")
NUG_SIDE = Side("nug")


def uwv_code(ref: Reference) -> str:
    partners = ref.partners_of_kind("uwv")
    return partners[0].code if partners else "UWV"


def side_of(regime: str, executor: str | None, ref: Reference) -> Side:
    """The responsible side for a day under ``regime`` paid by ``executor``."""
    if executor is None:
        return NUG_SIDE
    code = regime.strip().upper()
    if code in ref.regime_executors:
        executor_kind = ref.regime_executors[code]
        if executor_kind == "UWV":
            return UWV_SIDE
        if executor_kind in {"GEMEENTE", "INTERGEMEENTELIJK"}:
            return Side("gemeente", executor)
    # A regime without a chain executor ('-'), or one that is not in the reference data:
    # the kind of the partner paying the benefit decides.
    kind = ref.kind(executor)
    if kind == "uwv":
        return UWV_SIDE
    if ref.is_gemeente(executor):
        return Side("gemeente", executor)
    return NUG_SIDE


def _stretch(first: date, last: date, period: BenefitPeriod | None, ref: Reference) -> Stretch:
    if period is None:
        return Stretch(first, last, NO_BENEFIT, None, NUG_SIDE, None)
    regime = period.regime.strip().upper()
    return Stretch(
        first, last, regime, period.executor, side_of(regime, period.executor, ref), period
    )


def stretches(
    periods: Sequence[BenefitPeriod], first: date, last: date, ref: Reference
) -> list[Stretch]:
    """``first``..``last`` cut into stretches under one benefit period (or none)."""
    if last < first:
        return []
    relevant = [p for p in periods if p.start <= last and (p.end is None or p.end >= first)]
    if not relevant:
        return [_stretch(first, last, None, ref)]
    if len(relevant) == 1:
        only = relevant[0]
        if only.start <= first and (only.end is None or only.end >= last):
            return [_stretch(first, last, only, ref)]
    return [_stretch(s.first, s.last, s.period, ref) for s in segments(relevant, first, last)]


def is_knip(parts: Sequence[Stretch]) -> bool:
    """Whether the responsible side changes within the service period."""
    return len({s.side for s in parts}) > 1


def _overlap_days(stretch: Stretch, valid_from: date | None, valid_to: date | None) -> int:
    first = max(stretch.first, valid_from) if valid_from else stretch.first
    last = min(stretch.last, valid_to) if valid_to else stretch.last
    return max(0, (last - first).days + 1)


def responsible_days(
    owner: str, owner_budgets: Sequence[BudgetInfo], stretch: Stretch, ref: Reference
) -> int:
    """On how many days of ``stretch`` the budget owner ``owner`` was responsible.

    ``owner_budgets`` are the budgets of that owner charged by the spend line (they decide
    for a gemeente on days without a chain executor: a budget covering the regime).
    """
    side = stretch.side
    info = ref.partner(owner)
    if side.kind == "uwv":
        if info is None:
            return 0
        if info.kind == "uwv":
            return stretch.days
        if info.kind == "werkbedrijf":
            return _overlap_days(stretch, info.valid_from, info.valid_to)
        return 0
    if side.kind == "gemeente":
        return stretch.days if owner == side.partner else 0
    if (
        info is not None
        and info.is_gemeente
        and any(stretch.regime in b.regimes for b in owner_budgets)
    ):
        return stretch.days
    return 0


@dataclass
class OwnerShare:
    """A budget owner on a spend line: what it is charged, and on how many days it was
    responsible (its expected share is ``responsible / total`` of the days)."""

    owner: str
    charged_bp: int
    budgets: list[BudgetInfo]
    responsible: int = 0

    def expected_bp(self, total_days: int) -> int:
        """The expected share in hundredths of a percent, rounded half up."""
        return (2 * FULL_PERCENT_BP * self.responsible + total_days) // (2 * total_days)

    def deviates(self, total_days: int, tolerance_bp: int = 100) -> bool:
        """Charged differs from the expected share by more than ``tolerance_bp``."""
        exact_diff = abs(self.charged_bp * total_days - FULL_PERCENT_BP * self.responsible)
        return exact_diff > tolerance_bp * total_days


def owner_shares(
    attributions: Sequence[tuple[BudgetInfo, int]], parts: Sequence[Stretch], ref: Reference
) -> dict[str, OwnerShare]:
    """Charged percentage and responsible days per budget owner, owners in charging order."""
    shares: dict[str, OwnerShare] = {}
    for budget, bp in attributions:
        share = shares.setdefault(budget.owner, OwnerShare(budget.owner, 0, []))
        share.charged_bp += bp
        if budget not in share.budgets:
            share.budgets.append(budget)
    for share in shares.values():
        share.responsible = sum(responsible_days(share.owner, share.budgets, s, ref) for s in parts)
    return shares


def split_bp(weights: Sequence[int]) -> list[int]:
    """Split 100 % (10000 hundredths) over whole-number weights by the largest remainder
    (ties to the first), so the parts add up to exactly 100 %."""
    total = sum(weights)
    exact = [w * FULL_PERCENT_BP for w in weights]
    parts = [e // total for e in exact]
    missing = FULL_PERCENT_BP - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] % total), i))
    for i in order[:missing]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class SplitPart:
    """One line of a suggested split: a budget (or, when none fits, the partner who should
    bear it) and its percentage in hundredths."""

    budget: str | None
    owner: str | None
    bp: int

    @property
    def label(self) -> str:
        if self.budget:
            return self.budget
        return f"een budget van {self.owner}" if self.owner else "een gemeentebudget voor NUG"


def fitting_budget(
    owner: str,
    regimes: set[str],
    instrument: str | None,
    year: int,
    charged: Sequence[BudgetInfo],
    ref: Reference,
) -> str | None:
    """The budget of ``owner`` to charge for days under ``regimes``: one it already charges
    on this line when that fits, otherwise one of its budgets of ``year`` that covers a regime
    and allows the instrument."""

    def fits(b: BudgetInfo) -> bool:
        return b.covers_any(regimes) and (instrument is None or b.allows_instrument(instrument))

    for budget in charged:
        if fits(budget):
            return budget.code
    own = sorted((b for b in ref.budgets.values() if b.owner == owner), key=lambda b: b.code)
    for budget in own:
        if budget.year == year and fits(budget):
            return budget.code
    if charged:
        return charged[0].code
    return None


def suggested_split(
    parts: Sequence[Stretch],
    shares: dict[str, OwnerShare],
    *,
    gemeente: str | None,
    instrument: str | None,
    year: int,
    ref: Reference,
) -> list[SplitPart]:
    """The split by days: for every stretch the partner responsible then, and its budget.

    On days without a chain executor the gemeente is a charged gemeente whose budget covers
    the regime, otherwise ``gemeente`` (the caller's best guess, may be None).
    """
    werkbedrijf = next((ref.partners[o] for o in shares if ref.kind(o) == "werkbedrijf"), None)
    uwv_charged = next((o for o in shares if ref.kind(o) == "uwv"), None)
    uwv_owner = uwv_charged or uwv_code(ref)
    days: dict[str | None, int] = {}
    regimes: dict[str | None, set[str]] = {}

    def give(party: str | None, n: int, regime: str) -> None:
        if n > 0:
            days[party] = days.get(party, 0) + n
            regimes.setdefault(party, set()).add(regime)

    for stretch in parts:
        if stretch.side.kind == "uwv":
            # WERKBEDRIJF bears the UWV side from its start when it is the one charged
            werk_days = (
                _overlap_days(stretch, werkbedrijf.valid_from, werkbedrijf.valid_to)
                if werkbedrijf is not None and uwv_charged is None
                else 0
            )
            if werkbedrijf is not None:
                give(werkbedrijf.code, werk_days, stretch.regime)
            give(uwv_owner, stretch.days - werk_days, stretch.regime)
        elif stretch.side.kind == "gemeente":
            give(stretch.side.partner, stretch.days, stretch.regime)
        else:
            party = next(
                (
                    s.owner
                    for s in shares.values()
                    if ref.is_gemeente(s.owner)
                    and any(stretch.regime in b.regimes for b in s.budgets)
                ),
                None,
            )
            give(party or gemeente, stretch.days, stretch.regime)

    parties = list(days)
    percentages = split_bp([days[p] for p in parties])
    merged: dict[tuple[str | None, str | None], int] = {}
    for party, bp in zip(parties, percentages, strict=True):
        budget = (
            fitting_budget(
                party,
                regimes[party],
                instrument,
                year,
                shares[party].budgets if party in shares else [],
                ref,
            )
            if party
            else None
        )
        merged[(budget, party)] = merged.get((budget, party), 0) + bp
    return [SplitPart(budget, owner, bp) for (budget, owner), bp in merged.items()]
