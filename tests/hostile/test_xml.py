"""Hostile and broken XML files (Ketenbericht v1): each case with its outcome: the bad message
quarantined with a Dutch reason, or the file refused with one."""

from __future__ import annotations

import codecs
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ketenkoppeling.mapping.detect import detect
from ketenkoppeling.mapping.loader import load_mappings
from ketenkoppeling.store import Database
from tests.hostile.conftest import assert_clean, expect

DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = "urn:nl:werk-en-inkomen:ketenbericht:v1"


def besteding(number: int, **changes: str) -> str:
    fields = {
        "Factuurnummer": f"INT-GEM-0392-{number:05d}",
        "Referentie": "HLM-TRJ-2008-00041",
        "BSN": "524762855",
        "Betaler": "GEM-0392",
        "Betaaldatum": "2008-12-31",
        "PeriodeVan": "2008-11-01",
        "PeriodeTot": "2008-12-12",
        "Bedrag": "1813.27",
    }
    fields.update(changes)
    body = "".join(f"<kb:{k}>{v}</kb:{k}>" for k, v in fields.items())
    return (
        f'<kb:Besteding berichtId="GEM-0392-2008-000001-{number:06d}">{body}<kb:Toerekening>'
        "<kb:Budget>GEM-0392-WD-2008</kb:Budget><kb:Percentage>100</kb:Percentage>"
        "</kb:Toerekening></kb:Besteding>"
    )


def batch(*messages: str, decl: str = DECL, before_root: str = "") -> str:
    return (
        f'{decl}{before_root}<kb:Berichtenbatch xmlns:kb="{NS}" versie="1.0">\n'
        "<kb:Stuurgegevens><kb:BatchId>GEM-0392-2008-000001</kb:BatchId>"
        "<kb:Verzender>GEM-0392</kb:Verzender><kb:Ontvanger>KETEN</kb:Ontvanger>"
        "<kb:Aanmaakmoment>2008-12-31T17:00:00+01:00</kb:Aanmaakmoment></kb:Stuurgegevens>\n"
        "<kb:Berichten>\n" + "\n".join(messages) + "\n</kb:Berichten>\n</kb:Berichtenbatch>\n"
    )


def with_bad(**changes: str) -> bytes:
    """A good message and a second one with ``changes``."""
    return batch(besteding(1), besteding(2, **changes)).encode()


def good() -> str:
    return batch(besteding(1), besteding(2))


BOMB = (
    '<!DOCTYPE kb:Berichtenbatch [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>\n'
)

