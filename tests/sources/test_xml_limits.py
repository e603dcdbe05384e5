"""The XML reader's limits against denial of service (sources/xml_limits.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ketenkoppeling.sources import xml as xml_source
from ketenkoppeling.sources.xml_limits import (
    MAX_ATTRIBUTES,
    MAX_ELEMENTS,
    MAX_ERRORS,
    MAX_RECORD_BYTES,
    MAX_RUN_BYTES,
    MAX_TEXT_CHARS,
    MarkupGuard,
)
from tests.sources.test_xml import (
    NS,
    batch,
    besteding,
    ketenbericht,
    refused,
    summary,
    uitstroom,
    write,
)


def attributes(count: int, start: int = 0) -> str:
    return "".join(f' a{i}="v"' for i in range(start, start + count))


def bad_toerekeningen(count: int) -> str:
    return "".join(
        "<kb:Toerekening><kb:Budget>B</kb:Budget><kb:Percentage>0</kb:Percentage></kb:Toerekening>"
        for _ in range(count)
    )


@pytest.fixture
def no_schema_for_crowded(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fails a test when the XSD validation runs on an element with too many attributes."""
    validated: list[Any] = []
    real = xml_source.schema_problems

    def checked(schema: Any, docs: Any, elem: Any, location: Any) -> Any:
        assert len(elem.attrib) <= MAX_ATTRIBUTES + 1, "validated a crowded record"
        validated.append(elem.get("berichtId"))
        return real(schema, docs, elem, location)

    monkeypatch.setattr(xml_source, "schema_problems", checked)
    return validated


def test_200000_attributes_on_one_message_quarantine_it_without_validating(
    tmp_path: Path, no_schema_for_crowded: list[Any]
) -> None:
    crowded = uitstroom("b").replace(' berichtId="b"', ' berichtId="b"' + attributes(200_000))
    path = write(tmp_path, batch(besteding("a"), crowded, uitstroom("c")))
    got = summary(ketenbericht(path))
    assert [(r["id"], len(r["problems"])) for r in got] == [("a", 0), ("b", 1), ("c", 0)]
    [(line, xpath, field, message)] = got[1]["problems"]
    assert (line, xpath, field) == (6, "/Berichtenbatch/Berichten/Uitstroom[1]", "Uitstroom")
    assert message == (
        "Uitstroom: het element heeft 200.001 attributen, ten hoogste 256 toegestaan (regel 6);"
        " het bericht is niet verder gecontroleerd"
    )
    assert no_schema_for_crowded == [None, "a", "c"]  # the header, then never the crowded one


@pytest.mark.parametrize(
    ("extra", "limited"), [(MAX_ATTRIBUTES, False), (MAX_ATTRIBUTES + 1, True)]
)
def test_the_attribute_limit_counts_per_element_inside_a_record(
    tmp_path: Path, extra: int, limited: bool
) -> None:
    message = uitstroom("b").replace("<kb:Reden>", f"\n<kb:Reden{attributes(extra)}>")
    [rec] = summary(ketenbericht(write(tmp_path, batch(message))))
    fields = {(line, xpath, field) for line, xpath, field, _ in rec["problems"]}
    if limited:
        assert fields == {(6, "/Berichtenbatch/Berichten/Uitstroom[1]/Reden", "Reden")}
        assert "ten hoogste 256 toegestaan (regel 6)" in rec["problems"][0][3]
    else:  # below the limit the XSD judges the attributes (20 shown, the rest counted)
        assert len(rec["problems"]) == MAX_ERRORS + 1
        assert rec["problems"][0][3] == "a0: attribuut is hier niet toegestaan"
        assert rec["problems"][-1][3] == f"… en nog {extra - MAX_ERRORS} fouten"


@pytest.mark.parametrize(
    ("where", "line", "name", "count"),
    [("<kb:Berichtenbatch ", 2, "Berichtenbatch", 301), ("<kb:Berichten>", 4, "Berichten", 300),
     ("<kb:Stuurgegevens>", 3, "Stuurgegevens", 300)],
)  # fmt: skip
def test_too_many_attributes_outside_the_records_refuse_the_file(
    tmp_path: Path, where: str, line: int, name: str, count: int
) -> None:
    text = batch(besteding("a"))
    text = text.replace(where, where[:-1] + attributes(300, 1) + where[-1], 1)
    error = refused(write(tmp_path, text))
    assert error.line == line
    assert error.message == (
        f"het element {name} heeft {count} attributen, ten hoogste 256 toegestaan"
        f" (regel {line}); het bestand wordt niet gelezen"
    )


