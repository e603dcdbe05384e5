"""Hostile and broken CSV files (the re-integratiebedrijf invoice layout): each case with its
outcome: the bad record quarantined with a Dutch reason, or the file refused with one."""

from __future__ import annotations

import codecs
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ketenkoppeling.mapping.detect import detect, file_problem
from ketenkoppeling.mapping.loader import load_mappings
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.delimited import iter_delimited_records, read_header
from ketenkoppeling.store import Database
from tests.hostile.conftest import assert_clean, expect

HEADER = (
    "factuurnummer;factuurdatum;bsn;referentie;periode_van;periode_tot;bedrag;opdrachtgever;budget"
)
FIELDS = HEADER.split(";")
GOOD = {
    "factuurnummer": "F2008-00004",
    "factuurdatum": "14-08-2008",
    "bsn": "982202519",
    "referentie": "ZVT-TRJ-2008-00002",
    "periode_van": "15-06-2008",
    "periode_tot": "12-07-2008",
    "bedrag": "1334,96",
    "opdrachtgever": "GEM-0473",
    "budget": "GEM-0473-WD-2008",
}


def line(**changes: str) -> str:
    values = {**GOOD, **changes}
    return ";".join(values[f] for f in FIELDS)


def csv_text(*bad: str) -> str:
    """A header, one good line and the ``bad`` lines."""
    return "\n".join([HEADER, line(), *bad]) + "\n"


def with_bad_line(**changes: str) -> bytes:
    return csv_text(line(factuurnummer="F2008-99999", **changes)).encode()


def raw_bad_line(field: str, value: bytes) -> bytes:
    """A cp1252 file whose second line has ``value`` (raw bytes) in ``field``."""
    parts = [GOOD[f].encode("cp1252") for f in FIELDS]
    parts[0] = b"F2008-99999"
    parts[FIELDS.index(field)] = value
    return csv_text().encode("cp1252") + b";".join(parts) + b"\n"


def random_bytes(size: int, seed: int = 11) -> bytes:
    return random.Random(seed).randbytes(size)


