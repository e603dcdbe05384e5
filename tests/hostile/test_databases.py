"""The record-level cases on SQLite and on PostgreSQL: a NUL byte (which PostgreSQL refuses in
text), an undefined byte and an amount beyond BIGINT cents are quarantined, the rest stored,
and the quarantined raw values are kept readable."""

from __future__ import annotations

from pathlib import Path

from ketenkoppeling.importing import quarantined_records
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database
from tests.hostile.conftest import SAMPLES, expect
from tests.hostile.test_csv import FIELDS, GOOD, HEADER, line


def test_bad_values_are_quarantined_on_every_database(any_db: Database, tmp_path: Path) -> None:
    load_reference_workbook(any_db, SAMPLES / "referentie.xlsx")
    bad = [
        line(factuurnummer="F1", referentie="ZVT\x00NUL").encode(),
        line(factuurnummer="F2").encode().replace(b"ZVT", b"ZVT\x81"),
        line(factuurnummer="F3", bedrag="100000000000000000000").encode(),
        line(factuurnummer="F4", bedrag="9" * 29).encode(),
        line(factuurnummer="F5", bsn="98220\x1f2519").encode(),
    ]
    content = (HEADER + ";opmerking\n").encode() + line().encode() + b";a\x00b\n"
    content += b"".join(b + b";\n" for b in bad)
    path = tmp_path / "facturen-rib-0042.csv"
    path.write_bytes(content)
    result = expect(any_db, path, "quarantined", "ongeldig stuurteken (0x00) in kolom referentie")
    assert (result.read, result.new, result.quarantined) == (6, 1, 5)
    with any_db.session() as session:
        kept = quarantined_records(session, result.batch or 0)
    assert [r.seq for r in kept] == [2, 3, 4, 5, 6]
    first = kept[0].data or {}
    assert first["referentie"] == "ZVT\ufffdNUL"  # kept, with U+FFFD for the NUL
    assert kept[1].data and kept[1].data["referentie"].startswith("ZVT\ufffd")
    assert {f for f in FIELDS} <= set(first)
    assert GOOD["budget"] == first["budget"]
