from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database

SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def expected() -> dict:
    return json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def ref_db(db: Database) -> Database:
    """A database with the sample region's reference data."""
    load_reference_workbook(db, SAMPLES / "referentie.xlsx")
    return db
