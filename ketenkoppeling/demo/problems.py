"""The problems planted in a region (spec/rules.md and the import-time checks), at a low rate.

Each kind is planted in its own case. ``prepare_<kind>`` shapes the case before its invoices
are made (a deployment in a given channel, a duplicate registration, a second identity) and
``tamper_<kind>`` spoils one record afterwards. Which findings a planted problem causes (it
may drag others along, such as B7 for the invoices of a quarantined deployment) is decided
by expect.py, not here.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ketenkoppeling.demo.cases import CSV, UWVX, XLSX, XML, Case, Deployment, Raw, Segment, Spend
from ketenkoppeling.demo.people import invalid_bsn, misspelled_identity
from ketenkoppeling.demo.region import GEMEENTEN, UWV_REGIMES

if TYPE_CHECKING:
    from ketenkoppeling.demo.simulate import Simulator

DAY = timedelta(days=1)

# Planted problems: kind -> number of variants. The summary counts them per kind.
SCENARIOS: dict[str, int] = {
    "D1-cross": 1,  # the same deployment registered by UWV and by the gemeente
    "D1-within": 1,  # registered twice by one partner, start dates a few days apart
    "near-gap": 1,  # not a duplicate: same BSN and instrument, starts > 14 days apart
    "near-sameday": 1,  # not a duplicate: same BSN and start date, another instrument
    "D2": 1,  # one person under two BSNs, surname spelled differently
    "B1-95": 1,  # attribution of 95 %
    "B1-105": 1,  # knip split that sums to 105 % (also B3)
    "B2-cross": 1,  # one invoice paid by UWV and by the gemeente (also D1)
    "B2-within": 1,  # one invoice booked by one partner under two references
    "B3-gemeente": 1,  # charged to the budget of another gemeente than the responsible one
    "B3-knip": 1,  # a service period across the knip charged 100 % to one side
    "B4-PPL": 1,  # participatieplaats charged to UWV-RIB-WW (instrument not allowed)
    "B4-regime": 1,  # a WW client's invoice charged to UWV-RIB-AG (regime not allowed)
    "B5": 1,  # paid in January of the next year
    "B7-reference": 2,  # reference typo (XML, provider csv)
    "B7-bsn": 1,  # the invoice names another (valid) BSN than the deployment
    "Q-BSN": 2,  # invalid BSN (XML deployment, spreadsheet row)
    "Q-END": 2,  # end before start (XML deployment, invoice period)
    "Q-AMOUNT": 3,  # negative (XML), 3 decimals (spreadsheet), zero (csv)
    "Q-CODE": 4,  # unknown instrument (XML, spreadsheet), unknown budget (XML, csv)
    "Q-DATE": 3,  # unreadable date (spreadsheet, csv, XML)
}
# Planted problems per 1000 clients (at least one of each, and every variant once).
RATES: dict[str, float] = {
    "D1-cross": 5, "D1-within": 5, "near-gap": 3, "near-sameday": 3, "D2": 5,
    "B1-95": 2, "B1-105": 2, "B2-cross": 3, "B2-within": 2, "B3-gemeente": 4, "B3-knip": 4,
    "B4-PPL": 3, "B4-regime": 3, "B5": 5, "B7-reference": 4, "B7-bsn": 2,
    "Q-BSN": 3, "Q-END": 3, "Q-AMOUNT": 3, "Q-CODE": 4, "Q-DATE": 3,
}  # fmt: skip
# The client profile a planted problem needs (None: any).
PROFILES: dict[str, tuple[str, ...]] = {
    "near-gap": ("NUG",),
    "near-sameday": ("NUG", "GEM+"),
    "B1-105": ("KNIP",),
    "B2-cross": ("GEM+", "NUG"),
    "B3-gemeente": ("GEM",),
    "B3-knip": ("KNIP",),
    "B4-PPL": ("WW",),
    "B4-regime": ("WW",),
    "B5": ("NUG", "GEM+", "AG+"),
    "B7-bsn": ("GEM", "NUG"),
}
_TYPO_INSTRUMENTS = ("SCHOL", "WERKFIT", "TRAINING", "JCO")
_TYPO_DESCRIPTIONS = ("Coachingstraject", "Werkervaringsplaats", "Re-integratie overig")


def plan_scenarios(clients: int, seed: int) -> dict[int, tuple[str, int]]:
    """Which case (by index) carries which planted problem (kind, occurrence number).

    Case 0 is kept clean: it shows the ISO-8859-1 names. A region too small for all of them
    gets the first kinds only.
    """
    rnd = random.Random(f"plan-{seed}")
    wanted: list[tuple[str, int]] = []
    for kind, variants in SCENARIOS.items():
        count = max(variants, round(RATES[kind] * clients / 1000))
        wanted.extend((kind, k) for k in range(count))
    slots = max(0, clients - 1)
    if len(wanted) > slots:
        # keep every kind once (in spec order) before any second occurrence
        wanted.sort(key=lambda item: (item[1], list(SCENARIOS).index(item[0])))
        wanted = wanted[:slots]
    indexes = rnd.sample(range(1, clients), len(wanted)) if wanted else []
    return dict(zip(indexes, wanted, strict=True))


class Planter:
    """Plants the problems in the cases of one simulator."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.rnd = sim.rnd
        self.bsns = sim.bsns
        self.year = sim.year
        self.y0, self.y1 = sim.y0, sim.y1
        self.budget_ww, self.budget_ag = sim.budget_ww, sim.budget_ag

    def _other_side(self, case: Case, partner: str) -> str:
        return case.person.gemeente if partner == "UWV" else "UWV"

    def prepare_d1_cross(self, case: Case, k: int) -> list[Deployment]:
        base = self.sim.ensure(case, min_invoices=1)
        return [base, self._duplicate(case, base, self._other_side(case, base.partner), 0, 7)]

    def prepare_d1_within(self, case: Case, k: int) -> list[Deployment]:
        base = self.sim.ensure(case, min_invoices=1)
        return [base, self._duplicate(case, base, base.partner, 1, 10)]

    def _duplicate(
        self, case: Case, base: Deployment, partner: str, low: int, high: int
    ) -> Deployment:
        seg = next(s for s in case.segments if s.start <= base.start <= s.end)
        dup = self.sim.deployment(
            case, seg, partner=partner, instrument=base.instrument,
            start=min(base.start + self.sim.days(low, high), base.end or self.y1),
            provider=(base.provider or False) if self.rnd.random() < 0.6 else False,
        )  # fmt: skip
        dup.end, dup.no_invoices, dup.regime = base.end, True, base.regime
        if (
            partner == base.partner == "UWV"
            and self.rnd.random() < 0.4
            and seg.regime in UWV_REGIMES
        ):
            dup.channel = UWVX if base.channel == XML else XML  # registered in both systems
        return dup

    def prepare_near_gap(self, case: Case, k: int) -> list[Deployment]:
        seg = case.segments[0]
        first = self.sim.deployment(
            case, seg, partner=seg.owner, start=self.sim.between(self.y0, self.y0 + 150 * DAY),
            min_invoices=1,
        )  # fmt: skip
        second = self.sim.deployment(
            case, seg, partner=seg.owner, instrument=first.instrument,
            start=first.start + self.sim.days(21, 60), min_invoices=1,
        )  # fmt: skip
        first.end = second.start - self.sim.days(1, 5)
        case.near_misses += 1
        return [first, second]

    def prepare_near_sameday(self, case: Case, k: int) -> list[Deployment]:
        first = self.sim.ensure(case, min_invoices=1)
        seg = next(s for s in case.segments if s.start <= first.start <= s.end)
        second = self.sim.deployment(
            case, seg, partner=first.partner, start=first.start, min_invoices=1
        )
        case.near_misses += 1
        return [first, second]

    def prepare_d2(self, case: Case, k: int) -> list[Deployment]:
        if not case.deployments:
            self.sim.ensure(case, min_invoices=1)
        ghost = misspelled_identity(self.rnd, self.bsns, case.person)
        case.extra_persons.append(ghost)
        case.identity_pairs.append((case.person.bsn, ghost.bsn))
        home = case.person.gemeente
        seg = Segment(self.y0, self.y1, home, "NUG")
        channel = XML if home == "GEM-0392" and self.rnd.random() < 0.4 else XLSX
        return [self.sim.deployment(case, seg, partner=home, channel=channel, person=ghost)]

    def prepare_b1_95(self, case: Case, k: int) -> list[Deployment]:
        return [self.sim.ensure(case, partner="UWV", channel=XML, min_invoices=1)]

    def tamper_b1_95(self, case: Case, k: int, deps: list[Deployment]) -> None:
        spend = self.rnd.choice([s for s in deps[0].spends if len(s.attributions) == 1])
        spend.attributions = [(spend.attributions[0][0], 9500)]

    def prepare_knip(self, case: Case, k: int) -> list[Deployment]:
        return [self.sim.knip_deployment(case, min_invoices=2)]

    prepare_b1_105 = prepare_knip
    prepare_b3_knip = prepare_knip

    def _spanning(self, dep: Deployment) -> Spend:
        return next(s for s in dep.spends if len(s.attributions) == 2)

    def tamper_b1_105(self, case: Case, k: int, deps: list[Deployment]) -> None:
        spend = self._spanning(deps[0])
        (b1, p1), (b2, p2) = spend.attributions
        # 5 points too many on the smaller side, so both stay within (0, 100]
        if p1 <= p2:
            spend.attributions = [(b1, p1 + 500), (b2, p2)]
        else:
            spend.attributions = [(b1, p1), (b2, p2 + 500)]

    def tamper_b3_knip(self, case: Case, k: int, deps: list[Deployment]) -> None:
        spend = self._spanning(deps[0])
        spend.attributions = [(self.budget_ww, 10000)]

    def prepare_b2_cross(self, case: Case, k: int) -> list[Deployment]:
        base = self.sim.ensure(case, partner="UWV", channel=XML, min_invoices=1, provider=True)
        dup = self._duplicate(case, base, case.person.gemeente, 0, 5)
        dup.provider = base.provider
        return [base, dup]

    def tamper_b2_cross(self, case: Case, k: int, deps: list[Deployment]) -> None:
        base, dup = deps
        spend = self.rnd.choice(base.spends)
        channel = dup.channel
        if channel == XLSX and self.rnd.random() < 0.4:
            channel = CSV
        copy = Spend(
            partner=dup.partner, invoice=spend.invoice, reference=dup.reference,
            bsn=spend.bsn, provider=spend.provider,
            pay=min(spend.pay + self.sim.days(3, 20), self.y1), pfrom=spend.pfrom, pto=spend.pto,
            cents=spend.cents, attributions=[(self.sim.gemeente_budget(dup.partner), 10000)],
            channel=channel,
        )  # fmt: skip
        dup.spends.append(copy)

    def prepare_b2_within(self, case: Case, k: int) -> list[Deployment]:
        first = self.sim.ensure(case, min_invoices=1)
        seg = next(s for s in case.segments if s.start <= first.start <= s.end)
        # the provider that sent the invoice works on both deployments
        second = self.sim.deployment(
            case, seg, partner=first.partner, min_invoices=1, provider=first.provider or False
        )
        return [first, second]

    def tamper_b2_within(self, case: Case, k: int, deps: list[Deployment]) -> None:
        first, second = deps
        spend = self.rnd.choice(first.spends)
        channel = second.channel
        if channel == CSV or (channel == XLSX and not second.provider):
            channel = XLSX
        second.spends.append(
            Spend(
                partner=second.partner, invoice=spend.invoice, reference=second.reference,
                bsn=spend.bsn, provider=spend.provider,
                pay=min(spend.pay + self.sim.days(1, 15), self.y1), pfrom=spend.pfrom,
                pto=spend.pto, cents=spend.cents, attributions=list(spend.attributions),
                channel=channel,
            )
        )  # fmt: skip

    def prepare_b3_gemeente(self, case: Case, k: int) -> list[Deployment]:
        return [self.sim.ensure(case, partner=case.person.gemeente, min_invoices=1)]

    def tamper_b3_gemeente(self, case: Case, k: int, deps: list[Deployment]) -> None:
        spend = self.rnd.choice(deps[0].spends)
        other = self.rnd.choice([g for g in GEMEENTEN if g != case.person.gemeente])
        spend.attributions = [(self.sim.gemeente_budget(other), 10000)]

    def _ww_segment(self, case: Case) -> Segment:
        return next(s for s in case.segments if s.regime == "WW")

    def prepare_b4_ppl(self, case: Case, k: int) -> list[Deployment]:
        return [
            self.sim.ensure(
                case, partner="UWV", seg=self._ww_segment(case), instrument="PPL", min_invoices=1
            )
        ]

    def prepare_b4_regime(self, case: Case, k: int) -> list[Deployment]:
        return [self.sim.ensure(case, partner="UWV", seg=self._ww_segment(case), min_invoices=1)]

    def tamper_b4_regime(self, case: Case, k: int, deps: list[Deployment]) -> None:
        spend = self.rnd.choice(deps[0].spends)
        spend.attributions = [(self.budget_ag, 10000)]

    def prepare_b5(self, case: Case, k: int) -> list[Deployment]:
        seg = case.segments[-1]
        start = self.sim.between(self.y1 - 130 * DAY, self.y1 - 70 * DAY)
        dep = self.sim.deployment(case, seg, start=max(start, seg.start), min_invoices=1)
        dep.end = None
        return [dep]

    def tamper_b5(self, case: Case, k: int, deps: list[Deployment]) -> None:
        last = max(deps[0].spends, key=lambda s: s.pto)
        last.pay = date(self.year + 1, 1, self.rnd.randint(5, 25))

    def prepare_b7_reference(self, case: Case, k: int) -> list[Deployment]:
        if k % 2 == 0:
            return [self.sim.ensure(case, channel=XML, min_invoices=1)]
        return [self.sim.ensure(case, channel=XLSX, min_invoices=1, provider=True)]

    def tamper_b7_reference(self, case: Case, k: int, deps: list[Deployment]) -> None:
        spend = self.rnd.choice(deps[0].spends)
        if k % 2 == 1:
            spend.channel = CSV
        ref = spend.reference
        head, number = ref.rsplit("-", 1)
        variants = [ref + "X", ref.replace(f"-{self.year}-", f"-{self.year - 1}-")]
        if number.startswith("0"):
            variants.append(f"{head}-{number[1:]}")
        spend.reference = self.rnd.choice(variants)

    def prepare_b7_bsn(self, case: Case, k: int) -> list[Deployment]:
        home = case.person.gemeente
        channel = XML if home == "GEM-0392" and self.rnd.random() < 0.5 else XLSX
        return [self.sim.ensure(case, partner=home, channel=channel, min_invoices=1, provider=True)]

    def tamper_b7_bsn(self, case: Case, k: int, deps: list[Deployment]) -> None:
        spend = self.rnd.choice(deps[0].spends)
        if spend.channel == XLSX:
            spend.channel = CSV
        spend.bsn = self.bsns.next()

    # quarantined at import
    def _sheet_deployment(self, case: Case) -> Deployment:
        """A deployment with at least two rows in a spreadsheet (gemeente or UWV export)."""
        if self.rnd.random() < 0.3 and any(s.regime in UWV_REGIMES for s in case.segments):
            seg = next(s for s in case.segments if s.regime in UWV_REGIMES)
            return self.sim.ensure(case, partner="UWV", channel=UWVX, min_invoices=2, seg=seg)
        return self.sim.ensure(case, channel=XLSX, min_invoices=2)

    def _rows(self, dep: Deployment) -> list[Spend]:
        for spend in dep.spends:
            if spend.channel == CSV:
                spend.channel = XLSX
        return dep.spends

    def _prepare_q(self, case: Case, k: int, variants: tuple[str, ...]) -> list[Deployment]:
        where = variants[k % len(variants)]
        if where == "xml":
            return [self.sim.ensure(case, channel=XML, min_invoices=1)]
        if where == "sheet":
            return [self._sheet_deployment(case)]
        return [self.sim.ensure(case, channel=XLSX, min_invoices=1, provider=True)]  # csv

    def _spoil_xml_deployment(self, dep: Deployment, kind: str, raw: Raw) -> None:
        """A deployment message the import quarantines; its invoices (at most two are kept)
        arrive all the same and stay unlinked (B7)."""
        dep.quarantine, dep.raw = kind, dict(raw)
        del dep.spends[2:]

    def prepare_q_bsn(self, case: Case, k: int) -> list[Deployment]:
        return self._prepare_q(case, k, ("xml", "sheet"))

    def tamper_q_bsn(self, case: Case, k: int, deps: list[Deployment]) -> None:
        dep = deps[0]
        if k % 2 == 0:
            self._spoil_xml_deployment(dep, "Q-BSN", {"bsn": invalid_bsn(self.rnd, dep.person.bsn)})
        else:
            row = self.rnd.choice(self._rows(dep))
            row.quarantine, row.raw = "Q-BSN", {"bsn": invalid_bsn(self.rnd, row.bsn)}

    def prepare_q_end(self, case: Case, k: int) -> list[Deployment]:
        return self._prepare_q(case, k, ("xml", "csv"))

    def tamper_q_end(self, case: Case, k: int, deps: list[Deployment]) -> None:
        dep = deps[0]
        if k % 2 == 0:
            self._spoil_xml_deployment(dep, "Q-END", {"end": dep.start - self.sim.days(1, 40)})
        else:
            spend = self.rnd.choice([s for s in dep.spends if s.pto > s.pfrom])
            spend.channel = CSV
            spend.quarantine, spend.raw = "Q-END", {"pfrom": spend.pto, "pto": spend.pfrom}

    def prepare_q_amount(self, case: Case, k: int) -> list[Deployment]:
        return self._prepare_q(case, k, ("xml", "sheet", "csv"))

    def tamper_q_amount(self, case: Case, k: int, deps: list[Deployment]) -> None:
        dep = deps[0]
        euros = f"{dep.spends[0].cents // 100}"
        if k % 3 == 0:
            spend = self.rnd.choice(dep.spends)
            spend.raw = {"amount": "-" + _amount(spend.cents)}  # a credit note
        elif k % 3 == 1:
            spend = self.rnd.choice(self._rows(dep))
            spend.raw = {"amount": f"{euros},{self.rnd.randint(10, 99)}{self.rnd.randint(1, 9)}"}
        else:
            spend = self.rnd.choice(dep.spends)
            spend.channel = CSV
            spend.raw = {"amount": "0,00"}
        spend.quarantine = "Q-AMOUNT"

    def prepare_q_code(self, case: Case, k: int) -> list[Deployment]:
        return self._prepare_q(case, k, ("xml", "xml", "sheet", "csv"))

    def tamper_q_code(self, case: Case, k: int, deps: list[Deployment]) -> None:
        dep, variant = deps[0], k % 4
        if variant == 0:
            self._spoil_xml_deployment(
                dep, "Q-CODE", {"instrument": self.rnd.choice(_TYPO_INSTRUMENTS)}
            )
            return
        if variant == 2:
            spend = self.rnd.choice(self._rows(dep))
            spend.raw = {"instrument": self.rnd.choice(_TYPO_DESCRIPTIONS)}
        else:
            spend = self.rnd.choice(dep.spends)
            if variant == 3:
                spend.channel = CSV
            code = spend.attributions[0][0]
            spend.raw = {
                "budget": self.rnd.choice([code.rsplit("-", 1)[0], code[:-4] + str(self.year - 1)])
            }
        spend.quarantine = "Q-CODE"

    def prepare_q_date(self, case: Case, k: int) -> list[Deployment]:
        return self._prepare_q(case, k, ("sheet", "csv", "xml"))

    def tamper_q_date(self, case: Case, k: int, deps: list[Deployment]) -> None:
        dep, variant = deps[0], k % 3
        y = self.year
        if variant == 0:
            spend = self.rnd.choice(self._rows(dep))
            field = self.rnd.choice(("pay", "pfrom", "pto"))
            spend.raw = {
                field: self.rnd.choice((f"31-06-{y}", f"{y}-13-05", f"30-02-{y}", "onbekend"))
            }
        elif variant == 1:
            spend = self.rnd.choice(dep.spends)
            spend.channel = CSV
            spend.raw = {"pay": self.rnd.choice((f"31-09-{y}", f"31-11-{y}", "00-00-0000"))}
        else:
            spend = self.rnd.choice(dep.spends)
            spend.raw = {"pfrom": spend.pfrom.strftime("%d-%m-%Y")}  # not an xs:date
        spend.quarantine = "Q-DATE"


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"
