"""Filling an empty database with the demo region, so that a first start shows a working
product: a synthetic region is written, its reference workbook loaded, its files imported and
the checks run."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from ketenkoppeling.checks.runner import run_checks
from ketenkoppeling.demo.generator import write_region
from ketenkoppeling.importing import import_files
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import ImportBatchRow, PartnerRow

Progress = Callable[[str], None]


def is_empty(db: Database) -> bool:
    """True when the database holds neither reference data nor any import."""
    with db.session() as session:
        partners = session.scalar(select(func.count()).select_from(PartnerRow)) or 0
        batches = session.scalar(select(func.count()).select_from(ImportBatchRow)) or 0
    return partners == 0 and batches == 0


def load_demo_region(
    db: Database, *, clients: int = 300, seed: int = 1, progress: Progress | None = None
) -> int:
    """Write, import and check a synthetic region; returns the number of files imported."""
    say = progress or (lambda _text: None)
    with tempfile.TemporaryDirectory(prefix="ketenkoppeling-demo-") as tmp:
        say("Demoregio aanmaken…")
        summary = write_region(Path(tmp), clients=clients, seed=seed)
        files = [Path(f) for f in summary.files]
        reference = next(f for f in files if f.name == "referentie.xlsx")
        say("Referentiegegevens laden…")
        load_reference_workbook(db, reference, user="demo")
        rest = [f for f in files if f != reference]
        say(f"{len(rest)} bestanden inlezen…")
        results = import_files(db, rest, user="demo")
    say("Controles uitvoeren…")
    run_checks(db, user="demo")
    return sum(1 for r in results if r.status == "imported")