def test_a_text_over_the_limit_quarantines_its_record(tmp_path: Path) -> None:
    long_name = "x" * (MAX_TEXT_CHARS + 1)
    message = besteding("b").replace(">UWV-TRJ-1<", f">{long_name}<")
    path = write(tmp_path, batch(besteding("a"), message, besteding("c")))
    got = summary(ketenbericht(path))
    assert [(r["id"], len(r["problems"])) for r in got] == [("a", 0), ("b", 1), ("c", 0)]
    [(line, xpath, field, text)] = got[1]["problems"]
    assert (line, xpath, field) == (
        6,
        "/Berichtenbatch/Berichten/Besteding[2]/Referentie",
        "Referentie",
    )
    assert text == (
        "Referentie: de tekst is 1.048.577 tekens lang, ten hoogste 1.048.576 toegestaan"
        " (regel 6); het bericht is niet verder gecontroleerd"
    )


def test_a_text_between_children_counts_for_their_parent(tmp_path: Path) -> None:
    message = uitstroom("b").replace("<kb:Datum>", "y" * (MAX_TEXT_CHARS + 5) + "<kb:Datum>")
    [rec] = summary(ketenbericht(write(tmp_path, batch(message))))
    [(_, xpath, field, text)] = rec["problems"]
    assert (xpath, field) == ("/Berichtenbatch/Berichten/Uitstroom[1]", "Uitstroom")
    assert "de tekst is 1.048.581 tekens lang" in text


def test_a_text_at_the_limit_is_judged_by_the_xsd(tmp_path: Path) -> None:
    message = besteding("b").replace(">UWV-TRJ-1<", f">{'x' * MAX_TEXT_CHARS}<")
    [rec] = summary(ketenbericht(write(tmp_path, batch(message))))
    [(_, _, field, text)] = rec["problems"]
    assert field == "Referentie"
    assert text.startswith("Referentie: waarde 'xxxx") and "te lang (1048576 tekens" in text


def test_a_record_over_the_size_limit_refuses_the_file_while_it_is_read(tmp_path: Path) -> None:
    # one message that never ends: the refusal comes as soon as it exceeds the limit, not at
    # the end of the file (the parser would otherwise hold all of it)
    count = MAX_RECORD_BYTES // 80 + 1000
    unfinished = besteding("b").replace("</kb:Besteding>", "") + bad_toerekeningen(count)
    path = write(tmp_path, batch(besteding("a"), unfinished))
    seen = []
    with pytest.raises(xml_source.SourceRefused) as info:
        for rec in ketenbericht(path):
            seen.append(rec.element.get("berichtId"))
    assert seen == ["a"]
    assert info.value.message == (
        "het bericht op regel 6 is groter dan 4 MiB; het bestand wordt niet gelezen"
    )
    assert info.value.line == 6


def test_errors_per_record_are_capped_and_the_rest_counted(tmp_path: Path) -> None:
    messages = [
        besteding(str(n), extra=bad_toerekeningen(n - 1)) for n in (MAX_ERRORS, MAX_ERRORS + 1, 31)
    ]
    got = summary(ketenbericht(write(tmp_path, batch(*messages))))
    counts = [len(r["problems"]) for r in got]
    assert counts == [MAX_ERRORS - 1, MAX_ERRORS, MAX_ERRORS + 1]
    assert got[1]["problems"][-1][3].startswith("Percentage:")
    last = got[2]["problems"]
    assert last[-1] == (7, "/Berichtenbatch/Berichten/Besteding[3]", None, "… en nog 10 fouten")
    assert (
        last[MAX_ERRORS - 1][1]
        == "/Berichtenbatch/Berichten/Besteding[3]/Toerekening[21]/Percentage"
    )
    one_more = summary(
        ketenbericht(write(tmp_path, batch(besteding("x", extra=bad_toerekeningen(21)))))
    )
    assert one_more[0]["problems"][-1][3] == "… en nog 1 fout"


