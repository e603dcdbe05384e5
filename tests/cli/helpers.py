"""What the command-line tests share: run a command in-process and capture its output."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenkoppeling.cli import main

SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of ``ketenkoppeling ARGS``."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def reference_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A SQLite file with the sample region's reference data loaded."""
    path = str(tmp_path / "cli.sqlite")
    assert run(capsys, "reference", str(SAMPLES / "referentie.xlsx"), "--db", path)[0] == 0
    return path
