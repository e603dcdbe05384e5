"""The accounting services the CLI and the GUI call: each opens one session on the database,
builds the figures, optionally writes the Excel workbook, and returns the JSON shape of
spec/cli.md together with readable Dutch text.

The accounting package does not import the checks package (they are independent layers):
whoever calls :func:`ledger_report` passes ``reservations``, a factory that gets the session
and returns the callback giving the open findings touching a ledger's lines and budgets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ketenkoppeling.accounting.allocation import (
    Allocation,
    AllocationError,
    allocate_json,
    allocate_stored,
)
from ketenkoppeling.accounting.ledger import Ledger, Reservations, build_ledger, ledger_json
from ketenkoppeling.accounting.quarantine import QuarantinedSpend, quarantined_spend
from ketenkoppeling.accounting.reconcile import Reconciliation, reconcile, reconcile_json
from ketenkoppeling.accounting.rounding import bp_to_percentage
from ketenkoppeling.accounting.settle import Settlement, settle, settle_json
from ketenkoppeling.accounting.workbook import (
    QUARANTINE_TEXT,
    mask_numbers,
    nl_date,
    quarantine_summary,
    report_context,
)
from ketenkoppeling.accounting.workbook_allocation import write_allocation_workbook
from ketenkoppeling.accounting.workbook_ledger import partner_label, write_ledger_workbook
from ketenkoppeling.accounting.workbook_settlement import write_settlement_workbook
from ketenkoppeling.model.money import cents_to_decimal, format_euro
from ketenkoppeling.store import Database

ReservationsFactory = Callable[[Session], Reservations]
FindingDescriber = Callable[[Session, Sequence[int]], dict[int, str]]


def euro(cents: int) -> str:
    return format_euro(cents_to_decimal(cents))


def _period(date_from: date, date_to: date) -> str:
    return f"betaaldatum {nl_date(date_from)} t/m {nl_date(date_to)}"


def _table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Plain-text columns; the column indexes in ``right`` are right-aligned (amounts)."""
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [
            r[i].rjust(widths[i]) if i in right else r[i].ljust(widths[i]) for i in range(len(r))
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


# --- ledger ----------------------------------------------------------------------------------


def ledger_report(
    db: Database,
    partner: str,
    date_from: date,
    date_to: date,
    *,
    xlsx: Path | str | None = None,
    reservations: ReservationsFactory | None = None,
    describe_findings: FindingDescriber | None = None,
    mask_bsn: bool = True,
) -> tuple[dict[str, Any], str]:
    with db.session() as session:
        callback = reservations(session) if reservations is not None else None
        # the lines behind the figures only for the workbook (its sheet Regels)
        ledger = build_ledger(
            session, partner, date_from, date_to, callback, with_lines=xlsx is not None
        )
        data = ledger_json(ledger)
        if xlsx is not None:
            found = (
                describe_findings(session, ledger.reservations)
                if describe_findings is not None
                else {}
            )
            context = report_context(session, db.describe(), findings=found, mask_bsn=mask_bsn)
            write_ledger_workbook(ledger, xlsx, context)
            data["xlsx"] = str(xlsx)
    return data, ledger_text(ledger, xlsx)


def ledger_text(ledger: Ledger, xlsx: Path | str | None = None) -> str:
    lines = [
        f"Verantwoording {partner_label(ledger.partner, ledger.partner_name)}, "
        f"{_period(ledger.date_from, ledger.date_to)}",
        f"Totaal toegerekend: {euro(ledger.total_cents)}",
        "",
        "Budgetten:",
    ]
    rows = [["Budget", "Bedrag", "In periode", "In budgetjaar", "Resterend"]]
    rows += [
        [
            b.code,
            euro(b.amount_cents),
            euro(b.attributed_cents),
            euro(b.attributed_year_cents),
            euro(b.remaining_cents),
        ]
        for b in ledger.budgets
    ]
    lines += _table(rows, right=(1, 2, 3, 4)) if ledger.budgets else ["  (geen)"]
    for title, figures in (
        ("Per regeling", ledger.by_regime),
        ("Per instrument", ledger.by_instrument),
        ("Per aanbieder", ledger.by_provider),
        ("Per maand", ledger.by_month),
    ):
        lines += ["", f"{title}:"]
        lines += _table([[k, euro(v)] for k, v in figures.items()], right=(1,)) or ["  (geen)"]
    cost = ledger.cost_per_client_to_work_cents
    lines += [
        "",
        f"Klanten: {len(ledger.clients)}; uitgestroomd naar werk: {len(ledger.clients_to_work)}"
        + (f"; kosten per klant naar werk: {euro(cost)}" if cost is not None else ""),
        "Voorbehouden (open signaleringen): "
        + (", ".join(f"#{r}" for r in ledger.reservations) or "geen"),
    ]
    if not ledger.quarantined.empty:
        q = ledger.quarantined
        lines.append(
            f"Voorbehoud quarantaine: {euro(q.total_cents)} aan bestedingen van "
            f"{ledger.partner} staat nog in quarantaine"
            + (f", en {q.unreadable_count} record(s) zonder leesbaar bedrag of betaaldatum"
               if q.unreadable_count else "")
            + "; niet in deze verantwoording"
        )  # fmt: skip
    if xlsx is not None:
        lines.append(f"Werkmap geschreven: {xlsx}")
    return "\n".join(lines)


# --- reconciliation --------------------------------------------------------------------------


def reconcile_report(
    db: Database, date_from: date, date_to: date, *, mask_bsn: bool = True
) -> tuple[dict[str, Any], str]:
    """The reconciliation as JSON and text; the reasons of quarantined records have their
    BSN-like numbers masked unless ``mask_bsn`` is False."""
    with db.session() as session:
        rec = reconcile(session, date_from, date_to)
    if mask_bsn:
        rec.quarantined = masked_reasons(rec.quarantined)
    return reconcile_json(rec), reconcile_text(rec)


def masked_reasons(q: QuarantinedSpend) -> QuarantinedSpend:
    """A copy of ``q`` whose records' reasons have their BSN-like numbers masked."""
    lines = [
        dataclasses.replace(line, reasons=tuple(mask_numbers(r) for r in line.reasons))
        for line in q.lines
    ]
    return dataclasses.replace(q, lines=lines)


def reconcile_text(rec: Reconciliation) -> str:
    rows = [["Som van alle bestedingen", euro(rec.spend_total_cents)]]
    rows += [["Som van de verantwoordingen", euro(rec.ledgers_cents)]]
    rows += [[f"  {code}", euro(cents)] for code, cents in rec.partners.items()]
    rows += [
        ["− overtoerekening (B1)", euro(rec.over_attributed_cents)],
        ["+ niet toegerekend (B1)", euro(rec.unattributed_cents)],
        [
            "= verantwoordingen − over + niet toegerekend",
            euro(rec.ledgers_cents - rec.over_attributed_cents + rec.unattributed_cents),
        ],
    ]
    lines = [
        f"Aansluiting over alle partners, {_period(rec.date_from, rec.date_to)}",
        *_table(rows, right=(1,)),
        closing_text(rec),
    ]
    lines += quarantine_text(rec.quarantined)
    if rec.b1_lines:
        lines += ["", "Regels achter de correcties (percentages niet samen 100 %):"]
        lines += _table(
            [
                [
                    line.spend_key,
                    euro(line.amount_cents),
                    f"{bp_to_percentage(line.percentage_bp)} %".replace(".", ","),
                    f"over {euro(line.over_cents)}",
                    f"niet toegerekend {euro(line.unattributed_cents)}",
                ]
                for line in rec.b1_lines
            ],
            right=(1, 2),
        )
    return "\n".join(lines)


def closing_text(rec: Reconciliation) -> str:
    """Whether the accounts close (spec/accounting.md "Quarantined spend")."""
    if not rec.holds:
        return "Sluit aan: NEE"
    if rec.closes:
        return "Sluit aan: ja, tot op de cent"
    q = rec.quarantined
    parts = []
    if q.total_cents:
        parts.append(f"{euro(q.total_cents)} staat nog in quarantaine")
    if q.unreadable_count:
        parts.append(f"{q.unreadable_count} bestedingsrecord(s) in quarantaine zonder leesbaar "
                     "bedrag of betaaldatum")  # fmt: skip
    return "Sluit aan op de opgeslagen regels, tot op de cent; maar " + " en ".join(parts)


def quarantine_text(q: QuarantinedSpend) -> list[str]:
    """The quarantined spend per registering partner with the records behind it."""
    if q.empty:
        return []
    lines = ["", "Bestedingen in quarantaine (nog niet in de verantwoording):"]
    partners = sorted(set(q.amounts) | set(q.unreadable))
    lines += _table(
        [
            [code, euro(q.amounts.get(code, 0)), f"{q.unreadable.get(code, 0)} onleesbaar"]
            for code in partners
        ],
        right=(1, 2),
    )
    shown = q.lines[:20]
    lines += [
        f"  {line.file}, {line.location}: "
        f"{euro(line.amount_cents) if line.amount_cents is not None else 'bedrag onleesbaar'}"
        f" — {'; '.join(line.reasons)}"
        for line in shown
    ]
    if len(q.lines) > len(shown):
        lines.append(f"  … en nog {len(q.lines) - len(shown)} records")
    return lines


# --- settlement ------------------------------------------------------------------------------


def settle_report(
    db: Database,
    date_from: date,
    date_to: date,
    *,
    xlsx: Path | str | None = None,
    mask_bsn: bool = True,
) -> tuple[dict[str, Any], str]:
    with db.session() as session:
        settlement = settle(session, date_from, date_to)
        data = settle_json(settlement)
        if xlsx is not None:
            context = report_context(session, db.describe(), mask_bsn=mask_bsn)
            quarantined = quarantined_spend(session, date_from, date_to)
            note = quarantine_summary(quarantined) + ". " + QUARANTINE_TEXT
            context = dataclasses.replace(context, notes=(("Quarantaine", note),))
            write_settlement_workbook(settlement, xlsx, context)
            data["xlsx"] = str(xlsx)
    return data, settle_text(settlement, xlsx)


def settle_text(settlement: Settlement, xlsx: Path | str | None = None) -> str:
    lines = [
        "Verrekening tussen partners, " + _period(settlement.date_from, settlement.date_to),
        "(de budgeteigenaar is de betaler het toegerekende deel schuldig)",
    ]
    if settlement.pairs:
        rows = [["Debiteur", "Crediteur", "Bruto", "Netto", "Regels"]]
        rows += [
            [p.debtor, p.creditor, euro(p.gross_cents), euro(p.net_cents), str(len(p.lines))]
            for p in settlement.pairs
        ]
        lines += _table(rows, right=(2, 3, 4))
    else:
        lines.append("  Niets te verrekenen.")
    if xlsx is not None:
        lines.append(f"Werkmap geschreven: {xlsx}")
    return "\n".join(lines)


# --- allocation ------------------------------------------------------------------------------


def read_key_file(path: Path | str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise AllocationError(f"de verdeelsleutel {path} is niet te lezen: {exc}") from None


def allocate_report(
    db: Database, key: Path | str, *, xlsx: Path | str | None = None
) -> tuple[dict[str, Any], str]:
    """Allocate the key in the TOML file ``key`` (AllocationError when it is refused)."""
    text = read_key_file(key)
    with db.session() as session:
        allocation = allocate_stored(session, text)
        data = allocate_json(allocation)
        if xlsx is not None:
            context = report_context(session, db.describe())
            write_allocation_workbook(allocation, xlsx, context)
            data["xlsx"] = str(xlsx)
    return data, allocate_text(allocation, xlsx)


def allocate_text(allocation: Allocation, xlsx: Path | str | None = None) -> str:
    unit = "cent" if allocation.key.unit == "cent" else "hele euro"
    lines = [f"Verdeelsleutel {allocation.key.name} (afgerond op {unit})"]
    for year in allocation.years:
        lines += ["", f"{year.year}: totaal {format_euro(year.total)}"]
        rows = [
            [
                share.partner,
                f"regel {share.rule_index} ({share.rule_label})",
                f"{share.percentage} %" if share.percentage is not None else "",
                f"bestand {share.count}" if share.count is not None else "",
                format_euro(share.amount),
            ]
            for share in year.shares
        ]
        lines += _table(rows, right=(4,))
    if xlsx is not None:
        lines += ["", f"Werkmap geschreven: {xlsx}"]
    return "\n".join(lines)
