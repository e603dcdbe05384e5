"""Streaming every spend line with what B3 and B4 need: its attributions, the instrument of
its deployment and the client's benefit periods, cut into stretches of responsibility.

One pass over ``spend_line`` in id order (joined with its deployment and attributions); the
benefit periods of a chunk of lines are fetched in one query for all BSNs of the chunk and
grouped in memory, never one query per line. The runner feeds B3 and B4 from the same pass
(``line_pass``); each rule's own ``find`` makes a pass of its own.

Most lines are plainly fine (one attribution, one benefit period covering the service period
of the side that owns the budget): ``line_pass`` has the database leave those out
(``plainly_fine_in_sql``), so that only the rest, a few percent, come to Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from ketenkoppeling.checks.base import Candidate, spend_key, stream
from ketenkoppeling.checks.reference import BudgetInfo, Reference, load_reference
from ketenkoppeling.checks.responsible import Stretch, side_of, stretches
from ketenkoppeling.model.records import BenefitPeriod
from ketenkoppeling.model.responsibility import NO_BENEFIT
from ketenkoppeling.store.tables import (
    AttributionRow,
    BenefitPeriodRow,
    DeploymentRow,
    SpendLineRow,
)

CHUNK_LINES = 5_000
HEARTBEAT = 20_000
REMEMBER_CLIENTS = 50_000  # the gemeente registering for a client: kept for so many


class LineFacts:
    """A spend line as B3 and B4 see it (a slotted class: millions are made in a run)."""

    __slots__ = (
        "_stretches",
        "amount_cents",
        "attributions",
        "bsn",
        "content_hash",
        "deployment_hash",
        "id",
        "instrument",
        "invoice_number",
        "partner",
        "pay_date",
        "payer",
        "period_from",
        "period_hashes",
        "period_to",
        "periods",
        "position",
        "reference",
    )
    id: int
    partner: str
    invoice_number: str
    reference: str
    bsn: str
    payer: str
    pay_date: date
    period_from: date
    period_to: date
    amount_cents: int
    content_hash: str
    instrument: str | None  # of the deployment <partner>/<reference>, None when not stored
    deployment_hash: str | None
    attributions: list[tuple[str, int]]  # (budget, percentage in hundredths)
    periods: list[BenefitPeriod]  # the client's benefit periods
    period_hashes: dict[BenefitPeriod, str]  # content hash by period
    _stretches: list[Stretch] | None
    position: int  # its place among all spend lines in id order (1-based; 0: not known)

    def __init__(self, row: Sequence[Any]) -> None:
        (
            self.id,
            self.partner,
            self.invoice_number,
            self.reference,
            self.bsn,
            self.payer,
            self.pay_date,
            self.period_from,
            self.period_to,
            self.amount_cents,
            self.content_hash,
            self.instrument,
            self.deployment_hash,
        ) = row[:13]
        self.attributions = []
        self.periods = []
        self.period_hashes = {}
        self._stretches = None
        self.position = 0

    @property
    def key(self) -> str:
        return spend_key(self.partner, self.invoice_number, self.reference)

    def stretches(self, ref: Reference) -> list[Stretch]:
        """The service period cut by responsibility (computed once per line)."""
        if self._stretches is None:
            self._stretches = stretches(self.periods, self.period_from, self.period_to, ref)
        return self._stretches

    def budgets(self, ref: Reference) -> list[tuple[BudgetInfo, int]]:
        """The attributions to known budgets (unknown ones are quarantined at import; a
        stray one is skipped here)."""
        return [(ref.budgets[b], bp) for b, bp in self.attributions if b in ref.budgets]

    def hash_parts(self, parts: Sequence[Stretch]) -> list[str]:
        """Content hashes of the benefit periods behind ``parts``."""
        return [self.period_hashes.get(p.period, "") for p in parts if p.period is not None]


class LineContext:
    """What the line rules share within one run: reference data and a lookup of the gemeente
    that registered deployments for a client (asked only while building a finding)."""

    def __init__(
        self, ref: Reference, registering: Callable[[str], Iterable[str]] | None = None
    ) -> None:
        self.ref = ref
        self._registering = registering
        self._gemeente: dict[str, str | None] = {}

    @classmethod
    def load(cls, session: Session) -> LineContext:
        def registering(bsn: str) -> Iterable[str]:
            return session.connection().scalars(
                select(DeploymentRow.partner).where(DeploymentRow.bsn == bsn).distinct()
            )

        return cls(load_reference(session), registering)

    def gemeente_registering(self, bsn: str) -> str | None:
        if bsn not in self._gemeente:
            if len(self._gemeente) >= REMEMBER_CLIENTS:  # a cache, not all clients
                self._gemeente.clear()
            partners = self._registering(bsn) if self._registering else ()
            self._gemeente[bsn] = min(
                (p for p in partners if self.ref.is_gemeente(p)), default=None
            )
        return self._gemeente[bsn]


LineCheck = Callable[[LineFacts, LineContext], Candidate | None]


def line_pass(
    session: Session,
    checks: Sequence[LineCheck],
    heartbeat: Callable[[int], None] | None = None,
) -> Iterator[Candidate]:
    """One pass over all spend lines, each line given to every check (except the lines
    that are plainly fine for B3 and B4 alike: most of them). ``heartbeat(lines_done)`` is
    called every ``HEARTBEAT`` lines (for progress and cancel)."""
    context = LineContext.load(session)
    ref = context.ref
    beat = HEARTBEAT  # the next count of lines to report
    for line in iter_lines(session, skip_fine=True):
        # the lines the database left out count too: ``position`` is among all lines
        while heartbeat is not None and line.position >= beat:
            heartbeat(beat)
            beat += HEARTBEAT
        if plainly_fine(line, ref):
            continue
        for check in checks:
            candidate = check(line, context)
            if candidate is not None:
                yield candidate
    if heartbeat is not None:
        total = session.connection().scalar(select(func.count()).select_from(SpendLineRow))
        while (total or 0) >= beat:
            heartbeat(beat)
            beat += HEARTBEAT


def plainly_fine(line: LineFacts, ref: Reference) -> bool:
    """A quick answer for the common line: one attribution, and one benefit period (or none)
    covering the whole service period. True only when neither B3 nor B4 can fire; False
    means "look closely" (the rules themselves decide)."""
    if len(line.attributions) != 1:
        return False
    budget = ref.budgets.get(line.attributions[0][0])
    if budget is None:
        return True  # unknown budget: both rules skip it
    if line.instrument is not None and not budget.allows_instrument(line.instrument):
        return False  # B4
    first, last = line.period_from, line.period_to
    covering: BenefitPeriod | None = None
    for period in line.periods:
        if period.start <= last and (period.end is None or period.end >= first):
            if covering is not None:
                return False  # two periods: a possible knip
            covering = period
    if covering is None:  # no benefit on any day: NUG
        return NO_BENEFIT in budget.regimes and ref.is_gemeente(budget.owner)
    if covering.start > first or (covering.end is not None and covering.end < last):
        return False  # partly without benefit
    regime = covering.regime.strip().upper()
    if regime not in budget.regimes:
        return False  # B4
    side = side_of(regime, covering.executor, ref)
    if side.kind == "uwv":
        return ref.kind(budget.owner) == "uwv"  # WERKBEDRIJF: looked at closely
    if side.kind == "gemeente":
        return budget.owner == side.partner
    return ref.is_gemeente(budget.owner)


def iter_lines(session: Session, *, skip_fine: bool = False) -> Iterator[LineFacts]:
    """Every spend line with attributions, deployment instrument and benefit periods
    (``skip_fine``: except those the database can tell are plainly fine, see
    ``plainly_fine_in_sql``)."""
    s, d, a = SpendLineRow, DeploymentRow, AttributionRow
    stmt = (
        select(
            s.id,
            s.partner,
            s.invoice_number,
            s.reference,
            s.bsn,
            s.payer,
            s.pay_date,
            s.period_from,
            s.period_to,
            s.amount_cents,
            s.content_hash,
            d.instrument,
            d.content_hash,
            a.budget,
            a.percentage_bp,
        )
        .select_from(s)
        .outerjoin(d, and_(d.partner == s.partner, d.reference == s.reference))
        .outerjoin(a, a.spend_line_id == s.id)
        # attribution ids follow their listed order (they are written in it); ordering by
        # id lets the database walk the index instead of sorting
        .order_by(s.id, a.id)
    )
    if skip_fine:
        numbered = select(s.id, func.row_number().over(order_by=s.id).label("position")).subquery()
        stmt = (
            stmt.add_columns(numbered.c.position)
            .join(numbered, numbered.c.id == s.id)
            .where(~plainly_fine_in_sql(session, load_reference(session)))
        )
    chunk: list[LineFacts] = []
    current: LineFacts | None = None
    for row in stream(session, stmt):
        if current is None or row[0] != current.id:
            if len(chunk) >= CHUNK_LINES:
                yield from _with_periods(session, chunk)
                chunk = []
            current = LineFacts(row)
            if skip_fine:
                current.position = row[15]
            chunk.append(current)
        if row[13] is not None:
            current.attributions.append((row[13], row[14]))
    if chunk:
        yield from _with_periods(session, chunk)


def plainly_fine_in_sql(session: Session, ref: Reference) -> ColumnElement[bool]:
    """A condition on ``spend_line`` (and the ``deployment`` of its key, outer-joined) that
    holds only for lines ``plainly_fine`` would pass: one attribution, to a budget that
    allows the deployment's instrument, and either one benefit period covering the whole
    service period with a regime and executor that fit the budget's owner, or no benefit
    period at all and a gemeente budget for NUG. Most lines are such lines; the database
    leaves them out, so only the rest come to Python.

    The fitting combinations are worked out here from the reference data and the distinct
    values stored (a few dozen), with the very functions ``plainly_fine`` uses; the condition
    only compares stored values with them. Where it is unsure (an unknown budget, an
    executor missing) it says "not fine" and ``plainly_fine`` decides."""
    s, d, b = SpendLineRow, DeploymentRow, BenefitPeriodRow
    a, other = aliased(AttributionRow), aliased(AttributionRow)
    conn = session.connection()
    instruments = [i for (i,) in conn.execute(select(d.instrument).distinct()) if i is not None]
    combinations = list(conn.execute(select(b.regime, b.executor).distinct()))
    budgets = list(ref.budgets.values())
    all_instruments = [x.code for x in budgets if not x.instruments]
    allowed = [
        (x.code, i) for x in budgets if x.instruments for i in instruments if x.allows_instrument(i)
    ]
    fitting = [
        (x.code, regime, executor)
        for x in budgets
        for regime, executor in combinations
        if regime is not None and executor is not None and _covering_fits(x, regime, executor, ref)
    ]
    nug = [x.code for x in budgets if NO_BENEFIT in x.regimes and ref.is_gemeente(x.owner)]

    def overlapping(p: Any) -> ColumnElement[bool]:
        return and_(
            p.bsn == s.bsn,
            p.start <= s.period_to,
            or_(p.end.is_(None), p.end >= s.period_from),
        )

    p, q = aliased(BenefitPeriodRow), aliased(BenefitPeriodRow)
    one_covering = and_(
        select(func.count())
        .select_from(p)
        .where(overlapping(p))
        .correlate_except(p)
        .scalar_subquery()
        == 1,
        exists()
        .where(
            overlapping(q),
            q.start <= s.period_from,
            or_(q.end.is_(None), q.end >= s.period_to),
            tuple_(a.budget, q.regime, q.executor).in_(fitting),
        )
        .correlate_except(q),
    )
    no_benefit = and_(a.budget.in_(nug), ~exists().where(overlapping(p)).correlate_except(p))
    return (
        exists()
        .where(
            a.spend_line_id == s.id,
            ~exists().where(other.spend_line_id == s.id, other.id != a.id).correlate_except(other),
            or_(
                d.instrument.is_(None),
                a.budget.in_(all_instruments),
                tuple_(a.budget, d.instrument).in_(allowed),
            ),
            or_(one_covering, no_benefit),
        )
        .correlate_except(a)
    )


def _covering_fits(budget: BudgetInfo, regime: str, executor: str, ref: Reference) -> bool:
    """``plainly_fine`` for one covering benefit period of ``regime`` and ``executor`` and
    an attribution to ``budget`` (instrument aside)."""
    code = regime.strip().upper()
    if code not in budget.regimes:
        return False
    side = side_of(code, executor, ref)
    if side.kind == "uwv":
        return ref.kind(budget.owner) == "uwv"
    if side.kind == "gemeente":
        return budget.owner == side.partner
    return ref.is_gemeente(budget.owner)


def _with_periods(session: Session, chunk: list[LineFacts]) -> Iterator[LineFacts]:
    bsns = sorted({line.bsn for line in chunk})
    by_bsn: dict[str, list[BenefitPeriod]] = {}
    hashes: dict[BenefitPeriod, str] = {}
    b = BenefitPeriodRow
    stmt = (
        select(b.bsn, b.regime, b.executor, b.start, b.end, b.content_hash)
        .where(b.bsn.in_(bsns))
        .order_by(b.bsn, b.start, b.id)
    )
    for bsn, regime, executor, start, end, chash in session.connection().execute(stmt):
        period = BenefitPeriod(bsn, regime, executor, start, end)
        by_bsn.setdefault(bsn, []).append(period)
        hashes[period] = chash
    for line in chunk:
        line.periods = by_bsn.get(line.bsn, [])
        line.period_hashes = hashes
        yield line
