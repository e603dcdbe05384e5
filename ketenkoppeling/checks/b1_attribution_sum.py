"""B1 — attribution does not add up (error): the percentages of a spend line sum to other
than 100 (more: charged more than once; less: partly unattributed). A line without any
attribution sums to 0 %.

Set-based: the sums are a GROUP BY in SQL; only the offending lines come to Python.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    FULL_PERCENT_BP,
    Candidate,
    CheckSettings,
    bp_text,
    cents_text,
    chunked,
    content_hash,
    fmt_bp,
    fmt_cents,
    rows,
    spend_candidate,
    spend_key,
)
from ketenkoppeling.store.tables import AttributionRow, SpendLineRow

RULE = "B1"


class Line(NamedTuple):
    id: int
    partner: str
    invoice_number: str
    reference: str
    amount_cents: int
    content_hash: str
    total_bp: int
    total_cents: int

    @property
    def key(self) -> str:
        return spend_key(self.partner, self.invoice_number, self.reference)


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    s, a = SpendLineRow, AttributionRow
    total_bp = func.coalesce(func.sum(a.percentage_bp), 0)
    stmt = (
        select(
            s.id,
            s.partner,
            s.invoice_number,
            s.reference,
            s.amount_cents,
            s.content_hash,
            total_bp,
            func.coalesce(func.sum(a.part_cents), 0),
        )
        .select_from(s)
        .outerjoin(a, a.spend_line_id == s.id)
        .group_by(s.id, s.partner, s.invoice_number, s.reference, s.amount_cents, s.content_hash)
        .having(total_bp != FULL_PERCENT_BP)
        .order_by(s.id)
    )
    lines = [Line(*row) for row in rows(session, stmt)]
    for chunk in chunked(lines, 1000):
        parts = _attributions(session, [line.id for line in chunk])
        for line in chunk:
            yield _candidate(line, parts.get(line.id, []))


def _attributions(session: Session, ids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
    a = AttributionRow
    result: dict[int, list[tuple[str, int]]] = {}
    stmt = (
        select(a.spend_line_id, a.budget, a.percentage_bp)
        .where(a.spend_line_id.in_(ids))
        .order_by(a.spend_line_id, a.seq)
    )
    for line_id, budget, bp in rows(session, stmt):
        result.setdefault(line_id, []).append((budget, bp))
    return result


def _candidate(line: Line, attributions: list[tuple[str, int]]) -> Candidate:
    listed = ", ".join(f"{budget} {fmt_bp(bp)}" for budget, bp in attributions)
    if not attributions:
        message = (
            f"Besteding {line.key} ({fmt_cents(line.amount_cents)}) is aan geen enkel budget "
            "toegerekend: het hele bedrag is niet verantwoord."
        )
        suggestion = "Reken de besteding voor 100 % toe aan een of meer budgetten."
    elif line.total_bp > FULL_PERCENT_BP:
        over = line.total_cents - line.amount_cents
        message = (
            f"De toerekening van besteding {line.key} ({fmt_cents(line.amount_cents)}) telt op "
            f"tot {fmt_bp(line.total_bp)} in plaats van 100 % ({listed}): er is "
            f"{fmt_cents(over)} te veel toegerekend, de besteding is deels dubbel verantwoord."
        )
        suggestion = (
            "Pas de percentages aan zodat ze samen precies 100 % zijn "
            f"(nu {fmt_bp(line.total_bp)})."
        )
    else:
        under = line.amount_cents - line.total_cents
        message = (
            f"De toerekening van besteding {line.key} ({fmt_cents(line.amount_cents)}) telt op "
            f"tot {fmt_bp(line.total_bp)} in plaats van 100 % ({listed}): "
            f"{fmt_cents(under)} is aan geen budget toegerekend."
        )
        suggestion = (
            "Vul de toerekening aan tot precies 100 % "
            f"(er ontbreekt {fmt_bp(FULL_PERCENT_BP - line.total_bp)})."
        )
    return spend_candidate(
        RULE,
        "error",
        line.key,
        message=message,
        suggestion=suggestion,
        details={
            "total_percentage": bp_text(line.total_bp),
            "amount": cents_text(line.amount_cents),
            "attributed": cents_text(line.total_cents),
            "attributions": [
                {"budget": budget, "percentage": bp_text(bp)} for budget, bp in attributions
            ],
        },
        content_hash=content_hash([line.content_hash]),
    )
