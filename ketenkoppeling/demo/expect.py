"""What a correct import and check must report on the generated region (spec/rules.md).

The rules are evaluated per case, on the records an import stores (quarantined ones left
out, a deployment spread over spreadsheet rows stored when any of its rows is). Every rule
but D2 and B6 only involves one client, and the generator never lets two cases share a BSN,
a deployment reference or an invoice, so a case is all a rule needs. D2 pairs are known from
the planting; B6 is decided when the budget amounts are set, at the end.

Finding records are the bare keys ``expected.json`` of the samples uses: deployment keys for
D1, BSNs for D2, spend keys for the B rules and the budget code for B6.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from ketenkoppeling.demo.cases import CSV, XML, Benefit, Case, Deployment, Finding, Spend
from ketenkoppeling.demo.region import UWV_REGIMES, BudgetDef

_DAY = timedelta(days=1)
RULES = ("D1", "D2", "B1", "B2", "B3", "B4", "B5", "B6", "B7")


def deployment_stored(dep: Deployment) -> bool:
    if dep.channel == XML:
        return dep.quarantine is None
    if dep.quarantine:
        return False
    return any(row is None or row.quarantine is None for row in dep.rows(dep.channel))


def spend_stored(dep: Deployment, spend: Spend) -> bool:
    if spend.quarantine:
        return False
    return not (dep.quarantine and spend.channel not in (XML, CSV))


def split_cents(cents: int, attributions: list[tuple[str, int]]) -> list[int]:
    """The attributed parts in cents (spec/accounting.md): largest remainder when the
    percentages sum to 100, else each part rounded half-up."""
    if sum(h for _, h in attributions) != 10000:
        return [(cents * h + 5000) // 10000 for _, h in attributions]
    parts = [cents * h // 10000 for _, h in attributions]
    remainders = [cents * h % 10000 for _, h in attributions]
    missing = cents - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
    for i in order[:missing]:
        parts[i] += 1
    return parts


def _intervals(benefits: list[Benefit], pfrom: date, pto: date) -> list[tuple[int, str, str]]:
    """(days, responsible marker, regime) over a service period; marker 'NUG' on days
    without a benefit, else 'UWV' or the executing gemeente."""
    points = {pfrom}
    for b in benefits:
        if pfrom < b.start <= pto:
            points.add(b.start)
        if b.end is not None and pfrom < b.end + _DAY <= pto:
            points.add(b.end + _DAY)
    ordered = sorted(points)
    out: list[tuple[int, str, str]] = []
    for i, start in enumerate(ordered):
        end = ordered[i + 1] - _DAY if i + 1 < len(ordered) else pto
        covering = [b for b in benefits if b.start <= start and (b.end is None or b.end >= start)]
        if covering:
            b = max(covering, key=lambda x: x.start)
            marker = "UWV" if b.regime in UWV_REGIMES else b.executor
            out.append(((end - start).days + 1, marker, b.regime))
        else:
            out.append(((end - start).days + 1, "NUG", "NUG"))
    return out


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        i = parent[i]
    return i


class Expectation:
    """Collects the expected findings and the stored totals, case by case."""

    def __init__(self, budgets: tuple[BudgetDef, ...]) -> None:
        self.budgets = {b.code: b for b in budgets}
        self.attributed: dict[str, int] = {b.code: 0 for b in budgets}
        self.findings: list[Finding] = []
        self.counts: Counter[str] = Counter()

    def add(self, case: Case) -> None:
        deps = {d.key: d for d in case.deployments if deployment_stored(d)}
        self.counts["deployments"] += len(deps)
        benefits: dict[str, list[Benefit]] = {}
        for b in case.benefits:
            benefits.setdefault(b.bsn, []).append(b)
        self._d1(list(deps.values()))
        for first, second in case.identity_pairs:
            self.findings.append(Finding("D2", tuple(sorted((first, second)))))
        invoices: dict[tuple[str, str], list[Spend]] = {}
        for dep in case.deployments:
            for spend in dep.spends:
                if not spend_stored(dep, spend):
                    continue
                self.counts["spend_lines"] += 1
                invoices.setdefault((spend.invoice, spend.bsn), []).append(spend)
                self._spend(spend, deps, benefits.get(spend.bsn, []))
        for lines in invoices.values():
            if len(lines) > 1:
                self._b2(lines)

    def _d1(self, deps: list[Deployment]) -> None:
        groups: dict[tuple[str, str], list[Deployment]] = {}
        for d in deps:
            groups.setdefault((d.person.bsn, d.instrument), []).append(d)
        for group in groups.values():
            if len(group) < 2:
                continue
            parent = list(range(len(group)))
            for i, a in enumerate(group):
                for j in range(i + 1, len(group)):
                    b = group[j]
                    same_provider = not a.provider or not b.provider or a.provider == b.provider
                    if abs((a.start - b.start).days) <= 14 and same_provider:
                        parent[_root(parent, j)] = _root(parent, i)
            clusters: dict[int, list[str]] = {}
            for i, d in enumerate(group):
                clusters.setdefault(_root(parent, i), []).append(d.key)
            for keys in clusters.values():
                if len(keys) > 1:
                    self.findings.append(Finding("D1", tuple(sorted(keys))))

    def _b2(self, lines: list[Spend]) -> None:
        providers = sorted({s.provider for s in lines if s.provider})
        without = [s for s in lines if not s.provider]
        groups = [[s for s in lines if s.provider == p] + without for p in providers]
        if not providers:
            groups = [without]
        for group in groups:
            if len(group) > 1:
                self.findings.append(Finding("B2", tuple(sorted(s.key for s in group))))

    def _spend(self, spend: Spend, deps: dict[str, Deployment], benefits: list[Benefit]) -> None:
        key = (spend.key,)
        total = sum(h for _, h in spend.attributions)
        if total != 10000:
            self.findings.append(Finding("B1", key))
        for (code, _), part in zip(
            spend.attributions, split_cents(spend.cents, spend.attributions), strict=True
        ):
            self.attributed[code] += part
        dep = deps.get(f"{spend.partner}/{spend.reference}")
        if dep is None or dep.person.bsn != spend.bsn:
            self.findings.append(Finding("B7", key))
        intervals = _intervals(benefits, spend.pfrom, spend.pto)
        days = sum(n for n, _, _ in intervals)
        markers = {m for _, m, _ in intervals}
        regimes = {r for _, _, r in intervals}
        charged: dict[str, int] = {}
        nug_ok: set[str] = set()
        b4 = b5 = False
        for code, h in spend.attributions:
            budget = self.budgets[code]
            charged[budget.owner] = charged.get(budget.owner, 0) + h
            if "NUG" in budget.regimes and budget.owner not in ("UWV", "CWI", "WERKBEDRIJF"):
                nug_ok.add(budget.owner)
            if not regimes & set(budget.regimes):
                b4 = True
            if budget.instruments and dep is not None and dep.instrument not in budget.instruments:
                b4 = True
            if spend.pay.year != int(code[-4:]):
                b5 = True
        b3 = False
        for owner, h in charged.items():
            resp = sum(n for n, m, _ in intervals if m == owner or (m == "NUG" and owner in nug_ok))
            if resp == 0 or (len(markers) > 1 and abs(h / 100 - resp * 100 / days) > 1):
                b3 = True
        if b3:
            self.findings.append(Finding("B3", key))
        if b4:
            self.findings.append(Finding("B4", key))
        if b5:
            self.findings.append(Finding("B5", key))

    def finish(self, amounts: dict[str, int]) -> None:
        """Budget overruns (B6), once the budget amounts (in cents) are known."""
        for code, cents in amounts.items():
            if self.attributed[code] > cents:
                self.findings.append(Finding("B6", (code,)))

    def by_rule(self) -> dict[str, int]:
        counts = Counter(f.rule for f in self.findings)
        return {rule: counts.get(rule, 0) for rule in RULES}
