"""B2 — double declaration (error).

Two spend lines are the same invoice when they have the same invoice number and BSN, and the
same provider where both name one. One finding per invoice: the lines with that invoice
number, BSN and provider, plus those with that invoice number and BSN but no provider (such a
line belongs to each provider's finding); only groups of two or more lines are findings.

Blocking on (invoice number, BSN): only lines sharing both with another line are read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    Candidate,
    CheckSettings,
    cents_text,
    content_hash,
    fmt_cents,
    fmt_date,
    join_nl,
    provider_or_none,
    spend_key,
    spend_record,
    stream,
)
from ketenkoppeling.store.tables import AttributionRow, SpendLineRow

RULE = "B2"


@dataclass
class Line:
    id: int
    partner: str
    invoice_number: str
    reference: str
    bsn: str
    provider: str | None
    payer: str
    pay_date: date
    amount_cents: int
    content_hash: str
    budgets: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return spend_key(self.partner, self.invoice_number, self.reference)


def groups(lines: Sequence[Line]) -> Iterator[tuple[str | None, list[Line]]]:
    """The findings of one (invoice number, BSN) block: (provider, lines) per provider named
    in it (with the lines without provider), or (None, all lines) when none names one."""
    providers = sorted({line.provider for line in lines if line.provider is not None})
    if not providers:
        if len(lines) >= 2:
            yield None, list(lines)
        return
    for provider in providers:
        members = [line for line in lines if line.provider in (provider, None)]
        if len(members) >= 2:
            yield provider, members


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    s, a = SpendLineRow, AttributionRow
    blocks = (
        select(s.invoice_number, s.bsn)
        .group_by(s.invoice_number, s.bsn)
        .having(func.count() > 1)
        .subquery()
    )
    stmt = (
        select(
            s.id,
            s.partner,
            s.invoice_number,
            s.reference,
            s.bsn,
            s.provider,
            s.payer,
            s.pay_date,
            s.amount_cents,
            s.content_hash,
            a.budget,
        )
        .join(blocks, and_(s.invoice_number == blocks.c.invoice_number, s.bsn == blocks.c.bsn))
        .outerjoin(a, a.spend_line_id == s.id)
        .order_by(s.invoice_number, s.bsn, s.id, a.seq)
    )
    for _block, block_rows in groupby(stream(session, stmt), key=lambda r: (r[2], r[4])):
        lines: dict[int, Line] = {}
        for row in block_rows:
            line = lines.get(row[0])
            if line is None:
                line = lines[row[0]] = Line(*row[:10])
                line.provider = provider_or_none(line.provider)
            if row[10] is not None and row[10] not in line.budgets:
                line.budgets.append(row[10])
        for provider, members in groups(list(lines.values())):
            yield _candidate(provider, members)


def _candidate(provider: str | None, members: list[Line]) -> Candidate:
    members = sorted(members, key=lambda line: line.key)
    first = members[0]
    partners = sorted({line.partner for line in members})
    described = "; ".join(
        f"{line.key} (betaald door {line.payer} op {fmt_date(line.pay_date)}, "
        f"{fmt_cents(line.amount_cents)}, ten laste van "
        f"{join_nl(line.budgets) if line.budgets else 'geen budget'})"
        for line in members
    )
    who = f" van {provider}" if provider else ""
    message = (
        f"Factuur {first.invoice_number}{who} voor dezelfde klant is {len(members)} keer "
        f"geboekt: {described}."
    )
    if len(partners) > 1:
        message += (
            f" Verschillende partners ({join_nl(partners)}) hebben dezelfde factuur elk verwerkt."
        )
    else:
        message += f" {partners[0]} heeft de factuur onder verschillende inzetreferenties geboekt."
    total = sum(line.amount_cents for line in members)
    return Candidate(
        rule=RULE,
        severity="error",
        identity=f"{first.invoice_number}|{first.bsn}|{provider or ''}",
        records=[spend_record(line.key) for line in members],
        message=message,
        suggestion=(
            "Controleer of de factuur meer dan eens is betaald; trek de dubbele boeking in of "
            f"vorder de dubbele betaling terug (samen geboekt: {fmt_cents(total)}). Gaat het om "
            "verschillende prestaties, accepteer de signalering dan met een reden."
        ),
        details={
            "invoice_number": first.invoice_number,
            "provider": provider,
            "lines": [
                {
                    "key": line.key,
                    "payer": line.payer,
                    "amount": cents_text(line.amount_cents),
                    "budgets": line.budgets,
                }
                for line in members
            ],
        },
        content_hash=content_hash(line.content_hash for line in members),
    )
