"""The reader's limits (sources/xml_limits.py, sources/workbook_check.py) through the command
line, each case with its outcome (issue 11):

- a file-level problem: exit 3, a Dutch reason that names the file and, where there is one, the
  position (``regel N``); nothing stored;
- a record-level problem: exit 0, the record quarantined with a Dutch reason naming the element
  and its line, the good record next to it stored;
- at a limit (not over it): no limit applies.

The limits: 256 attributes on one element (in a record: quarantined; outside the records: the
file is refused), 1 MiB of text in one element, 5,000 elements in one record, 4 MiB for one
record, 4 MiB without a ``>``, 20 problems per record plus a count of the rest, 256 levels of
nesting; a workbook that unpacks to more than 100 times its size once above 16 MiB.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ketenkoppeling.cli import main
from ketenkoppeling.sources.xml_limits import (
    MAX_ATTRIBUTES,
    MAX_ELEMENTS,
    MAX_ERRORS,
    MAX_RECORD_BYTES,
    MAX_RUN_BYTES,
    MAX_TEXT_CHARS,
)
from tests.hostile.conftest import SAMPLES, assert_clean
from tests.hostile.test_xml import batch, besteding
from tests.hostile.workbooks import workbook

EXIT_OK, EXIT_REFUSED = 0, 3
ALLOCATION = "<kb:Toerekening><kb:Budget>GEM-0392-WD-2008</kb:Budget><kb:Percentage>100</kb:Percentage></kb:Toerekening>"  # noqa: E501


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the sample region's reference data (copied for each case)."""
    path = tmp_path_factory.mktemp("limits") / "template.sqlite"
    assert main(["reference", str(SAMPLES / "referentie.xlsx"), "--db", str(path)]) == 0
    return path


