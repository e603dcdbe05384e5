"""Reports that combine services: a ledger shows the open findings touching it as
reservations (accounting and checks stay independent of each other; this joins them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.access import require_partner
from ketenkoppeling.accounting.service import ledger_report
from ketenkoppeling.checks.review import findings_touching
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import FindingRow


def reservations_for(session: Session) -> Callable[[Any, set[str]], list[int]]:
    """The reservations of a ledger: open findings touching its spend lines or budgets."""

    def find(spend_keys: Any, budgets: set[str]) -> list[int]:
        return list(findings_touching(session, spend_keys, budgets))

    return find


def describe_findings(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Finding id → 'rule: explanation', for the reservations sheet of a workbook."""
    if not ids:
        return {}
    rows = session.execute(
        select(FindingRow.id, FindingRow.rule, FindingRow.message).where(
            FindingRow.id.in_(list(ids))
        )
    )
    return {row.id: f"{row.rule}: {row.message}" for row in rows}


def ledger_with_reservations(
    db: Database,
    partner: str,
    date_from: date,
    date_to: date,
    *,
    xlsx: Path | str | None = None,
    mask_bsn: bool = True,
) -> tuple[dict[str, Any], str]:
    """The ledger of spec/accounting.md with its reservations, as JSON data and Dutch text.
    A controller gets their own partner's only (:func:`access.require_partner`)."""
    require_partner(db, partner)
    return ledger_report(
        db,
        partner,
        date_from,
        date_to,
        xlsx=xlsx,
        reservations=reservations_for,
        describe_findings=describe_findings,
        mask_bsn=mask_bsn,
    )
