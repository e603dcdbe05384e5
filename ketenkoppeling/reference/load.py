"""Loading reference data into the store, keeping history of what it replaces.

Loading a workbook compares each row with the stored one of the same code:

- a code not stored yet is **added**;
- a code stored with the same content is **unchanged** (nothing is written);
- a code stored with other content is **changed**: the stored version goes to ``history``
  (entity ``partner``/``regime``/``instrument``/``budget``/``provider``, key = the code,
  data = the replaced row) and the row is updated;
- a stored code the workbook no longer lists is **kept** and reported as *niet in werkmap*.
  Reference data is never deleted silently: imported records and reports still refer to such
  codes (a budget of last year, a partner that merged). Removing one is a deliberate act in
  the application, not a side effect of a shorter workbook.

The whole load is one transaction, and it is recorded in the audit log (``reference.load``).
A workbook with any problem is refused before the database is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.access import Role, require
from ketenkoppeling.model import (
    Budget,
    Instrument,
    Partner,
    PartnerKind,
    Provider,
    Regime,
    cents_to_decimal,
    decimal_to_cents,
)
from ketenkoppeling.reference.workbook import ReferenceData, read_reference_workbook
from ketenkoppeling.store import Database
from ketenkoppeling.store.database import current_user
from ketenkoppeling.store.locks import short_write
from ketenkoppeling.store.tables import (
    AuditLogRow,
    Base,
    BudgetRow,
    HistoryRow,
    InstrumentRow,
    PartnerRow,
    ProviderRow,
    RegimeRow,
)

AUDIT_ACTION = "reference.load"

# The five kinds, in the order of the CLI's JSON (spec/cli.md).
KINDS = ("partners", "budgets", "instruments", "regimes", "providers")

_DUTCH = {
    "partners": "partners",
    "budgets": "budgetten",
    "instruments": "instrumenten",
    "regimes": "regelingen",
    "providers": "aanbieders",
}


# --- records <-> rows -------------------------------------------------------------------------


def partner_values(partner: Partner) -> dict[str, Any]:
    return {
        "code": partner.code,
        "name": partner.name,
        "kind": partner.kind.value,
        "valid_from": partner.valid_from,
        "valid_to": partner.valid_to,
    }


def regime_values(regime: Regime) -> dict[str, Any]:
    return {
        "code": regime.code,
        "description": regime.description,
        "executor_kind": regime.executor_kind,
    }


def instrument_values(instrument: Instrument) -> dict[str, Any]:
    return {"code": instrument.code, "description": instrument.description}


def provider_values(provider: Provider) -> dict[str, Any]:
    return {"code": provider.code, "name": provider.name}


def budget_values(budget: Budget) -> dict[str, Any]:
    return {
        "code": budget.code,
        "label": budget.label,
        "owner": budget.owner,
        "year": budget.year,
        "amount_cents": decimal_to_cents(budget.amount),
        "regimes": ",".join(budget.regimes),
        "instruments": ",".join(budget.instruments),
    }


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(c for c in (text or "").split(",") if c)


def stored_reference(session: Session) -> ReferenceData:
    """The reference data in the store, each kind ordered by code."""
    return ReferenceData(
        partners=tuple(
            Partner(r.code, r.name, PartnerKind(r.kind), r.valid_from, r.valid_to)
            for r in session.scalars(select(PartnerRow).order_by(PartnerRow.code))
        ),
        regimes=tuple(
            Regime(r.code, r.description, r.executor_kind)
            for r in session.scalars(select(RegimeRow).order_by(RegimeRow.code))
        ),
        instruments=tuple(
            Instrument(r.code, r.description)
            for r in session.scalars(select(InstrumentRow).order_by(InstrumentRow.code))
        ),
        budgets=tuple(
            Budget(
                code=r.code,
                label=r.label,
                owner=r.owner,
                year=r.year,
                amount=cents_to_decimal(r.amount_cents),
                regimes=_codes(r.regimes),
                instruments=_codes(r.instruments),
            )
            for r in session.scalars(select(BudgetRow).order_by(BudgetRow.code))
        ),
        providers=tuple(
            Provider(r.code, r.name)
            for r in session.scalars(select(ProviderRow).order_by(ProviderRow.code))
        ),
    )


# --- the result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindChanges:
    """What a load did to one kind of reference data."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    added_codes: tuple[str, ...] = ()
    changed_codes: tuple[str, ...] = ()
    not_in_workbook: tuple[str, ...] = ()  # stored codes the workbook does not list: kept

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "added_codes": list(self.added_codes),
            "changed_codes": list(self.changed_codes),
            "not_in_workbook": list(self.not_in_workbook),
        }


