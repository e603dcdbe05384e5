"""Hostile and broken input (issue 11): a reference-data database, and the check that every
outcome is clean: a quarantined record with a Dutch reason, or a refused file with a Dutch
reason; never an exception, never a Python exception name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ketenkoppeling.importing import FileResult, import_file
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
# what must never reach a user: an exception's name, a traceback, a library's English detail
_PYTHON = re.compile(
    r"Traceback|\b\w*(Error|Exception|Warning)\b|\bException\b|zipfile|openpyxl|lxml|"
    r"codec can't|invalid start byte|field larger than|character maps to|line \d+, column",
)


@pytest.fixture
def ref_db(db: Database) -> Database:
    """A SQLite database with the sample region's reference data."""
    load_reference_workbook(db, SAMPLES / "referentie.xlsx")
    return db


def assert_clean(text: str | None) -> None:
    """Dutch text without an exception name or a library's English message."""
    assert text, "geen reden gegeven"
    found = _PYTHON.search(text)
    assert found is None, f"Python/bibliotheek-tekst in de melding: {found.group()!r} in {text!r}"


def run(db: Database, path: Path) -> FileResult:
    """Import ``path``; whatever happens must be a clean result (never an exception)."""
    result = import_file(db, path)
    assert result.status in ("imported", "rejected"), result
    if result.status == "rejected":
        assert_clean(result.message)
    for error in result.errors:
        assert_clean(error["message"])
    return result


def expect(db: Database, path: Path, outcome: str, reason: str) -> FileResult:
    """``outcome`` "rejected": the file is refused with ``reason`` in its message;
    "quarantined": the bad record is quarantined with ``reason`` and the good one stored;
    "stored": every record is stored (``reason`` is then ignored)."""
    result = run(db, path)
    if outcome == "rejected":
        assert result.status == "rejected", result
        assert reason in (result.message or ""), result.message
        assert result.batch is None
    elif outcome == "quarantined":
        assert result.status == "imported", result.message
        assert result.quarantined >= 1, result
        assert result.new >= 1, result  # the good record next to it is stored
        messages = [e["message"] for e in result.errors]
        assert any(reason in m for m in messages), messages
    else:
        assert outcome == "stored"
        assert result.status == "imported", result.message
        assert result.quarantined == 0, result.errors
        assert result.new >= 1, result
    return result
