"""The command line's Dutch text names positions as "regel"; its JSON keeps spec/cli.md's shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ketenkoppeling.cli import main

SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def test_import_text_says_regel_and_json_says_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    dbfile = str(tmp_path / "cli.sqlite")
    main(["reference", str(SAMPLES / "referentie.xlsx"), "--db", dbfile])
    capsys.readouterr()
    assert main(["import", str(SAMPLES / "uwv-2008-batch2.xml"), "--db", dbfile]) == 0
    out = capsys.readouterr().out
    positions = [line for line in out.splitlines() if line.startswith("  ")]
    assert positions, out
    assert all(re.match(r"  regel \d+, /Berichtenbatch/", line) for line in positions), out
    assert "line " not in out

    other = str(tmp_path / "other.sqlite")
    main(["reference", str(SAMPLES / "referentie.xlsx"), "--db", other])
    capsys.readouterr()
    assert main(["import", str(SAMPLES / "uwv-2008-batch2.xml"), "--db", other, "--json"]) == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["errors"][0]["location"].startswith("line ")