@dataclass(frozen=True)
class ReferenceResult:
    """The outcome of loading a reference workbook.

    ``partners`` … ``providers`` count the rows in the workbook; ``changes`` tells per kind
    (keys of :data:`KINDS`) how many were added, changed and unchanged, and which stored codes
    the workbook no longer lists.
    """

    file: str
    partners: int
    budgets: int
    instruments: int
    regimes: int
    providers: int
    changes: dict[str, KindChanges] = field(default_factory=dict)

    def to_json(self) -> dict[str, int]:
        """The ``reference --json`` shape of spec/cli.md."""
        return {kind: getattr(self, kind) for kind in KINDS}

    def _total(self, what: str) -> int:
        return sum(getattr(self.changes.get(k, KindChanges()), what) for k in KINDS)

    @property
    def added(self) -> int:
        return self._total("added")

    @property
    def changed(self) -> int:
        return self._total("changed")

    @property
    def unchanged(self) -> int:
        return self._total("unchanged")

    @property
    def not_in_workbook(self) -> dict[str, tuple[str, ...]]:
        return {k: c.not_in_workbook for k, c in self.changes.items() if c.not_in_workbook}

    def describe(self) -> str:
        """Readable Dutch text for the command line and the application."""
        lines = [f"Referentiegegevens geladen uit {self.file}:"]
        for kind in KINDS:
            c = self.changes.get(kind, KindChanges())
            line = (
                f"  {_DUTCH[kind]:<13}{getattr(self, kind):>5}"
                f"  (nieuw {c.added}, gewijzigd {c.changed}, ongewijzigd {c.unchanged})"
            )
            if c.not_in_workbook:
                line += f"; niet in werkmap, bewaard: {', '.join(c.not_in_workbook)}"
            lines.append(line)
        return "\n".join(lines)


# --- storing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    entity: str  # history entity name
    table: type[Base]
    records: Callable[[ReferenceData], Sequence[Any]]
    values: Callable[[Any], dict[str, Any]]


_STORE: dict[str, _Kind] = {
    "partners": _Kind("partner", PartnerRow, lambda d: d.partners, partner_values),
    "budgets": _Kind("budget", BudgetRow, lambda d: d.budgets, budget_values),
    "instruments": _Kind("instrument", InstrumentRow, lambda d: d.instruments, instrument_values),
    "regimes": _Kind("regime", RegimeRow, lambda d: d.regimes, regime_values),
    "providers": _Kind("provider", ProviderRow, lambda d: d.providers, provider_values),
}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def store_reference(
    session: Session, data: ReferenceData, *, now: datetime | None = None
) -> dict[str, KindChanges]:
    """Write a complete set of reference data into ``session``: add new codes, update changed
    ones (their previous version goes to history), keep codes that ``data`` does not list."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    changes: dict[str, KindChanges] = {}
    for name in KINDS:
        kind = _STORE[name]
        table: Any = kind.table
        columns = [c.key for c in table.__table__.columns]
        stored = {row.code: row for row in session.scalars(select(table))}
        added: list[str] = []
        changed: list[str] = []
        unchanged = 0
        for record in kind.records(data):
            values = kind.values(record)
            row = stored.get(values["code"])
            if row is None:
                session.add(table(**values))
                added.append(values["code"])
                continue
            old = {c: getattr(row, c) for c in columns}
            if all(old[c] == v for c, v in values.items()):
                unchanged += 1
                continue
            session.add(
                HistoryRow(
                    entity=kind.entity,
                    key=row.code,
                    data={c: _plain(v) for c, v in old.items()},
                    replaced_at=now,
                )
            )
            for c, v in values.items():
                setattr(row, c, v)
            changed.append(values["code"])
        listed = {kind.values(r)["code"] for r in kind.records(data)}
        changes[name] = KindChanges(
            added=len(added),
            changed=len(changed),
            unchanged=unchanged,
            added_codes=tuple(added),
            changed_codes=tuple(changed),
            not_in_workbook=tuple(sorted(code for code in stored if code not in listed)),
        )
    session.flush()
    return changes


def load_reference_workbook(db: Database, path: Path, user: str | None = None) -> ReferenceResult:
    """Read, validate and store the reference workbook at ``path`` in one transaction.

    Raises :class:`~ketenkoppeling.reference.workbook.ReferenceError` (a ``ValueError``) listing
    every problem when the workbook is invalid; the database is then left untouched.
    """
    require(db, Role.BEHEERDER, what="referentiegegevens wijzigen")
    path = Path(path)
    data = read_reference_workbook(path)
    who = user or current_user()
    # in its turn (store/locks.py): waits for a running import on SQLite; run again on
    # PostgreSQL when a colleague stored the same new code at the same moment
    return short_write(
        db, lambda: _store_workbook(db, path, data, who), user=who,
        task=f"referentiegegevens uit {path.name} opslaan",
    )  # fmt: skip


def _store_workbook(db: Database, path: Path, data: ReferenceData, user: str) -> ReferenceResult:
    now = datetime.now(UTC).replace(tzinfo=None)
    with db.session() as session:
        changes = store_reference(session, data, now=now)
        result = ReferenceResult(
            file=path.name,
            partners=len(data.partners),
            budgets=len(data.budgets),
            instruments=len(data.instruments),
            regimes=len(data.regimes),
            providers=len(data.providers),
            changes=changes,
        )
        session.add(
            AuditLogRow(
                at=now,
                user=user or current_user(),
                action=AUDIT_ACTION,
                subject=path.name[:300],
                detail={
                    "counts": result.to_json(),
                    "changes": {k: c.to_json() for k, c in changes.items()},
                },
            )
        )
    return result