def test_many_hostile_records_are_each_quarantined(tmp_path: Path) -> None:
    crowded = [
        uitstroom(str(n)).replace(f' berichtId="{n}"', f' berichtId="{n}"' + attributes(400))
        for n in range(300)
    ]
    got = summary(ketenbericht(write(tmp_path, batch(*crowded))))
    assert len(got) == 300
    assert all(len(r["problems"]) == 1 for r in got)
    assert {r["problems"][0][2] for r in got} == {"Uitstroom"}


def test_limits_apply_without_a_schema_too(tmp_path: Path) -> None:
    crowded = uitstroom("b").replace(' berichtId="b"', ' berichtId="b"' + attributes(1000))
    [rec] = summary(ketenbericht(write(tmp_path, batch(crowded)), schema=None))
    assert [field for _, _, field, _ in rec["problems"]] == ["Uitstroom"]
    assert NS in rec["element"].tag


@pytest.mark.parametrize("what", ["tag", "text"])
def test_a_huge_tag_or_text_refuses_the_file_before_the_parser_builds_it(
    tmp_path: Path, what: str
) -> None:
    size = MAX_RUN_BYTES + 1000
    if what == "tag":  # about 500,000 attributes in one start tag
        message = uitstroom("b").replace(' berichtId="b"', ' berichtId="b"' + attributes(size // 9))
    else:
        message = uitstroom("b").replace("<kb:Datum>", "<kb:Datum>" + "9" * size)
    path = write(tmp_path, batch(besteding("a"), message))
    seen = []
    with pytest.raises(xml_source.SourceRefused) as info:
        for rec in ketenbericht(path):
            seen.append(rec.element.get("berichtId"))
    assert seen == ["a"]
    assert info.value.message == (
        "het bestand bevat vanaf regel 6 meer dan 4 MiB zonder '>' (een enorme tag of tekst);"
        " het bestand wordt niet gelezen"
    )
    assert info.value.line == 6


def test_the_markup_guard_counts_across_reads() -> None:
    chunks = [b"<a>", b"x" * 10, b"y" * 10, b">\n<b>", b"z" * 21]
    stream = iter(chunks)

    class Source:
        def read(self, size: int = -1) -> bytes:
            return next(stream, b"")

    guard = MarkupGuard(Source(), limit=20)
    assert [guard.read() for _ in range(3)] == chunks[:3]  # 20 bytes without '>': at the limit
    assert guard.read() == chunks[3]
    with pytest.raises(xml_source.SourceRefused, match="vanaf regel 2 meer dan 20 bytes zonder"):
        guard.read()


def test_a_record_with_too_many_elements_is_quarantined_without_validating(
    tmp_path: Path, no_schema_for_crowded: list[Any]
) -> None:
    # 1,700 failing siblings: libxml2's validation would grow quadratically with them
    message = besteding("b", extra=bad_toerekeningen(1_700))
    got = summary(ketenbericht(write(tmp_path, batch(besteding("a"), message, uitstroom("c")))))
    assert [(r["id"], len(r["problems"])) for r in got] == [("a", 0), ("b", 1), ("c", 0)]
    assert got[1]["problems"] == [
        (6, "/Berichtenbatch/Berichten/Besteding[2]", "Besteding",
         f"Besteding: het bericht bevat 5.112 elementen, ten hoogste {MAX_ELEMENTS:_}"
         " toegestaan (regel 6); het bericht is niet verder gecontroleerd".replace("_", ".")),
    ]  # fmt: skip
    assert no_schema_for_crowded == [None, "a", "c"]


def test_beyond_500_logged_errors_the_rest_is_estimated_from_libxml2(tmp_path: Path) -> None:
    message = besteding("b", extra=bad_toerekeningen(1_600))  # 4,812 elements: under the limit
    [rec] = summary(ketenbericht(write(tmp_path, batch(message))))
    assert len(rec["problems"]) == MAX_ERRORS + 1
    assert rec["problems"][-1][3] == "… en nog ongeveer 1.580 fouten"