# (name, content, outcome, reason): the hostile corpus for CSV
Case = tuple[str, bytes | Callable[[], bytes], str, str]
RECORD_CASES: list[Case] = [
    ("bedrag 10^20", with_bad_line(bedrag="100000000000000000000"), "quarantined", "te groot"),
    ("bedrag 29 cijfers", with_bad_line(bedrag="1" * 29), "quarantined", "te groot"),
    (
        "bedrag 29 cijfers met komma",
        with_bad_line(bedrag="9" * 27 + ",99"),
        "quarantined",
        "te groot",
    ),
    ("bedrag precies 10^11", with_bad_line(bedrag="100.000.000.000,00"), "quarantined", "te groot"),
    ("bedrag -10^11", with_bad_line(bedrag="-100000000000"), "quarantined", "te groot"),
    ("bedrag NaN", with_bad_line(bedrag="NaN"), "quarantined", "geen geldig bedrag"),
    ("bedrag Infinity", with_bad_line(bedrag="Infinity"), "quarantined", "geen geldig bedrag"),
    ("bedrag -inf", with_bad_line(bedrag="-inf"), "quarantined", "geen geldig bedrag"),
    ("bedrag 1e400", with_bad_line(bedrag="1e400"), "quarantined", "geen geldig bedrag"),
    (
        "bedrag 1,234.56 bij decimale komma",
        with_bad_line(bedrag="1,234.56"),
        "quarantined",
        "'1,234.56' is geen geldig bedrag",
    ),
    (
        "bedrag 1250.00 bij decimale komma",
        with_bad_line(bedrag="1250.00"),
        "quarantined",
        "geen geldig bedrag",
    ),
    ("bedrag van 100 tekens", with_bad_line(bedrag="1" * 100), "quarantined", "te lang"),
    ("bedrag Arabische cijfers", with_bad_line(bedrag="١٢٣"), "quarantined", "geen geldig bedrag"),
    ("bedrag 0", with_bad_line(bedrag="0,00"), "quarantined", "groter dan 0"),
    ("bedrag 3 decimalen", with_bad_line(bedrag="12,345"), "quarantined", "meer dan 2 decimalen"),
    *[
        (
            f"cp1252 byte 0x{byte:02X}",
            raw_bad_line("referentie", b"ZVT" + bytes([byte]) + b"X"),
            "quarantined",
            f"ongeldig teken (byte 0x{byte:02X}) in kolom referentie",
        )
        for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    ],
    (
        "cp1252 byte 0x81 in bedrag",
        raw_bad_line("bedrag", b"12\x81,00"),
        "quarantined",
        "ongeldig teken (byte 0x81) in kolom bedrag",
    ),
    (
        "NUL in referentie",
        raw_bad_line("referentie", b"ZVT\x00X"),
        "quarantined",
        "ongeldig stuurteken (0x00) in kolom referentie",
    ),
    (
        "NUL in bsn",
        raw_bad_line("bsn", b"98220\x002519"),
        "quarantined",
        "ongeldig stuurteken (0x00) in kolom bsn",
    ),
    (
        "SOH in factuurnummer",
        raw_bad_line("factuurnummer", b"F\x01"),
        "quarantined",
        "ongeldig stuurteken (0x01) in kolom factuurnummer",
    ),
    (
        "ESC in referentie",
        raw_bad_line("referentie", b"\x1b[31mZVT"),
        "quarantined",
        "ongeldig stuurteken (0x1B)",
    ),
    (
        "VT in budget",
        raw_bad_line("budget", b"GEM\x0b"),
        "quarantined",
        "ongeldig stuurteken (0x0B) in kolom budget",
    ),
    (
        "UTF-8 met BOM en kapotte reeks",
        codecs.BOM_UTF8
        + csv_text().encode()
        + line(factuurnummer="F9").encode().replace(b"ZVT", b"Z\xc3(")
        + b"\n",
        "quarantined",
        "ongeldig teken (byte 0xC3) in kolom referentie",
    ),
    (
        "U+FFFD in referentie",
        csv_text(line(factuurnummer="F9", referentie="ZVT\ufffd")).encode(),
        "quarantined",
        "onleesbaar teken (U+FFFD)",
    ),
    (
        "tekst langer dan 32.767 tekens",
        with_bad_line(referentie="R" * 40_000),
        "quarantined",
        "tekst langer dan 32767 tekens in kolom referentie",
    ),
    (
        "datum 31-02-2008",
        with_bad_line(factuurdatum="31-02-2008"),
        "quarantined",
        "geen bestaande datum",
    ),
    (
        "datum van 10.000 tekens",
        with_bad_line(factuurdatum="1" * 10_000),
        "quarantined",
        "geen leesbare datum",
    ),
    ("te weinig velden", csv_text("F9;14-08-2008;982202519").encode(), "quarantined", "ontbreekt"),
    (
        "ongesloten aanhalingsteken aan het eind",
        csv_text('"F9;14-08-2008').encode(),
        "quarantined",
        "ontbreekt",
    ),
]
STORED_CASES: list[Case] = [
    ("bedrag net onder 10^11", with_bad_line(bedrag="99.999.999.999,99"), "stored", ""),
    (
        "NUL in een kolom die de koppeling niet leest",
        (HEADER + ";opmerking\n" + line() + ";a\x00b\n").encode(),
        "stored",
        "",
    ),
    ("te veel velden", csv_text(line(factuurnummer="F9") + ";extra;extra").encode(), "stored", ""),
    ("UTF-16 LE met BOM", csv_text().encode("utf-16"), "stored", ""),
    ("UTF-16 BE met BOM", codecs.BOM_UTF16_BE + csv_text().encode("utf-16-be"), "stored", ""),
    ("UTF-16 LE zonder BOM", csv_text().encode("utf-16-le"), "stored", ""),
    ("UTF-32 met BOM", csv_text().encode("utf-32"), "stored", ""),
    ("CR-regeleinden (oude Mac)", csv_text().replace("\n", "\r").encode(), "stored", ""),
]
FILE_CASES: list[Case] = [
    ("leeg bestand", b"", "rejected", "het bestand is leeg"),
    ("alleen een BOM", codecs.BOM_UTF8, "rejected", "het bestand is leeg"),
    ("alleen lege regels", b"\n\n  \r\n;;;\n", "rejected", "het bestand is leeg"),
    ("binaire rommel", lambda: random_bytes(20_000), "rejected", "geen tekstbestand (CSV)"),
    (
        "binaire rommel met kopregel ervoor",
        lambda: HEADER.encode() + b"\n" + random_bytes(9000),
        "rejected",
        "geen tekstbestand (CSV): binaire gegevens",
    ),
    ("zip als .csv", b"PK\x03\x04" + random_bytes(500), "rejected", "zip-archief"),
    (
        "oud Excel als .csv",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        "rejected",
        "oud Office-bestand",
    ),
    ("PDF als .csv", b"%PDF-1.4\n" + random_bytes(500), "rejected", "PDF-bestand"),
    ("PNG als .csv", b"\x89PNG\r\n\x1a\n" + bytes(100), "rejected", "PNG-afbeelding"),
    ("gzip als .csv", b"\x1f\x8b\x08\x00" + random_bytes(100), "rejected", "gzip-archief"),
    (
        "kopregel van 140 KiB",
        (HEADER + ";" + "x" * 140_000 + "\n" + line() + "\n").encode(),
        "rejected",
        "regel 1: de kopregel is langer dan 128 KiB",
    ),
    (
        "kopregel van 140 KiB in korte velden",
        (HEADER + ";" + ";".join(f"k{i}" for i in range(30_000)) + "\n").encode(),
        "rejected",
        "de kopregel is langer dan 128 KiB",
    ),
    (
        "regel van meer dan 1 MiB",
        csv_text(line() + ";" + "y" * (1 << 20)).encode(),
        "rejected",
        "regel 3: de regel is langer dan 1024 KiB",
    ),
    (
        "veld van 200 KiB achter een open aanhalingsteken",
        csv_text('"' + ("z" * 1000 + "\n") * 200).encode(),
        "rejected",
        "aanhalingsteken",
    ),
    (
        "NUL in de kopregel",
        b"factuur\x00nummer;" + HEADER.encode() + b"\n" + line().encode(),
        "rejected",
        "in de kopregel",
    ),
    (
        "byte 0x81 in de kopregel",
        HEADER.encode() + b";k\x81\n" + line().encode() + b"\n",
        "rejected",
        "ongeldig teken (byte 0x81) in de kopregel",
    ),
    (
        "meer dan 2000 kolommen",
        (HEADER + ";" + ";".join(f"k{i}" for i in range(2500)) + "\n" + line() + "\n").encode(),
        "rejected",
        "meer dan 2000 worden niet gelezen",
    ),
    ("alleen de kopregel", (HEADER + "\n").encode(), "rejected", "geen enkel record"),
    ("andere kolommen", b"naam;adres\nJan;Dorpsstraat 1\n", "rejected", "kolommen ontbreken"),
]
CASES = RECORD_CASES + STORED_CASES + FILE_CASES


