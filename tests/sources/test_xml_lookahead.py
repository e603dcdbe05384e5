"""The streaming XML reader with ``lookahead``: context that follows its records."""

from __future__ import annotations

import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from ketenkoppeling.sources import xml_spill
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.xml import iter_xml_records

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
GSD = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200"
NAMESPACES = {"gsd": GSD, "soap": SOAP}
RECORD = "//gsd:GSDDossierReintegratieResponse/ClientSuwi/ReIntegratievoorziening"
RECORDS = {"ReIntegratievoorziening": RECORD}
# the XPaths of mappings/suwinet-gsd-dossier-reintegratie.xml that leave the record
LOOKAHEAD = (
    "../Burgerservicenr",
    "../Geboortedat",
    "../Voorvoegsel",
    "../SignificantDeelVanDeAchternaam",
    "../Voorletters",
    "../Bron/CdPartijSuwi",
)
FIRST_LINE = 11  # the line of the first ReIntegratievoorziening
RECORD_LINES = 5
RESPONSE = "/Envelope/Body/GSDDossierReintegratieResponse/ClientSuwi"


def bsn(client: int) -> str:
    """A valid BSN (elfproef) for client number ``client``."""
    number = client * 1000
    while True:
        digits = f"{number:09d}"
        total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
        if total % 11 == 0:
            return digits
        number += 1


def provision(i: int) -> str:
    return (
        f"    <ReIntegratievoorziening>\n     <Registratienr>R-{i}</Registratienr>\n"
        "     <DatBReIntegratievoorziening>20080601</DatBReIntegratievoorziening>\n"
        "     <OmsReIntegratievoorziening>Jobcoach</OmsReIntegratievoorziening>\n"
        "    </ReIntegratievoorziening>\n"
    )


def suwinet(provisions: int, *, bron: str = "after", clients: int = 1) -> str:
    """A GSDDossierReintegratie response: SOAP envelope, namespaced root, unqualified children;
    ``bron`` before or after the provisions of each client (or absent)."""
    source = "    <Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron>\n"
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<soap:Envelope xmlns:soap="{SOAP}">\n <soap:Body>\n'
        f'  <gsd:GSDDossierReintegratieResponse xmlns:gsd="{GSD}">\n'
    ]
    for c in range(1, clients + 1):
        parts.append(
            f"   <ClientSuwi>\n    <Burgerservicenr>{bsn(c)}</Burgerservicenr>\n"
            "    <Geboortedat>19710400</Geboortedat>\n    <Voorvoegsel>van der</Voorvoegsel>\n"
            "    <SignificantDeelVanDeAchternaam>Berg</SignificantDeelVanDeAchternaam>\n"
            "    <Voorletters>JP</Voorletters>\n"
        )
        parts.append(source if bron == "before" else "")
        parts.extend(provision(c * 100_000 + i) for i in range(1, provisions + 1))
        parts.append(source if bron == "after" else "")
        parts.append("   </ClientSuwi>\n")
    parts.append("  </gsd:GSDDossierReintegratieResponse>\n </soap:Body>\n</soap:Envelope>\n")
    return "".join(parts)


