"""The command-line contract of spec/cli.md: JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketenkoppeling.cli import main

SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dbfile(tmp_path: Path) -> str:
    return str(tmp_path / "cli.sqlite")


def test_reference_json(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    code, out, _ = run(
        capsys, "reference", str(SAMPLES / "referentie.xlsx"), "--db", dbfile, "--json"
    )
    assert code == 0
    assert json.loads(out) == {
        "partners": 6, "budgets": 5, "instruments": 10, "regimes": 9, "providers": 12,
    }  # fmt: skip


def test_reference_text_is_dutch(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    code, out, _ = run(capsys, "reference", str(SAMPLES / "referentie.xlsx"), "--db", dbfile)
    assert code == 0 and "partners" in out.lower()


def test_bad_reference_workbook_exits_3(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    bad = tmp_path / "kapot.xlsx"
    bad.write_text("geen excel", encoding="utf-8")
    code, _, err = run(capsys, "reference", str(bad), "--db", dbfile)
    assert code == 3 and "kapot.xlsx" in err


def test_import_json_shape(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    run(capsys, "reference", str(SAMPLES / "referentie.xlsx"), "--db", dbfile, "--json")
    code, out, _ = run(
        capsys, "import", str(SAMPLES / "uwv-2008-batch2.xml"), "--db", dbfile, "--json"
    )
    assert code == 0
    [result] = json.loads(out)
    assert result["file"] == "uwv-2008-batch2.xml"
    assert result["status"] == "imported"
    assert result["mapping"] == "ketenbericht-v1"
    assert isinstance(result["batch"], int)
    assert set(result["records"]) == {"read", "new", "unchanged", "replaced", "quarantined"}
    records = result["records"]
    assert records["read"] == sum(v for k, v in records.items() if k != "read")
    error = result["errors"][0]
    assert set(error) >= {"location", "field", "message"}
    assert (
        error["location"].startswith("line ") and "/Berichtenbatch/Berichten/" in error["location"]
    )
    code, out, _ = run(
        capsys, "import", str(SAMPLES / "uwv-2008-batch2.xml"), "--db", dbfile, "--json"
    )
    assert code == 0 and json.loads(out)[0]["status"] == "already-imported"


def test_import_refused_file_exits_3(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    bad = tmp_path / "kapot.xml"
    bad.write_text("<a><b></a>", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(bad), "--db", dbfile, "--json")
    assert code == 3
    assert json.loads(out)[0]["status"] == "rejected"


def test_unknown_mapping_and_usage_errors(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    code, out, _ = run(
        capsys, "import", str(SAMPLES / "uwv-2008-batch2.xml"), "--mapping", "bestaat-niet",
        "--db", dbfile, "--json",
    )  # fmt: skip
    assert code == 3 and "bestaat-niet" in json.loads(out)[0]["message"]
    with pytest.raises(SystemExit) as exc:
        main(["report", "--partner", "UWV"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["reconcile", "--from", "gisteren", "--to", "2008-12-31"])
    assert exc.value.code == 2
