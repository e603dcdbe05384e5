"""B3 — budget of a partner not responsible then (error).

For each budget owner charged by a spend line, its charged percentage (summed over that
owner's budgets) is compared with its expected share: the percentage of the service period's
days on which it was responsible for the client (see ``responsible.py``). B3 fires when an
owner is charged but responsible on none of the days, or when the service period spans a
change of responsible partner (the knip) and a charged owner's percentage differs from its
expected share by more than 1 percentage point. The finding suggests the split by days.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    Candidate,
    CheckSettings,
    bp_text,
    content_hash,
    fmt_bp,
    fmt_cents,
    fmt_period,
    join_nl,
    spend_candidate,
)
from ketenkoppeling.checks.lines import LineContext, LineFacts, line_pass
from ketenkoppeling.checks.responsible import (
    OwnerShare,
    Stretch,
    is_knip,
    owner_shares,
    suggested_split,
)

RULE = "B3"


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    yield from line_pass(session, [check_line])


def responsible_gemeente(line: LineFacts, context: LineContext) -> str | None:
    """The gemeente to suggest for days without benefit: the last gemeente paying the client
    a benefit, else the registering or paying partner when a gemeente, else a gemeente that
    registered deployments for the client."""
    ref = context.ref
    for period in reversed(line.periods):
        if ref.is_gemeente(period.executor):
            return period.executor
    for partner in (line.partner, line.payer):
        if ref.is_gemeente(partner):
            return partner
    return context.gemeente_registering(line.bsn)


def check_line(line: LineFacts, context: LineContext) -> Candidate | None:
    ref = context.ref
    charged = line.budgets(ref)
    if not charged:
        return None
    parts = line.stretches(ref)
    if not parts:
        return None
    total = sum(p.days for p in parts)
    shares = owner_shares(charged, parts, ref)
    knip = is_knip(parts)
    wrong = [
        s
        for s in shares.values()
        if s.charged_bp > 0 and (s.responsible == 0 or (knip and s.deviates(total)))
    ]
    if not wrong:
        return None
    return _candidate(line, context, parts, shares, wrong, knip, total)


def _candidate(
    line: LineFacts,
    context: LineContext,
    parts: list[Stretch],
    shares: dict[str, OwnerShare],
    wrong: list[OwnerShare],
    knip: bool,
    total: int,
) -> Candidate:
    ref = context.ref
    needs_gemeente = any(p.side.kind == "nug" for p in parts)
    split = suggested_split(
        parts,
        shares,
        gemeente=responsible_gemeente(line, context) if needs_gemeente else None,
        instrument=line.instrument,
        year=line.pay_date.year,
        ref=ref,
    )
    charged_text = join_nl(
        [
            f"{s.owner} {fmt_bp(s.charged_bp)} ({', '.join(b.code for b in s.budgets)})"
            for s in shares.values()
        ]
    )
    message = (
        f"Besteding {line.key} ({fmt_cents(line.amount_cents)}, dienstperiode "
        f"{fmt_period(line.period_from, line.period_to)}) is toegerekend aan {charged_text}. "
        f"Verantwoordelijk voor de klant in die periode: "
        f"{'; '.join(p.describe(ref) for p in parts)}."
    )
    if knip:
        message += " De periode valt over een wisseling van verantwoordelijke partner (knip)."
    for share in wrong:
        if share.responsible == 0:
            message += (
                f" {share.owner} was op geen enkele dag van de dienstperiode verantwoordelijk."
            )
        else:
            message += (
                f" {share.owner} was op {share.responsible} van de {total} dagen "
                f"verantwoordelijk en hoort naar dagen {fmt_bp(share.expected_bp(total))} te "
                f"dragen, niet {fmt_bp(share.charged_bp)}."
            )
    suggestion = "Verdeel naar dagen: " + ", ".join(f"{p.label} {fmt_bp(p.bp)}" for p in split)
    return spend_candidate(
        RULE,
        "error",
        line.key,
        message=message,
        suggestion=suggestion,
        details={
            "service_period": [line.period_from.isoformat(), line.period_to.isoformat()],
            "days": total,
            "knip": knip,
            "responsible": [
                {
                    "from": p.first.isoformat(),
                    "to": p.last.isoformat(),
                    "regime": p.regime,
                    "partner": p.side.label(ref),
                }
                for p in parts
            ],
            "owners": [
                {
                    "owner": s.owner,
                    "charged": bp_text(s.charged_bp),
                    "expected": bp_text(s.expected_bp(total)),
                    "responsible_days": s.responsible,
                }
                for s in shares.values()
            ],
            "split": [
                {"budget": p.budget, "owner": p.owner, "percentage": bp_text(p.bp)} for p in split
            ],
        },
        content_hash=content_hash(
            [
                line.content_hash,
                *(b.hash_parts for s in shares.values() for b in s.budgets),
                *line.hash_parts(parts),
            ]
        ),
    )
