"""The records of one case: a client with everything the partners registered about them.

A case is generated, checked against the rules (expect.py), handed to the writers and
dropped, so the generator never holds more than one case in memory. Dates are real dates;
a field that a planted problem spoils is given in ``raw`` (text written verbatim, or a date
written in the file's usual ways) instead of the true value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ketenkoppeling.demo.people import Person

# Channels: how a record reaches the product.
XML = "xml"  # a Ketenbericht batch of the registering partner
XLSX = "xlsx"  # the gemeente's Trajectenoverzicht (layout 1)
UWVX = "uwvx"  # UWV's Re-integratie export (layout 2)
CSV = "csv"  # a provider's invoice file (layout 3)

Raw = dict[str, "str | date | int | float"]


@dataclass(slots=True)
class Benefit:
    bsn: str
    regime: str
    executor: str
    start: date
    end: date | None


@dataclass(slots=True)
class Spend:
    partner: str  # registering and paying partner
    invoice: str
    reference: str
    bsn: str
    provider: str | None
    pay: date
    pfrom: date
    pto: date
    cents: int
    attributions: list[tuple[str, int]]  # (budget code, hundredths of a percent)
    channel: str
    quarantine: str | None = None  # the planted problem that makes the import quarantine it
    raw: Raw | None = None

    @property
    def key(self) -> str:
        return f"{self.partner}/{self.invoice}/{self.reference}"


@dataclass(slots=True)
class Deployment:
    partner: str
    reference: str
    person: Person
    instrument: str
    provider: str | None
    start: date
    end: date | None
    werkcoach: str | None
    regime: str  # the client's regime at the start (informative columns)
    channel: str
    spends: list[Spend] = field(default_factory=list)
    quarantine: str | None = None
    raw: Raw | None = None
    no_invoices: bool = False
    min_invoices: int = 0
    knip: date | None = None  # the knip date this deployment spans, if any
    single_budget: bool = False  # invoice periods must not span a change of responsibility
    resend: str | None = None  # 'correction' or 'unchanged': sent again in a later batch
    first_end: date | None = None  # the end date known when first sent (corrections)
    style: int = 0  # how the exports spell its instrument (mess)

    @property
    def key(self) -> str:
        return f"{self.partner}/{self.reference}"

    def rows(self, channel: str) -> list[Spend | None]:
        """The spreadsheet rows of this deployment: one per invoice, or one without."""
        own = [s for s in self.spends if s.channel == channel]
        return list(own) if own else [None]


@dataclass(slots=True)
class Outflow:
    bsn: str
    day: date
    reason: str
    partner: str


@dataclass(slots=True)
class Segment:
    """A stretch of the year in which one partner is responsible for the client."""

    start: date
    end: date
    owner: str  # 'UWV' or a gemeente code (for NUG: the home gemeente)
    regime: str  # 'NUG' when no benefit


@dataclass(slots=True)
class Finding:
    rule: str
    records: tuple[str, ...]


@dataclass(slots=True)
class Case:
    person: Person
    profile: str
    benefits: list[Benefit] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    deployments: list[Deployment] = field(default_factory=list)
    outflows: list[Outflow] = field(default_factory=list)
    knip: date | None = None
    planted: list[str] = field(default_factory=list)
    near_misses: int = 0
    identity_pairs: list[tuple[str, str]] = field(default_factory=list)
    extra_persons: list[Person] = field(default_factory=list)
