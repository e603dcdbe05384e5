"""Building blocks for the checks' tests: the example region with WERKBEDRIJF from 1 July
2008, and running one rule."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import Candidate, CheckSettings
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import InstrumentRow, PartnerRow, ProviderRow
from tests.factories import add_budget, add_region, store

Finder = Callable[[Session, CheckSettings], Iterator[Candidate]]

INSTRUMENTS = {
    "WF": "Work First",
    "IRO": "Individuele re-integratieovereenkomst",
    "SCH": "Scholing",
    "JC": "Jobcoaching",
    "PPL": "Participatieplaats",
    "BB": "Brugbaan",
}


def region(db: Database, *records: Any) -> None:
    """The example region (reference-data.md) plus ``records``, in one transaction."""
    with db.session() as s:
        add_region(s)
        s.execute(
            update(PartnerRow)
            .where(PartnerRow.code == "WERKBEDRIJF")
            .values(valid_from=date(2008, 7, 1))
        )
        s.execute(
            update(PartnerRow).where(PartnerRow.code == "CWI").values(valid_to=date(2008, 6, 30))
        )
        add_budget(s, "WB-RIB-WW-2008", "WERKBEDRIJF", "WW")
        add_budget(s, "UWV-RIB-WW-2009", "UWV", "WW", year=2009)
        for code, description in INSTRUMENTS.items():
            s.add(InstrumentRow(code=code, description=description))
        s.add(ProviderRow(code="RIB-0007", name="Stap Verder"))
        s.flush()
        store(s, *records)


def add(db: Database, *records: Any) -> None:
    """Store more records (a later import)."""
    with db.session() as s:
        store(s, *records)


def found(db: Database, finder: Finder, settings: CheckSettings | None = None) -> list[Candidate]:
    with db.session() as s:
        return list(finder(s, settings or CheckSettings()))


def records_of(candidates: list[Candidate]) -> list[list[str]]:
    return sorted(c.records for c in candidates)
