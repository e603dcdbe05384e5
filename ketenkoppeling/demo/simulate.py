"""Generate one case (a client of the region) at a time, with the problems planted in it.

A case is built in three steps: the client's year (benefit periods, who is responsible when,
outflow), the deployments (by the partner responsible at the time, now and then by the
other side of the joint front office), and the invoices per service period. A planted
problem shapes the first two steps where it needs to (a knip, a deployment in a given
channel) and spoils one record afterwards. Clean records never break a rule: the only
findings in a region are the planted ones and what they drag along (expect.py says which).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ketenkoppeling.demo.cases import (
    CSV,
    UWVX,
    XLSX,
    XML,
    Benefit,
    Case,
    Deployment,
    Outflow,
    Segment,
    Spend,
)
from ketenkoppeling.demo.people import BsnFactory, Person, make_person
from ketenkoppeling.demo.problems import PROFILES, Planter
from ketenkoppeling.demo.region import (
    GEMEENTE_WEIGHTS,
    GEMEENTEN,
    INSTRUMENT_CODES,
    INSTRUMENT_WEIGHTS,
    INVOICE_PREFIX,
    MONTHLY_RATE,
    SHORT,
    UWV_REGIMES,
    WERKCOACHES,
)

DAY = timedelta(days=1)


class Simulator:
    """Makes the cases of one region, in order, deterministically for a seed."""

    def __init__(self, *, seed: int, year: int, providers: list[str]) -> None:
        self.rnd = random.Random(seed)
        self.bsns = BsnFactory(seed)
        self.year = year
        self.y0 = date(year, 1, 1)
        self.y1 = date(year, 12, 31)
        self.peil = date(year, 12, 20)  # invoices of running deployments reach this far
        self.half = date(year, 7, 1)
        self.providers = providers
        self._refs: dict[str, int] = {}
        self._invoices: dict[str, int] = {}
        self.budget_ww = f"UWV-RIB-WW-{year}"
        self.budget_ag = f"UWV-RIB-AG-{year}"
        self.planter = Planter(self)

    # -- small helpers -----------------------------------------------------------------
    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rnd.randint(low, high))

    def between(self, low: date, high: date) -> date:
        if high <= low:
            return low
        return low + timedelta(days=self.rnd.randint(0, (high - low).days))

    def _reference(self, partner: str) -> str:
        n = self._refs.get(partner, 0) + 1
        self._refs[partner] = n
        return f"{SHORT[partner]}-TRJ-{self.year}-{n:05d}"

    def _invoice(self, partner: str, provider: str | None) -> str:
        key = provider or f"INT:{partner}"
        n = self._invoices.get(key, 0) + 1
        self._invoices[key] = n
        if provider:
            return f"F{self.year}-{n:05d}"
        return f"INT-{INVOICE_PREFIX[partner]}-{n:05d}"

    def gemeente_budget(self, gemeente: str) -> str:
        return f"{gemeente}-WD-{self.year}"

    def budget_for(self, seg: Segment) -> str:
        if seg.owner == "UWV":
            return self.budget_ww if seg.regime == "WW" else self.budget_ag
        return self.gemeente_budget(seg.owner)

    # -- the client's year ---------------------------------------------------------------
    def make_case(self, index: int, scenario: tuple[str, int] | None) -> Case:
        """Client ``index`` of the region, carrying ``scenario`` (kind, occurrence) if any.

        Profiles: WW, KNIP (WW at UWV, then WWB at the gemeente from the knip), AG (WIA,
        WAO or WAJONG), GEM (WWB, IOAW or IOAZ at the gemeente), NUG (no benefit); a ``+``
        means the benefit does not end this year. Client 0 lives in Haarlem, has a name
        with a diacritic and a deployment in Haarlem's (ISO-8859-1) batch.
        """
        rnd = self.rnd
        kind = scenario[0] if scenario else None
        home = "GEM-0392" if index == 0 else rnd.choices(GEMEENTEN, GEMEENTE_WEIGHTS)[0]
        person = make_person(rnd, self.bsns, home, self.year, accented=index == 0)
        profiles = PROFILES.get(kind or "")
        if profiles:
            profile = rnd.choice(profiles)
        elif index == 0:
            profile = "GEM+"
        else:
            profile = rnd.choices(("WW", "KNIP", "AG", "GEM", "NUG"), (29, 4, 14, 33, 20))[0]
        case = Case(person=person, profile=profile)
        self._timeline(case)
        prepared: list[Deployment] = []
        if index == 0:
            prepared.append(self.ensure(case, partner="GEM-0392", channel=XML))
        if kind:
            prepare = getattr(self.planter, "prepare_" + _method(kind), None)
            if prepare is not None:
                prepared.extend(prepare(case, scenario[1] if scenario else 0))
        self._random_deployments(case)
        for dep in case.deployments:
            self._invoices_for(case, dep)
        if kind:
            tamper = getattr(self.planter, "tamper_" + _method(kind), None)
            if tamper is not None:
                tamper(case, scenario[1] if scenario else 0, prepared)
            case.planted.append(kind)
        self._resends(case)
        return case

    def _timeline(self, case: Case) -> None:
        rnd, y0, y1 = self.rnd, self.y0, self.y1
        person, profile = case.person, case.profile
        home = person.gemeente
        segments: list[Segment] = []
        if profile in ("WW", "KNIP"):
            if profile == "KNIP":
                start = y0 + self.days(-400, 120)
                knip = self.between(max(start, y0) + 75 * DAY, y0 + 300 * DAY)
                case.knip = knip
                case.benefits.append(Benefit(person.bsn, "WW", "UWV", start, knip - DAY))
                case.benefits.append(Benefit(person.bsn, "WWB", home, knip, None))
                segments.append(Segment(max(start, y0), knip - DAY, "UWV", "WW"))
                segments.append(Segment(knip, y1, home, "WWB"))
            else:
                start = y0 + self.days(-500, 240)
                self._benefit(case, segments, "WW", "UWV", start, rnd.random() < 0.35)
        elif profile in ("AG", "AG+"):
            regime = rnd.choices(("WIA", "WAO", "WAJONG"), (45, 35, 20))[0]
            start = y0 - self.days(60, 3000)
            if regime == "WIA" and start < date(2006, 1, 1):
                regime = "WAO"
            outflow = profile == "AG" and rnd.random() < 0.12
            self._benefit(case, segments, regime, "UWV", start, outflow)
        elif profile in ("GEM", "GEM+"):
            regime = rnd.choices(("WWB", "IOAW", "IOAZ"), (80, 12, 8))[0]
            # most have been on benefit for a while, some start this year
            start = y0 - self.days(0, 1500) if rnd.random() < 0.8 else y0 + self.days(0, 240)
            outflow = profile == "GEM" and rnd.random() < 0.3
            self._benefit(case, segments, regime, home, start, outflow)
        else:  # NUG: no benefit, the home gemeente serves the client
            segments.append(Segment(y0, y1, home, "NUG"))
        case.segments = segments

    def _benefit(
        self,
        case: Case,
        segments: list[Segment],
        regime: str,
        executor: str,
        start: date,
        outflow: bool,
    ) -> None:
        rnd, y0, y1 = self.rnd, self.y0, self.y1
        first = max(start, y0)
        owner = "UWV" if executor == "UWV" else executor
        end: date | None
        if outflow:
            end = self.between(first + 75 * DAY, y1 - 20 * DAY)
            case.benefits.append(Benefit(case.person.bsn, regime, executor, start, end))
            segments.append(Segment(first, end, owner, regime))
            if executor in ("UWV", "GEM-0392"):  # the partners that send Ketenberichten
                reason = "WERK" if rnd.random() < 0.65 else "ANDERS"
                case.outflows.append(Outflow(case.person.bsn, end + DAY, reason, executor))
        else:
            end = None
            if regime == "WW" and rnd.random() < 0.4:
                end = y1 + self.days(10, 400)
            case.benefits.append(Benefit(case.person.bsn, regime, executor, start, end))
            segments.append(Segment(first, y1, owner, regime))

    # -- deployments -----------------------------------------------------------------------
    def _random_deployments(self, case: Case) -> None:
        count = self.rnd.choices((0, 1, 2, 3), (12, 50, 27, 11))[0]
        for _ in range(count):
            if len(case.deployments) >= 3:
                break
            segs = [s for s in case.segments if (min(s.end, self.peil) - s.start).days >= 35]
            if not segs:
                break
            if case.knip and self.rnd.random() < 0.5 and not any(d.knip for d in case.deployments):
                self.knip_deployment(case)
                continue
            weights = [(s.end - s.start).days for s in segs]
            seg = self.rnd.choices(segs, weights)[0]
            self.deployment(case, seg)

    def _channel(self, partner: str, seg: Segment) -> str:
        r = self.rnd.random()
        if partner == "UWV":
            return UWVX if seg.regime in UWV_REGIMES and r < 0.15 else XML
        if partner == "GEM-0392":
            return XML if r < 0.25 else XLSX
        return XLSX

    def _instrument(self, case: Case, person: Person, regime: str) -> str:
        used = {d.instrument for d in case.deployments if d.person.bsn == person.bsn}
        table = "WW" if regime == "WW" else "AG" if regime in UWV_REGIMES else "GEM"
        weights = [
            0 if code in used else w
            for code, w in zip(INSTRUMENT_CODES, INSTRUMENT_WEIGHTS[table], strict=True)
        ]
        if not any(weights):
            weights = [0 if code in used else 1 for code in INSTRUMENT_CODES]
        return self.rnd.choices(INSTRUMENT_CODES, weights)[0]

    def deployment(
        self,
        case: Case,
        seg: Segment,
        *,
        partner: str | None = None,
        channel: str | None = None,
        instrument: str | None = None,
        person: Person | None = None,
        start: date | None = None,
        min_invoices: int = 0,
        provider: str | bool | None = None,
    ) -> Deployment:
        rnd = self.rnd
        person = person or case.person
        home = case.person.gemeente
        if partner is None:
            partner = seg.owner
            if rnd.random() < 0.08:  # the joint front office: the other side registers
                partner = home if seg.owner == "UWV" else "UWV"
        if channel is None:
            channel = self._channel(partner, seg)
        cover_end = min(seg.end, self.peil)
        room = 80 if min_invoices else 30
        if start is None:
            start = self.between(seg.start, cover_end - room * DAY)
        end: date | None = start + self.days(max(room, 28), 240)
        if seg.end < self.y1:
            end = min(end, seg.end) if end else seg.end
        elif rnd.random() < 0.3:
            end = None
        if instrument is None:
            instrument = self._instrument(case, person, seg.regime)
        if provider is None:
            provider = rnd.random() < 0.82
        prov: str | None = None
        if provider is True:
            prov = rnd.choice(self.providers)
        elif isinstance(provider, str):
            prov = provider
        coaches = WERKCOACHES[partner]
        dep = Deployment(
            partner=partner,
            reference=self._reference(partner),
            person=person,
            instrument=instrument,
            provider=prov,
            start=start,
            end=end,
            werkcoach=rnd.choice(coaches) if rnd.random() < 0.92 else None,
            regime=seg.regime,
            channel=channel,
            style=_style(rnd),
        )
        dep.no_invoices = not min_invoices and rnd.random() < 0.06
        dep.min_invoices = min_invoices
        case.deployments.append(dep)
        return dep

    def knip_deployment(self, case: Case, *, min_invoices: int = 1) -> Deployment:
        knip = case.knip
        assert knip is not None
        ww = case.segments[0]
        start = self.between(max(ww.start, knip - 150 * DAY), knip - 21 * DAY)
        dep = self.deployment(
            case, ww, partner="UWV", channel=UWVX if self.rnd.random() < 0.2 else XML,
            start=start, min_invoices=min_invoices,
        )  # fmt: skip
        dep.end = None if self.rnd.random() < 0.3 else knip + self.days(21, 150)
        if dep.end and dep.end > self.y1:
            dep.end = None
        dep.knip = knip
        dep.no_invoices = False
        return dep

    def ensure(
        self,
        case: Case,
        *,
        partner: str | None = None,
        channel: str | None = None,
        min_invoices: int = 1,
        provider: bool | None = None,
        seg: Segment | None = None,
        instrument: str | None = None,
    ) -> Deployment:
        """A new deployment in the client's longest stretch, as the problem needs it."""
        if seg is None:
            seg = max(case.segments, key=lambda s: (s.end - s.start).days)
        if channel == UWVX and seg.regime not in UWV_REGIMES:
            channel = XML
        if partner is None:
            if channel == XLSX:
                partner = case.person.gemeente
            elif channel == UWVX:
                partner = "UWV"
            elif channel == XML:
                partner = seg.owner if seg.owner in ("UWV", "GEM-0392") else "UWV"
            else:
                partner = seg.owner
        if partner == "UWV" and channel == XLSX:
            channel = XML
        if partner != "UWV" and channel == UWVX:
            channel = XML
        if partner in ("GEM-0473", "IASZ") and channel == XML:
            channel = XLSX
        return self.deployment(
            case, seg, partner=partner, channel=channel, min_invoices=min_invoices,
            provider=provider, instrument=instrument,
        )  # fmt: skip

    # -- invoices ----------------------------------------------------------------------------
    def _invoices_for(self, case: Case, dep: Deployment) -> None:
        rnd = self.rnd
        min_invoices = dep.min_invoices
        if dep.no_invoices:
            return
        cover_end = min(dep.end or self.peil, self.peil)
        if (cover_end - dep.start).days < 10:
            return
        longest = 70
        if min_invoices > 1:
            longest = max(14, min(70, ((cover_end - dep.start).days + 1) // min_invoices))
        chunks: list[tuple[date, date]] = []
        cur = dep.start
        while cur <= cover_end:
            to = min(cur + self.days(14, longest) - DAY, cover_end)
            if (cover_end - to).days < 7:
                to = cover_end
            chunks.append((cur, to))
            cur = to + DAY
        if dep.knip and not any(a < dep.knip <= b for a, b in chunks):
            i = next(i for i, (a, _) in enumerate(chunks) if a == dep.knip)
            chunks[i - 1 : i + 1] = [(chunks[i - 1][0], chunks[i][1])]
        timeline = self._timeline_of(case, dep.person)
        for pfrom, pto in chunks:
            pay = min(pto + self.days(5, 40), self.y1)
            channel = dep.channel
            if channel == XLSX and dep.provider and rnd.random() < 0.2:
                channel = CSV
            days = (pto - pfrom).days + 1
            rate = MONTHLY_RATE[dep.instrument] * days / 30 * rnd.uniform(0.75, 1.3)
            dep.spends.append(
                Spend(
                    partner=dep.partner,
                    invoice=self._invoice(dep.partner, dep.provider),
                    reference=dep.reference,
                    bsn=dep.person.bsn,
                    provider=dep.provider,
                    pay=pay,
                    pfrom=pfrom,
                    pto=pto,
                    cents=max(2500, round(rate * 100)),
                    attributions=self.attribution(timeline, pfrom, pto),
                    channel=channel,
                )
            )

    def _timeline_of(self, case: Case, person: Person) -> list[Segment]:
        if person.bsn == case.person.bsn:
            return case.segments
        return [Segment(self.y0, self.y1, case.person.gemeente, "NUG")]

    def attribution(self, timeline: list[Segment], pfrom: date, pto: date) -> list[tuple[str, int]]:
        """The budgets that bear a service period, split by days around a knip."""
        parts: list[tuple[str, int]] = []
        for seg in timeline:
            a, b = max(seg.start, pfrom), min(seg.end, pto)
            if a <= b:
                parts.append((self.budget_for(seg), (b - a).days + 1))
        if len(parts) <= 1:
            return [(parts[0][0] if parts else self.budget_for(timeline[-1]), 10000)]
        total = sum(days for _, days in parts)
        first = round(parts[0][1] * 10000 / total)
        return [(parts[0][0], first), (parts[1][0], 10000 - first)]

    def _resends(self, case: Case) -> None:
        """UWV sends some deployments again in its second batch: mostly to add the end date
        that was not known yet (a correction), sometimes unchanged."""
        for dep in case.deployments:
            if dep.partner != "UWV" or dep.channel != XML or dep.quarantine:
                continue
            if dep.start >= self.half or dep.no_invoices:
                continue
            r = self.rnd.random()
            if r < 0.12 and dep.end is not None and dep.end >= self.half:
                dep.resend, dep.first_end = "correction", None
            elif r < 0.16:
                dep.resend, dep.first_end = "unchanged", dep.end


def _method(kind: str) -> str:
    return kind.lower().replace("-", "_")


def _style(rnd: random.Random) -> int:
    """How an export spells a deployment's instrument: 0 as in the code list, 1 upper case,
    2 padded with spaces, 3 lower case, 4 trailing space."""
    r = rnd.random()
    return 0 if r < 0.86 else 1 if r < 0.91 else 2 if r < 0.95 else 3 if r < 0.98 else 4
