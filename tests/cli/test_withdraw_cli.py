"""``ketenkoppeling withdraw --batch N [--dry-run] [--json]`` and ``ketenkoppeling --db FILE``."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest

from ketenkoppeling.cli import EXIT_REFUSED, main
from tests.cli.helpers import reference_db, run
from tests.importing.test_layouts import ROW, trajecten


@pytest.fixture
def dbfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return reference_db(tmp_path, capsys)


def test_withdraw_dry_run_then_for_real(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    path = trajecten(tmp_path / "t.xlsx", [ROW])
    code, out, _ = run(capsys, "import", str(path), "--db", dbfile, "--json")
    batch = json.loads(out)[0]["batch"]

    code, out, _ = run(capsys, "withdraw", "--batch", str(batch), "--dry-run", "--db", dbfile)
    assert code == 0 and "Proefrun" in out and "zou ingetrokken worden" in out
    assert "1 record" in out and "inzetten: 1 verwijderd" in out

    code, out, _ = run(capsys, "withdraw", "--batch", str(batch), "--db", dbfile, "--json")
    data = json.loads(out)
    assert code == 0 and data["batch"] == batch and not data["dry_run"]
    assert data["entities"]["spend_line"]["removed"] == 1

    code, _, err = run(capsys, "withdraw", "--batch", str(batch), "--db", dbfile)
    assert code == EXIT_REFUSED and "al ingetrokken" in err

    code, out, _ = run(capsys, "import", str(path), "--db", dbfile, "--json")
    again = json.loads(out)[0]
    assert code == 0 and again["status"] == "imported" and again["batch"] != batch


def test_withdraw_of_an_unknown_batch_is_refused(
    capsys: pytest.CaptureFixture[str], dbfile: str
) -> None:
    code, _, err = run(capsys, "withdraw", "--batch", "42", "--db", dbfile)
    assert code == EXIT_REFUSED and "batch 42 bestaat niet" in err


def test_db_without_a_command_opens_the_window(tmp_path: Path) -> None:
    target = str(tmp_path / "venster.sqlite")
    with mock.patch("ketenkoppeling.ui.app.run_gui", return_value=0) as run_gui:
        assert main(["--db", target]) == 0
    run_gui.assert_called_once_with(target)
    with mock.patch("ketenkoppeling.ui.app.run_gui", return_value=0) as run_gui:
        assert main(["gui", "--db", target]) == 0
    run_gui.assert_called_once_with(target)


def test_db_before_a_command_is_used_by_it(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    code, out, _ = run(capsys, "--db", dbfile, "findings", "--json")
    assert code == 0 and json.loads(out) == {"findings": []}
    # the command's own --db wins
    code, _, err = run(capsys, "--db", "/nonexistent/dir/x.sqlite", "withdraw", "--batch", "3",
                       "--db", dbfile)  # fmt: skip
    assert code == EXIT_REFUSED and "batch 3 bestaat niet" in err
