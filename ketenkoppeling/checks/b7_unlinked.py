"""B7 — unlinked spend (error): a spend line whose deployment reference matches no stored
deployment of its registering partner (key ``<partner>/<reference>``), or whose BSN differs
from that deployment's BSN. An anti-join in SQL.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    Candidate,
    CheckSettings,
    content_hash,
    deployment_key,
    fmt_cents,
    spend_candidate,
    spend_key,
    stream,
)
from ketenkoppeling.store.tables import DeploymentRow, SpendLineRow

RULE = "B7"


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    s, d = SpendLineRow, DeploymentRow
    stmt = (
        select(
            s.partner,
            s.invoice_number,
            s.reference,
            s.bsn,
            s.amount_cents,
            s.content_hash,
            d.id,
            d.bsn,
            d.content_hash,
        )
        .select_from(s)
        .outerjoin(d, and_(d.partner == s.partner, d.reference == s.reference))
        .where(or_(d.id.is_(None), d.bsn != s.bsn))
        .order_by(s.id)
    )
    for row in stream(session, stmt):
        partner, invoice, reference, bsn, amount, line_hash, dep_id, dep_bsn, dep_hash = row
        key = spend_key(partner, invoice, reference)
        dep = deployment_key(partner, reference)
        if dep_id is None:
            message = (
                f"Besteding {key} ({fmt_cents(amount)}) verwijst naar inzet {dep}, maar {partner} "
                "heeft geen inzet met die referentie geregistreerd."
            )
            suggestion = (
                f"Registreer de inzet {dep} bij {partner}, of corrigeer de referentie op de "
                "besteding als die verkeerd is overgenomen."
            )
            reason = "geen inzet"
        else:
            message = (
                f"Besteding {key} ({fmt_cents(amount)}) is voor BSN {bsn}, maar de inzet {dep} "
                f"waar zij naar verwijst is voor BSN {dep_bsn}."
            )
            suggestion = (
                "Controleer welk BSN juist is en corrigeer de besteding of de inzet; verwijst de "
                "besteding naar de verkeerde inzet, corrigeer dan de referentie."
            )
            reason = "ander BSN"
        yield spend_candidate(
            RULE,
            "error",
            key,
            message=message,
            suggestion=suggestion,
            details={"deployment": dep, "reason": reason},
            content_hash=content_hash([line_hash, dep_hash or ""]),
        )
