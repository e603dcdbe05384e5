"""Plain typed records of the common model (spec/domain.md).

These are what a mapping produces and what the engine reasons about; the store maps them onto
tables. Keys follow the spec: a deployment is ``<partner>/<reference>``, a spend line
``<partner>/<invoice number>/<reference>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class PartnerKind(StrEnum):
    UWV = "uwv"
    CWI = "cwi"
    WERKBEDRIJF = "werkbedrijf"
    GEMEENTE = "gemeente"
    INTERGEMEENTELIJK = "intergemeentelijk"


@dataclass(frozen=True)
class Partner:
    code: str
    name: str
    kind: PartnerKind
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class Regime:
    code: str
    description: str
    executor_kind: str | None  # "UWV", "GEMEENTE" or None ("-")


@dataclass(frozen=True)
class Instrument:
    code: str
    description: str


@dataclass(frozen=True)
class Provider:
    code: str
    name: str


@dataclass(frozen=True)
class Budget:
    code: str
    label: str
    owner: str
    year: int
    amount: Decimal
    regimes: tuple[str, ...]
    instruments: tuple[str, ...] = ()  # empty: all instruments


@dataclass(frozen=True)
class Client:
    bsn: str
    birth_date: date | None = None
    surname: str | None = None
    initials: str | None = None
    postcode: str | None = None

    @property
    def key(self) -> str:
        return self.bsn


@dataclass(frozen=True)
class BenefitPeriod:
    bsn: str
    regime: str
    executor: str
    start: date
    end: date | None = None

    @property
    def key(self) -> str:
        return f"{self.bsn}/{self.regime}/{self.executor}/{self.start.isoformat()}"


@dataclass(frozen=True)
class Deployment:
    partner: str
    reference: str
    bsn: str
    instrument: str
    start: date
    end: date | None = None
    provider: str | None = None
    werkcoach: str | None = None

    @property
    def key(self) -> str:
        return f"{self.partner}/{self.reference}"


@dataclass(frozen=True)
class Attribution:
    budget: str
    percentage: Decimal


@dataclass(frozen=True)
class SpendLine:
    partner: str
    invoice_number: str
    reference: str
    bsn: str
    payer: str
    pay_date: date
    period_from: date
    period_to: date
    amount: Decimal
    attributions: tuple[Attribution, ...] = field(default_factory=tuple)
    provider: str | None = None

    @property
    def key(self) -> str:
        return f"{self.partner}/{self.invoice_number}/{self.reference}"


@dataclass(frozen=True)
class Outflow:
    bsn: str
    date: date
    reason: str  # WERK | ANDERS
    partner: str

    @property
    def key(self) -> str:
        return f"{self.partner}/{self.bsn}/{self.date.isoformat()}"


ModelRecord = Client | BenefitPeriod | Deployment | SpendLine | Outflow
"""Any record a mapping produces and the store keeps by key."""