@pytest.mark.parametrize(("name", "content", "outcome", "reason"), CASES, ids=[c[0] for c in CASES])
def test_hostile_csv(
    ref_db: Database, tmp_path: Path, name: str, content: bytes | Callable[[], bytes],
    outcome: str, reason: str,
) -> None:  # fmt: skip
    path = tmp_path / "facturen-rib-0099.csv"
    path.write_bytes(content() if callable(content) else content)
    expect(ref_db, path, outcome, reason)


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 50


def test_a_refusal_names_the_position(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(HEADER.encode() + b"\n" + line().encode() + b"\n" + b"\x00\x01\x02" * 400)
    with pytest.raises(SourceRefused) as caught:
        read_header(path, ";")
    assert caught.value.message == (
        "f.csv is geen tekstbestand (CSV): binaire gegevens, eerst op regel 3, positie 1 "
        "(byte 0x00)"
    )
    assert (caught.value.line, caught.value.column) == (3, 1)


def test_a_quarantined_record_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(raw_bad_line("referentie", b"ZVT\x81X"))
    records = list(iter_delimited_records(path, FIELDS))
    assert records[0].problems == []
    where, field, message = records[1].problems[0]
    assert where.describe() == "regel 3, kolom 4"
    assert (field, message) == ("referentie", "ongeldig teken (byte 0x81) in kolom referentie")
    # the value keeps no undecodable byte: U+FFFD stands in its place
    assert records[1].values["referentie"] == "ZVT\ufffdX"


def test_detection_never_raises_and_gives_the_file_level_reason(tmp_path: Path) -> None:
    mappings = load_mappings()
    for _name, content, _outcome, _reason in FILE_CASES:
        path = tmp_path / "x.csv"
        path.write_bytes(content() if callable(content) else content)
        problem = file_problem(path)
        found, attempts = detect(path, mappings)
        if problem is not None:
            assert found is None
            assert {a.reason for a in attempts} == {problem}
        for attempt in attempts:
            if attempt.reason:
                assert_clean(attempt.reason)
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    assert file_problem(empty) == "leeg.csv: het bestand is leeg"
    _, attempts = detect(empty, mappings)
    assert {a.reason for a in attempts} == {"leeg.csv: het bestand is leeg"}


def test_utf16_is_decoded_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(csv_text(line(factuurnummer="F9", referentie="Één-€")).encode("utf-16"))
    records = list(iter_delimited_records(path, FIELDS))
    assert [r.values["referentie"] for r in records] == ["ZVT-TRJ-2008-00002", "Één-€"]
    assert all(not r.problems for r in records)


def test_reading_stays_linear(tmp_path: Path) -> None:
    """50,000 lines with a bad byte each: every record quarantined, in well under seconds per
    10,000 lines."""
    bad = b"F;14-08-2008;982202519;ZVT\x81;15-06-2008;12-07-2008;1,00;GEM-0473;B\n"
    path = tmp_path / "f.csv"
    path.write_bytes(HEADER.encode() + b"\n" + bad * 50_000)
    started = time.perf_counter()
    count = sum(1 for r in iter_delimited_records(path, FIELDS) if r.problems)
    assert count == 50_000
    assert time.perf_counter() - started < 10
