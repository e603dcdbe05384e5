"""Reference data as the rules need it: partners with their kind, regimes with their executor
kind, budgets with their eligible regimes and instruments. Small tables, loaded once per rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ketenkoppeling.store.tables import (
    BudgetRow,
    InstrumentRow,
    PartnerRow,
    ProviderRow,
    RegimeRow,
)

GEMEENTE_KINDS = frozenset({"gemeente", "intergemeentelijk"})
NO_EXECUTOR = frozenset({"", "-"})


def code_set(text: str | None) -> frozenset[str]:
    """A comma-separated code list as a set of upper-case codes (empty text: empty set)."""
    return frozenset(c.strip().upper() for c in (text or "").split(",") if c.strip())


def code_list(text: str | None) -> tuple[str, ...]:
    """A comma-separated code list in its given order, upper case, for messages."""
    return tuple(c.strip().upper() for c in (text or "").split(",") if c.strip())


@dataclass(frozen=True)
class PartnerInfo:
    code: str
    name: str
    kind: str  # uwv | cwi | werkbedrijf | gemeente | intergemeentelijk (lower case)
    valid_from: date | None
    valid_to: date | None

    @property
    def is_gemeente(self) -> bool:
        return self.kind in GEMEENTE_KINDS


@dataclass(frozen=True)
class BudgetInfo:
    code: str
    label: str
    owner: str
    year: int
    amount_cents: int
    regimes: frozenset[str]
    regime_list: tuple[str, ...]
    instruments: frozenset[str]  # empty: all instruments
    instrument_list: tuple[str, ...]

    def allows_instrument(self, instrument: str) -> bool:
        return not self.instruments or instrument.strip().upper() in self.instruments

    def covers_any(self, regimes: frozenset[str] | set[str]) -> bool:
        return not self.regimes.isdisjoint(regimes)

    @property
    def hash_parts(self) -> tuple[object, ...]:
        """What of a budget counts as its content for a finding (reopen when it changes)."""
        return (
            "budget",
            self.code,
            self.owner,
            self.year,
            self.amount_cents,
            self.regime_list,
            self.instrument_list,
        )


@dataclass(frozen=True)
class Reference:
    partners: dict[str, PartnerInfo]
    regime_executors: dict[str, str | None]  # regime code → UWV | GEMEENTE | None ('-')
    budgets: dict[str, BudgetInfo]
    instruments: dict[str, str]
    providers: dict[str, str]

    def partner(self, code: str) -> PartnerInfo | None:
        return self.partners.get(code)

    def kind(self, code: str | None) -> str | None:
        info = self.partners.get(code) if code else None
        return info.kind if info else None

    def is_gemeente(self, code: str | None) -> bool:
        return self.kind(code) in GEMEENTE_KINDS

    def partners_of_kind(self, kind: str) -> list[PartnerInfo]:
        return sorted((p for p in self.partners.values() if p.kind == kind), key=lambda p: p.code)

    def instrument_label(self, code: str | None) -> str:
        """``Scholing (SCH)``; the bare code when it has no description."""
        if not code:
            return "onbekend instrument"
        description = self.instruments.get(code.strip().upper())
        return f"{description} ({code})" if description and description != code else code

    def provider_label(self, code: str | None) -> str:
        if not code:
            return "geen aanbieder vermeld"
        name = self.providers.get(code)
        return f"aanbieder {name} ({code})" if name and name != code else f"aanbieder {code}"


def load_reference(session: Session) -> Reference:
    partners = {
        code: PartnerInfo(code, name, (kind or "").strip().lower(), valid_from, valid_to)
        for code, name, kind, valid_from, valid_to in session.execute(
            select(
                PartnerRow.code,
                PartnerRow.name,
                PartnerRow.kind,
                PartnerRow.valid_from,
                PartnerRow.valid_to,
            )
        )
    }
    regimes: dict[str, str | None] = {}
    for code, executor in session.execute(select(RegimeRow.code, RegimeRow.executor_kind)):
        value = (executor or "").strip().upper()
        regimes[code.strip().upper()] = None if value in NO_EXECUTOR else value
    budgets = {
        row.code: BudgetInfo(
            code=row.code,
            label=row.label,
            owner=row.owner,
            year=row.year,
            amount_cents=row.amount_cents,
            regimes=code_set(row.regimes),
            regime_list=code_list(row.regimes),
            instruments=code_set(row.instruments),
            instrument_list=code_list(row.instruments),
        )
        for row in session.scalars(select(BudgetRow))
    }
    instruments = {
        code.strip().upper(): description
        for code, description in session.execute(
            select(InstrumentRow.code, InstrumentRow.description)
        )
    }
    providers = dict(session.execute(select(ProviderRow.code, ProviderRow.name)).all())
    return Reference(partners, regimes, budgets, instruments, providers)
