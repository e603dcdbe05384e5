"""Building small stores for tests without going through an import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ketenkoppeling.model import (
    Attribution,
    BenefitPeriod,
    Client,
    Deployment,
    Outflow,
    SpendLine,
)
from ketenkoppeling.store.tables import BudgetRow, PartnerRow, RegimeRow
from ketenkoppeling.store.upsert import Outcome, RecordWriter

D = date.fromisoformat


def add_region(session: Session) -> None:
    """The example region's partners, regimes and 2008 budgets (reference-data.md)."""
    for code, name, kind in [
        ("UWV", "UWV", "uwv"),
        ("CWI", "CWI", "cwi"),
        ("WERKBEDRIJF", "WERKbedrijf", "werkbedrijf"),
        ("GEM-0392", "Gemeente Haarlem", "gemeente"),
        ("GEM-0473", "Gemeente Zandvoort", "gemeente"),
        ("IASZ", "Intergemeentelijke Afdeling Sociale Zaken", "intergemeentelijk"),
    ]:
        session.add(PartnerRow(code=code, name=name, kind=kind))
    for code, executor in [
        ("WW", "UWV"), ("WIA", "UWV"), ("WAO", "UWV"), ("WAJONG", "UWV"),
        ("WWB", "GEMEENTE"), ("IOAW", "GEMEENTE"), ("IOAZ", "GEMEENTE"),
        ("ANW", None), ("NUG", None),
    ]:  # fmt: skip
        session.add(RegimeRow(code=code, description=code, executor_kind=executor))
    add_budget(session, "UWV-RIB-WW-2008", "UWV", "WW", "WF,IRO,SCH,JC,LKS,PP,BB,SOL,ZORG")
    add_budget(session, "UWV-RIB-AG-2008", "UWV", "WIA,WAO,WAJONG")
    add_budget(session, "GEM-0392-WD-2008", "GEM-0392", "WWB,IOAW,IOAZ,NUG")
    add_budget(session, "GEM-0473-WD-2008", "GEM-0473", "WWB,IOAW,IOAZ,NUG")
    add_budget(session, "IASZ-WD-2008", "IASZ", "WWB,IOAW,IOAZ,NUG")
    session.flush()


def add_budget(
    session: Session,
    code: str,
    owner: str,
    regimes: str,
    instruments: str = "",
    *,
    amount: str = "100000.00",
    year: int = 2008,
) -> None:
    session.add(
        BudgetRow(
            code=code,
            label=code,
            owner=owner,
            year=year,
            amount_cents=int(Decimal(amount) * 100),
            regimes=regimes,
            instruments=instruments,
        )
    )


def client(bsn: str, **kw: Any) -> Client:
    return Client(bsn=bsn, **kw)


def deployment(
    partner: str, reference: str, bsn: str, instrument: str, start: str, **kw: Any
) -> Deployment:
    end = kw.pop("end", None)
    return Deployment(partner, reference, bsn, instrument, D(start), D(end) if end else None, **kw)


def spend(
    partner: str,
    invoice: str,
    reference: str,
    bsn: str,
    amount: str,
    *attributions: tuple[str, str],
    pay: str = "2008-07-15",
    period: tuple[str, str] = ("2008-06-01", "2008-06-30"),
    payer: str | None = None,
    provider: str | None = None,
) -> SpendLine:
    return SpendLine(
        partner=partner,
        invoice_number=invoice,
        reference=reference,
        bsn=bsn,
        payer=payer or partner,
        pay_date=D(pay),
        period_from=D(period[0]),
        period_to=D(period[1]),
        amount=Decimal(amount),
        attributions=tuple(Attribution(b, Decimal(p)) for b, p in attributions),
        provider=provider,
    )


def benefit(
    bsn: str, regime: str, executor: str, start: str, end: str | None = None
) -> BenefitPeriod:
    return BenefitPeriod(bsn, regime, executor, D(start), D(end) if end else None)


def outflow(bsn: str, when: str, reason: str = "WERK", partner: str = "UWV") -> Outflow:
    return Outflow(bsn, D(when), reason, partner)


def store(session: Session, *records: Any) -> list[Outcome]:
    """Store model records as an import would (without provenance)."""
    return RecordWriter(session).write([(r, None) for r in records])