def _import(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> tuple[int, str, str]:
    db = tmp_path / "k.sqlite"
    with sqlite3.connect(template) as source, sqlite3.connect(db) as target:
        source.backup(target)  # with what is still in the template's write-ahead log
    path = tmp_path / name
    path.write_bytes(data)
    capsys.readouterr()
    started = time.perf_counter()
    code = main(["import", "--json", str(path), "--db", str(db)])
    assert time.perf_counter() - started < 30, name  # linear in the input
    out, err = capsys.readouterr()
    return code, out, err


def _attributes(count: int) -> str:
    return "".join(f' a{i}="{i}"' for i in range(count))


def _with_second(**changes: str) -> Callable[[], bytes]:
    """A good message and a second one with ``changes`` to its fields."""
    return lambda: batch(besteding(1), besteding(2, **changes)).encode()


def _second_message(edit: Callable[[str], str]) -> Callable[[], bytes]:
    """A good message and a second one changed by ``edit`` (on its XML text)."""
    return lambda: batch(besteding(1), edit(besteding(2))).encode()


def _nested(depth: int) -> Callable[[str], str]:
    return lambda message: message.replace(
        "<kb:Bedrag>", "<kb:X>" * depth + "</kb:X>" * depth + "<kb:Bedrag>", 1
    )


def _allocations(count: int) -> Callable[[str], str]:
    return lambda message: message.replace(
        "</kb:Besteding>", ALLOCATION * count + "</kb:Besteding>", 1
    )


def _line_of(data: bytes, marker: bytes) -> int:
    return data[: data.index(marker)].count(b"\n") + 1


# (name, content, expected reason, marker of the line that must be named, or None)
Case = tuple[str, Callable[[], bytes], str, bytes | None]

QUARANTINED: list[Case] = [
    (
        "257 attributen op een veld",
        _second_message(lambda m: m.replace("<kb:Bedrag>", f"<kb:Bedrag{_attributes(257)}>")),
        f"Bedrag: het element heeft 257 attributen, ten hoogste {MAX_ATTRIBUTES} toegestaan",
        b"a256=",
    ),
    (
        "200.000 attributen op een bericht, op veel regels",
        _second_message(
            lambda m: m.replace(
                "<kb:Besteding ",
                "<kb:Besteding" + "".join(f'\n a{i}="{i}"' for i in range(200_000)) + " ",
            )
        ),
        "Besteding: het element heeft 200.001 attributen",
        b'berichtId="GEM-0392-2008-000001-000002"',
    ),
    (
        "tekst van 1 MiB + 1 teken",
        _with_second(Referentie="x" * (MAX_TEXT_CHARS + 1)),
        "Referentie: de tekst is 1.048.577 tekens lang, ten hoogste 1.048.576 toegestaan",
        b"x" * 64,
    ),
    (
        "5.001 elementen in een bericht",
        _second_message(_allocations((MAX_ELEMENTS + 1) // 3 + 1)),
        "het bericht bevat 5.0",
        b'berichtId="GEM-0392-2008-000001-000002"',
    ),
    (
        "40 onbekende attributen: 20 fouten en een telling van de rest",
        _second_message(lambda m: m.replace("<kb:Bedrag>", f"<kb:Bedrag{_attributes(40)}>")),
        "… en nog 20 fouten",
        None,
    ),
    (
        "60 niveaus diep in een bericht (onder de grens van 64)",
        _second_message(_nested(60)),
        "X: element wordt hier niet verwacht",
        b"<kb:X>",
    ),
]
AT_THE_LIMIT: list[Case] = [
    (
        "256 attributen: het XSD spreekt (geen grens)",
        _second_message(
            lambda m: m.replace("<kb:Bedrag>", f"<kb:Bedrag{_attributes(MAX_ATTRIBUTES)}>")
        ),
        "a0: attribuut is hier niet toegestaan",
        b"a0=",
    ),
    (
        "tekst van precies 1 MiB: het XSD spreekt (geen grens)",
        _with_second(Referentie="x" * MAX_TEXT_CHARS),
        "Referentie: waarde",
        b"x" * 64,
    ),
]
REFUSED: list[Case] = [
    (
        "257 attributen op het hoofdelement",
        lambda: (
            batch(besteding(1))
            .replace(' versie="1.0"', _attributes(256) + ' versie="1.0"')
            .encode()
        ),
        "het element Berichtenbatch heeft 257 attributen, ten hoogste 256 toegestaan (regel 2)",
        None,
    ),
    (
        "257 attributen op Berichten",
        lambda: (
            batch(besteding(1))
            .replace("<kb:Berichten>", f"<kb:Berichten{_attributes(257)}>")
            .encode()
        ),
        "het element Berichten heeft 257 attributen",
        b"<kb:Berichten ",
    ),
    (
        "een bericht boven 4 MiB",
        # twice the limit: the parser reads ahead, the record is measured from where it began
        _second_message(_allocations(2 * MAX_RECORD_BYTES // len(ALLOCATION))),
        "is groter dan 4 MiB; het bestand wordt niet gelezen",
        b'berichtId="GEM-0392-2008-000001-000002"',
    ),
    (
        "een begintag van meer dan 4 MiB (zonder '>')",
        _second_message(
            lambda m: m.replace("<kb:Bedrag>", f"<kb:Bedrag{_attributes(MAX_RUN_BYTES // 10)}>")
        ),
        "meer dan 4 MiB zonder '>'",
        None,
    ),
    (
        "een tekst van meer dan 4 MiB",
        _with_second(Referentie="x" * (MAX_RUN_BYTES + 10)),
        "meer dan 4 MiB zonder '>'",
        None,
    ),
    (
        "70 niveaus diep in een bericht",
        _second_message(_nested(70)),
        "het bestand is te diep genest: nesting dieper dan 64 niveaus",
        b"<kb:X>",
    ),
]


def _errors(out: str) -> list[dict[str, Any]]:
    (result,) = json.loads(out)
    errors: list[dict[str, Any]] = result["errors"]
    return errors


@pytest.mark.parametrize(
    ("name", "content", "reason", "marker"), QUARANTINED + AT_THE_LIMIT,
    ids=[c[0] for c in QUARANTINED + AT_THE_LIMIT],
)  # fmt: skip
def test_a_record_over_a_limit_is_quarantined(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    name: str, content: Callable[[], bytes], reason: str, marker: bytes | None,
) -> None:  # fmt: skip
    data = content()
    code, out, err = _import(template, tmp_path, capsys, "batch.xml", data)
    assert code == EXIT_OK, (out, err)
    (result,) = json.loads(out)
    assert result["status"] == "imported"
    assert result["records"]["new"] == 1 and result["records"]["quarantined"] == 1
    errors = _errors(out)
    messages = [e["message"] for e in errors]
    assert any(reason in m for m in messages), messages
    assert len(errors) <= MAX_ERRORS + 1  # 20 problems and a count of the rest
    for error in errors:
        assert_clean(error["message"])
    if marker is not None:  # the position is the line of the element concerned
        line = _line_of(data, marker)
        found = next(e for e in errors if reason in e["message"])
        assert found["location"].startswith(f"line {line}") or f"regel {line}" in str(found), (
            found,
            line,
        )


@pytest.mark.parametrize(
    ("name", "content", "reason", "marker"), REFUSED, ids=[c[0] for c in REFUSED]
)
def test_a_file_over_a_limit_is_refused_with_exit_3(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    name: str, content: Callable[[], bytes], reason: str, marker: bytes | None,
) -> None:  # fmt: skip
    data = content()
    code, out, err = _import(template, tmp_path, capsys, "batch.xml", data)
    assert code == EXIT_REFUSED, (out, err)
    (result,) = json.loads(out)
    assert result["status"] == "rejected" and result["batch"] is None
    assert result["file"] == "batch.xml"
    message = result["message"]
    assert reason in message, message
    assert "regel " in message, message  # the position
    if marker is not None:
        assert f"regel {_line_of(data, marker)}" in message, message
    assert_clean(message)


# --- workbooks: unpacked size relative to the file's size --------------------------------------


def _padded(member: bytes | str) -> Callable[[], bytes]:
    def edit(members: dict[str, Any]) -> None:
        members["xl/media/vulling.xml"] = member

    return lambda: workbook(edit=edit)


def test_a_workbook_that_unpacks_more_than_100_times_above_16_mib_is_refused(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _padded("<a>" + " " * (20 << 20) + "</a>")()
    code, out, err = _import(template, tmp_path, capsys, "trajecten-hlm.xlsx", data)
    assert code == EXIT_REFUSED, (out, err)
    message = json.loads(out)[0]["message"]
    assert "trajecten-hlm.xlsx pakt uit tot 20 MB" in message and "zip-bom" in message, message
    assert "meer dan 100 keer wordt niet gelezen" in message
    assert_clean(message)


@pytest.mark.parametrize(
    ("name", "member"),
    [
        # 15 MiB unpacked, over a thousand times the file: below the 16 MiB floor
        ("onder de vloer van 16 MiB", "<a>" + " " * (15 << 20) + "</a>"),
        # 17 MiB unpacked, about once the file's size: above the floor, far below 100 times
        ("boven de vloer, verhouding 1", random.Random(5).randbytes(17 << 20)),
    ],
)
def test_a_workbook_within_the_ratio_limit_is_read(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
    member: bytes | str,
) -> None:  # fmt: skip
    code, out, err = _import(template, tmp_path, capsys, "trajecten-hlm.xlsx", _padded(member)())
    assert code == EXIT_OK, (out, err)
    (result,) = json.loads(out)
    assert result["status"] == "imported" and result["records"]["new"] > 0