def write(tmp_path: Path, text: str, name: str = "antwoord.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def spill_files(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every temporary file the reader opens to hold records."""
    opened: list[Any] = []
    original = tempfile.TemporaryFile

    def recording(*args: Any, **kwargs: Any) -> Any:
        handle = original(*args, **kwargs)
        opened.append(handle)
        return handle

    monkeypatch.setattr(xml_spill.tempfile, "TemporaryFile", recording)
    return opened


def test_every_record_sees_the_source_that_follows_3000_provisions(
    tmp_path: Path, spill_files: list[Any]
) -> None:
    path = write(tmp_path, suwinet(3000))
    seen = []
    for rec in iter_xml_records(path, RECORDS, NAMESPACES, lookahead=LOOKAHEAD):
        first = rec.element.find("Registratienr")
        seen.append(
            (
                rec.element.findtext("Registratienr"),
                rec.element.xpath("string(../Bron/CdPartijSuwi)"),
                rec.element.findtext("../Burgerservicenr"),
                rec.location.line,
                rec.location.xpath,
                first.sourceline,
            )
        )
    assert len(seen) == 3000
    assert [s[0] for s in seen] == [f"R-{100_000 + i}" for i in range(1, 3001)]  # in order
    assert {s[1] for s in seen} == {"0392"}
    assert {s[2] for s in seen} == {bsn(1)}
    for i, (_, _, _, line, xpath, field_line) in enumerate(seen, start=1):
        assert line == FIRST_LINE + (i - 1) * RECORD_LINES
        assert xpath == f"{RESPONSE}/ReIntegratievoorziening[{i}]"
        assert field_line == line + 1  # restored elements keep their own lines
    assert len(spill_files) == 1 and spill_files[0].closed  # held on disk, then deleted


def test_without_lookahead_records_miss_what_follows(tmp_path: Path) -> None:
    path = write(tmp_path, suwinet(3000))
    found = [
        rec.element.findtext("../Bron/CdPartijSuwi")
        for rec in iter_xml_records(path, RECORDS, NAMESPACES)
    ]
    assert len(found) == 3000 and found.count(None) > 2500  # all but what lxml parsed ahead


def test_nothing_is_held_when_the_context_comes_first(
    tmp_path: Path, spill_files: list[Any]
) -> None:
    path = write(tmp_path, suwinet(3000, bron="before"))
    sizes = []
    for rec in iter_xml_records(path, RECORDS, NAMESPACES, lookahead=LOOKAHEAD):
        assert rec.element.xpath("string(../Bron/CdPartijSuwi)") == "0392"
        assert rec.element.getprevious().tag == "Bron"  # earlier provisions are gone
        sizes.append(len(rec.element.getparent()))
    assert len(sizes) == 3000 and max(sizes) < 200
    assert spill_files == []


def test_held_records_stay_in_memory_below_the_limit(
    tmp_path: Path, spill_files: list[Any]
) -> None:
    path = write(tmp_path, suwinet(300))
    records = iter_xml_records(path, RECORDS, NAMESPACES, lookahead=LOOKAHEAD)
    found = [rec.element.xpath("string(../Bron/CdPartijSuwi)") for rec in records]
    assert found == ["0392"] * 300 and spill_files == []


def traced_peak(path: Path, **options: Any) -> tuple[int, int]:
    """(records, peak of Python memory) of a reading."""
    tracemalloc.start()
    try:
        n = 0
        for rec in iter_xml_records(
            path, RECORDS, NAMESPACES, lookahead=("../Bron/CdPartijSuwi",), **options
        ):
            n += 1
            assert rec.element.findtext("../Bron/CdPartijSuwi") == "0392"
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_bounded_with_20000_held_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = write(tmp_path, suwinet(2_000), "klein.xml")
    n, buffered_small = traced_peak(small, hold_records=1_000_000)  # all held in memory
    assert n == 2_000
    trees: list[int] = []  # what libxml2 holds while records wait (tracemalloc cannot see it)
    push = xml_spill.HeldRecords.push

    def sampling(self: xml_spill.HeldRecords, record: Any, release: int) -> None:
        if len(self) % 1000 == 0:
            trees.append(sum(1 for _ in record.element.getroottree().getroot().iter()))
        push(self, record, release)

    monkeypatch.setattr(xml_spill.HeldRecords, "push", sampling)
    n, peak = traced_peak(write(tmp_path, suwinet(20_000)), hold_records=200)
    assert n == 20_000
    # ten times as many records held, in less memory than a tenth of them held in memory
    assert peak < buffered_small / 2, (peak, buffered_small)
    assert len(trees) == 20 and max(trees) < 1_000  # at most the limit's worth in the tree


def test_records_held_for_a_grandparent_keep_document_order(tmp_path: Path) -> None:
    end = "  </gsd:GSDDossierReintegratieResponse>"
    source = "   <Bron><CdPartijSuwi>0473</CdPartijSuwi></Bron>\n"
    text = suwinet(40, clients=30, bron="none").replace(end, source + end)
    path = write(tmp_path, text)
    seen = [
        (
            rec.element.findtext("Registratienr"),
            rec.element.xpath("string(../../Bron/CdPartijSuwi)"),
            rec.element.findtext("../Burgerservicenr"),
            rec.location.xpath,
        )
        for rec in iter_xml_records(
            path, RECORDS, NAMESPACES, lookahead=("../../Bron/CdPartijSuwi",), hold_records=50
        )
    ]
    assert [s[0] for s in seen] == [
        f"R-{c * 100_000 + i}" for c in range(1, 31) for i in range(1, 41)
    ]
    assert {s[1] for s in seen} == {"0473"}
    assert [s[2] for s in seen[::40]] == [bsn(c) for c in range(1, 31)]
    assert seen[41][3] == f"{RESPONSE}[2]/ReIntegratievoorziening[2]"


def test_an_ancestor_step_waits_for_that_ancestor(tmp_path: Path) -> None:
    text = (
        "<Dossier><Klant><Zaken><Zaak><Nr>1</Nr></Zaak><Zaak><Nr>2</Nr></Zaak></Zaken>"
        "<Zaken><Zaak><Nr>3</Nr></Zaak></Zaken></Klant><Bron>X</Bron></Dossier>"
    )
    path = write(tmp_path, text)
    seen = [
        (rec.element.findtext("Nr"), rec.element.xpath("string(ancestor::Dossier/Bron)"))
        for rec in iter_xml_records(
            path, {"zaak": "//Zaak"}, {}, lookahead=("ancestor::Dossier/Bron",)
        )
    ]
    assert seen == [("1", "X"), ("2", "X"), ("3", "X")]


def with_source_last(text: str, code: str) -> str:
    """``text`` with a ``Bron`` at the end of its last client only."""
    head, tag, tail = text.rpartition("   </ClientSuwi>")
    return f"{head}    <Bron><CdPartijSuwi>{code}</CdPartijSuwi></Bron>\n{tag}{tail}"


def test_a_record_whose_context_never_comes_is_yielded_in_its_turn(tmp_path: Path) -> None:
    path = write(tmp_path, with_source_last(suwinet(5, clients=2, bron="none"), "1"))
    seen = [
        (rec.element.findtext("Registratienr"), rec.element.findtext("../Bron/CdPartijSuwi"))
        for rec in iter_xml_records(path, RECORDS, NAMESPACES, lookahead=LOOKAHEAD)
    ]
    assert seen == [(f"R-{100_000 + i}", None) for i in range(1, 6)] + [
        (f"R-{200_000 + i}", "1") for i in range(1, 6)
    ]


def test_records_after_held_ones_wait_their_turn(tmp_path: Path) -> None:
    # the first client's provisions wait for the response's end; the second's are complete
    text = suwinet(4, clients=2, bron="before").replace(
        "    <Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron>\n", "", 1
    )
    path = write(tmp_path, text)
    seen = [
        (rec.element.findtext("Registratienr"), rec.element.findtext("../Bron/CdPartijSuwi"))
        for rec in iter_xml_records(
            path,
            RECORDS,
            NAMESPACES,
            lookahead=("../Bron/CdPartijSuwi", "../../Bron"),
            hold_records=3,
        )
    ]
    expected = [f"R-{c * 100_000 + i}" for c in (1, 2) for i in range(1, 5)]
    assert [s[0] for s in seen] == expected
    assert [s[1] for s in seen] == [None] * 4 + ["0392"] * 4


def test_problems_and_positions_survive_the_temporary_file(tmp_path: Path) -> None:
    body = "".join(f'<Zaak id="{i % 7}"><Nr>{i}</Nr></Zaak>\n' for i in range(20))
    path = write(tmp_path, f"<Dossier>\n<Zaken>\n{body}<Bron>X</Bron></Zaken></Dossier>\n")
    seen = [
        (
            rec.element.findtext("Nr"),
            rec.location.line,
            [(loc.line, loc.xpath, field, message) for loc, field, message in rec.problems],
        )
        for rec in iter_xml_records(
            path,
            {"zaak": "/Dossier/Zaken/Zaak"},
            {},
            unique_attribute="id",
            lookahead=("../Bron",),
            hold_records=3,
        )
    ]
    assert [s[0] for s in seen] == [str(i) for i in range(20)]
    assert seen[7][1] == 10 and seen[7][2] == [
        (
            10,
            "/Dossier/Zaken/Zaak[8]/@id",
            "id",
            "id '0' komt al eerder voor in deze batch (regel 3)",
        )
    ]
    assert [bool(s[2]) for s in seen] == [i >= 7 for i in range(20)]


def test_lines_beyond_65535_fall_back_to_the_record_line(tmp_path: Path) -> None:
    path = write(tmp_path, suwinet(14_000))
    lines = {}
    for rec in iter_xml_records(path, RECORDS, NAMESPACES):
        lines[rec.location.xpath] = (
            rec.location.line,
            rec.element.find("Registratienr").sourceline,
        )
    for rec in iter_xml_records(path, RECORDS, NAMESPACES, lookahead=LOOKAHEAD):
        line, field_line = lines[rec.location.xpath]
        assert rec.location.line == line
        restored = rec.element.find("Registratienr").sourceline
        assert restored == (field_line if field_line <= 65535 else None)
    assert line > 70_000


def test_the_temporary_file_is_deleted_when_reading_stops(
    tmp_path: Path, spill_files: list[Any]
) -> None:
    path = write(tmp_path, suwinet(1000))
    records = iter_xml_records(path, RECORDS, NAMESPACES, lookahead=LOOKAHEAD, hold_records=10)
    next(records)
    assert len(spill_files) == 1 and not spill_files[0].closed
    records.close()  # type: ignore[attr-defined]
    assert spill_files[0].closed


def test_the_temporary_file_is_deleted_when_the_file_is_refused(
    tmp_path: Path, spill_files: list[Any]
) -> None:
    text = suwinet(1000)
    path = write(tmp_path, text[: len(text) // 2])
    with pytest.raises(SourceRefused):
        for _ in iter_xml_records(path, RECORDS, NAMESPACES, lookahead=LOOKAHEAD, hold_records=10):
            pass
    assert len(spill_files) == 1 and spill_files[0].closed


def test_a_bad_lookahead_xpath_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ongeldig XPath"):
        iter_xml_records(write(tmp_path, suwinet(1)), RECORDS, NAMESPACES, lookahead=("../[",))


def test_a_ketenbericht_batch_is_not_held(tmp_path: Path, spill_files: list[Any]) -> None:
    ns = "urn:nl:werk-en-inkomen:ketenbericht:v1"
    messages = "".join(
        f'<Uitstroom berichtId="u{i}"><BSN>1</BSN></Uitstroom>\n' for i in range(3000)
    )
    path = write(
        tmp_path,
        f'<Berichtenbatch xmlns="{ns}"><Stuurgegevens><Verzender>UWV</Verzender></Stuurgegevens>'
        f"<Berichten>{messages}</Berichten></Berichtenbatch>",
    )
    records = {"Uitstroom": "/kb:Berichtenbatch/kb:Berichten/kb:Uitstroom"}

    def read(*lookahead: str) -> list[tuple[str, int]]:
        seen = []
        for rec in iter_xml_records(path, records, {"kb": ns}, lookahead=lookahead):
            assert rec.element.getprevious() is None  # earlier messages are gone
            assert rec.element.xpath("string(../../*[1]/*)") == "UWV"
            seen.append((rec.element.get("berichtId"), len(rec.element.getparent())))
        return seen

    held = read("../../kb:Stuurgegevens/kb:Verzender")
    assert len(held) == 3000 and held == read()  # yielded as soon as without lookahead
    assert spill_files == []