Case = tuple[str, bytes | Callable[[], bytes], str, str]
RECORD_CASES: list[Case] = [
    ("bedrag 10^20", with_bad(Bedrag="100000000000000000000.00"), "quarantined", "te groot"),
    ("bedrag 29 cijfers", with_bad(Bedrag="9" * 29 + ".99"), "quarantined", "te groot"),
    ("bedrag precies 10^11", with_bad(Bedrag="100000000000.00"), "quarantined", "te groot"),
    ("bedrag NaN", with_bad(Bedrag="NaN"), "quarantined", "Bedrag"),
    ("bedrag INF", with_bad(Bedrag="INF"), "quarantined", "Bedrag"),
    ("bedrag 1e5", with_bad(Bedrag="1e5"), "quarantined", "Bedrag"),
    ("bedrag 0.00", with_bad(Bedrag="0.00"), "quarantined", "Bedrag"),
    ("datum 30 februari", with_bad(Betaaldatum="2008-02-30"), "quarantined", "Betaaldatum"),
    ("BSN met letters", with_bad(BSN="52476285X"), "quarantined", "BSN"),
    (
        "U+FFFD in referentie",
        with_bad(Referentie="HLM-TRJ-\ufffd"),
        "quarantined",
        "onleesbaar teken (U+FFFD)",
    ),
]
STORED_CASES: list[Case] = [
    ("bedrag net onder 10^11", with_bad(Bedrag="99999999999.99"), "stored", ""),
    ("UTF-16 met BOM", lambda: good().replace("UTF-8", "UTF-16").encode("utf-16"), "stored", ""),
    ("UTF-8 met BOM", lambda: codecs.BOM_UTF8 + good().encode(), "stored", ""),
    # XInclude is never processed: the element is left alone and nothing is read from disk
    (
        "XInclude",
        good()
        .replace(
            "<kb:Berichten>",
            '<kb:Berichten><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            'href="file:///etc/passwd" parse="text"/>',
        )
        .encode(),
        "stored",
        "",
    ),
]
FILE_CASES: list[Case] = [
    ("leeg bestand", b"", "rejected", "het bestand is leeg"),
    ("alleen witruimte", b"  \n\n ", "rejected", "geen XML-element"),
    ("alleen een XML-declaratie", DECL.encode(), "rejected", "geen XML-element"),
    ("niet welgevormd", good().replace("</kb:Berichten>", "").encode(), "rejected", "regel"),
    (
        "afgebroken halverwege",
        lambda: good().encode()[: len(good()) // 2 + 40],
        "rejected",
        "regel",
    ),
    ("entiteitenbom in de DTD", batch(besteding(1), before_root=BOMB).encode(), "rejected", "DTD"),
    (
        "externe entiteit",
        batch(
            besteding(1), before_root='<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        ).encode(),
        "rejected",
        "DTD",
    ),
    (
        "diep genest",
        good()
        .replace("<kb:Berichten>", "<kb:Berichten>" + "<kb:X>" * 200 + "</kb:X>" * 200)
        .encode(),
        "rejected",
        "te diep genest",
    ),
    ("NUL als &#0;", with_bad(Referentie="HLM&#0;"), "rejected", "regel"),
    ("stuurteken als &#1;", with_bad(Referentie="HLM&#1;"), "rejected", "regel"),
    ("ruw stuurteken 0x01", with_bad(Referentie="HLM\x01"), "rejected", "regel"),
    ("ruwe NUL", with_bad(Referentie="HLM\x00"), "rejected", "regel"),
    (
        "ongeldige UTF-8",
        lambda: good().encode().replace(b"HLM-TRJ", b"HL\x81-TRJ", 1),
        "rejected",
        "regel",
    ),
    (
        "windows-1252 met byte 0x81",
        lambda: good().replace("UTF-8", "windows-1252").encode().replace(b"HLM-TRJ", b"HL\x81", 1),
        "rejected",
        "regel",
    ),
    ("binaire rommel", lambda: random.Random(7).randbytes(4000), "rejected", ""),
    ("werkmap als .xml", b"PK\x03\x04" + bytes(200), "rejected", ""),
    (
        "ander hoofdelement",
        b'<?xml version="1.0"?><html><body/></html>',
        "rejected",
        "niet herkend",
    ),
    ("alleen commentaar", b"<?xml version='1.0'?><!-- niets -->", "rejected", "geen XML-element"),
    (
        "geen Stuurgegevens",
        good()
        .replace("<kb:Stuurgegevens>", "<kb:Anders>")
        .replace("</kb:Stuurgegevens>", "</kb:Anders>")
        .encode(),
        "rejected",
        "",
    ),
]
CASES = RECORD_CASES + STORED_CASES + FILE_CASES


@pytest.mark.parametrize(("name", "content", "outcome", "reason"), CASES, ids=[c[0] for c in CASES])
def test_hostile_xml(
    ref_db: Database, tmp_path: Path, name: str, content: bytes | Callable[[], bytes],
    outcome: str, reason: str,
) -> None:  # fmt: skip
    path = tmp_path / "batch.xml"
    path.write_bytes(content() if callable(content) else content)
    started = time.perf_counter()
    expect(ref_db, path, outcome, reason)
    assert time.perf_counter() - started < 30, name


def test_detection_never_raises(tmp_path: Path) -> None:
    mappings = load_mappings()
    for _name, content, _outcome, _reason in FILE_CASES:
        path = tmp_path / "x.xml"
        path.write_bytes(content() if callable(content) else content)
        _found, attempts = detect(path, mappings)
        for attempt in attempts:
            if attempt.reason:
                assert_clean(attempt.reason)
