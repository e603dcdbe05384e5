"""The counts invariant of an import (spec/cli.md): every record read is counted exactly once,
read == new + unchanged + replaced + quarantined; importing the same file again (--again)
stores nothing new: unchanged == read − quarantined.

The files are generated re-integratiebedrijf invoice CSVs (spec/exports.md, layout 3) of
random valid and invalid lines, exact duplicates, blank lines and a totals line, in UTF-8 or
Windows-1252."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenkoppeling.importing import FileResult, import_file
from ketenkoppeling.model.money import format_euro
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import open_database

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
FIELDS = [
    "factuurnummer",
    "factuurdatum",
    "bsn",
    "referentie",
    "periode_van",
    "periode_tot",
    "bedrag",
    "opdrachtgever",
    "budget",
]
# (bsn, referentie, opdrachtgever, budget) of the sample region
PEOPLE = [
    ("982202519", "ZVT-TRJ-2008-00002", "GEM-0473", "GEM-0473-WD-2008"),
    ("220994353", "HLM-TRJ-2008-00007", "GEM-0392", "GEM-0392-WD-2008"),
    ("958438687", "HLM-TRJ-2008-00029", "GEM-0392", "UWV-RIB-WW-2008"),
    ("074202649", "HLM-TRJ-2008-00031", "GEM-0392", "GEM-0392-WD-2008"),
]
# a change that makes a line fail: (field, value)
FAULTS = [
    ("bedrag", "12,345"),
    ("bedrag", "twaalf"),
    ("bedrag", "100000000000000000000"),
    ("bedrag", "NaN"),
    ("bsn", "123456789"),
    ("bsn", "12345"),
    ("factuurdatum", "31-02-2008"),
    ("factuurdatum", "2008/13/45"),
    ("periode_van", "gisteren"),
    ("opdrachtgever", "GEM-9999"),
    ("factuurdatum", "01-01-2008\x07"),
    ("bedrag", ""),
]


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """A migrated SQLite database with the sample reference data, copied for every example."""
    folder = Path(tempfile.mkdtemp(prefix="kk-props-"))
    path = folder / "template.sqlite"
    db = open_database(str(path))
    load_reference_workbook(db, SAMPLES / "referentie.xlsx")
    db.dispose()
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@st.composite
def invoice_lines(draw: st.DrawFn, corrections: bool = False) -> tuple[list[str], int]:
    """The data lines of a file and how many of them hold a record (blank and totals lines
    are not read as records). With ``corrections`` a line may repeat an earlier invoice
    number with another amount (a correction: replaced)."""
    count = draw(st.integers(1, 25))
    lines: list[str] = []
    records = 0
    for number in range(count):
        kinds = ["good", "good", "bad", "duplicate", "blank", "totals"]
        kinds += ["correction"] if corrections else []
        kind = draw(st.sampled_from(kinds)) if number else "good"  # no file without a record
        if kind == "blank":
            lines.append(draw(st.sampled_from(["", ";;;;;;;;", "  "])))
            continue
        if kind == "totals":
            lines.append(f"Totaal {draw(st.integers(0, 10**6))},00")  # one cell: no record
            continue
        if kind == "duplicate" and records:
            lines.append(draw(st.sampled_from([x for x in lines if x.startswith("F")])))
            records += 1
            continue
        bsn, reference, partner, budget = draw(st.sampled_from(PEOPLE))
        start = date(2008, 1, 1) + timedelta(days=draw(st.integers(0, 300)))
        end = start + timedelta(days=draw(st.integers(0, 60)))
        cents = draw(st.integers(1, 10**9))
        values = {
            "factuurnummer": f"F2008-{number:05d}",
            "factuurdatum": f"{end:%d-%m-%Y}",
            "bsn": bsn,
            "referentie": reference,
            "periode_van": f"{start:%d-%m-%Y}",
            "periode_tot": f"{end:%d-%m-%Y}",
            "bedrag": format_euro(Decimal(cents) / 100).removeprefix("€ ").replace(".", ""),
            "opdrachtgever": partner,
            "budget": budget,
        }
        if kind == "correction":
            values["factuurnummer"] = f"F2008-{draw(st.integers(0, number - 1)):05d}"
        if kind == "bad":
            field, value = draw(st.sampled_from(FAULTS))
            values[field] = value
        lines.append(";".join(values[f] for f in FIELDS))
        records += 1
    return lines, records


def counted(result: FileResult) -> int:
    return result.new + result.unchanged + result.replaced + result.quarantined


def _import_twice(
    template: Path, data: list[str], encoding: str, crlf: bool
) -> tuple[FileResult, FileResult]:
    """Import the file of ``data`` lines into a copy of ``template``, then again (--again)."""
    with tempfile.TemporaryDirectory(prefix="kk-counts-") as folder:
        db_path = Path(folder) / "db.sqlite"
        shutil.copy(template, db_path)
        source = Path(folder) / "facturen-rib-0007.csv"
        newline = "\r\n" if crlf else "\n"
        source.write_bytes(newline.join([";".join(FIELDS), *data, ""]).encode(encoding))
        db = open_database(str(db_path))
        try:
            return import_file(db, source), import_file(db, source, again=True)
        finally:
            db.dispose()


EXAMPLES = 200 if settings.default.max_examples > 1000 else 12
ENCODINGS = st.sampled_from(["utf-8", "cp1252", "utf-8-sig"])


@settings(max_examples=EXAMPLES)
@given(invoice_lines(), ENCODINGS, st.booleans())
def test_every_record_read_is_counted_once(
    template: Path, lines: tuple[list[str], int], encoding: str, crlf: bool
) -> None:
    data, records = lines
    first, again = _import_twice(template, data, encoding, crlf)
    assert first.status == "imported", first.message
    assert first.read == records
    assert first.read == counted(first), first.to_json()["records"]
    assert again.status == "imported", again.message
    assert again.read == first.read
    assert again.read == counted(again), again.to_json()["records"]
    assert again.quarantined == first.quarantined
    assert again.unchanged == again.read - again.quarantined
    assert again.new == again.replaced == 0


@settings(max_examples=EXAMPLES)
@given(invoice_lines(corrections=True), ENCODINGS, st.booleans())
def test_counts_add_up_with_corrections_in_the_file(
    template: Path, lines: tuple[list[str], int], encoding: str, crlf: bool
) -> None:
    """A correction later in the same file replaces the earlier line; read again, both lines
    differ from what is stored by then, so only the sum and "nothing new" hold."""
    data, records = lines
    first, again = _import_twice(template, data, encoding, crlf)
    assert first.status == "imported", first.message
    assert first.read == records == counted(first), first.to_json()["records"]
    assert again.read == records == counted(again), again.to_json()["records"]
    assert again.quarantined == first.quarantined
    assert again.new == 0
