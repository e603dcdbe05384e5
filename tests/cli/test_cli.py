"""The command-line contract of spec/cli.md: JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketenkoppeling.cli import main
from tests.cli.helpers import SAMPLES, run


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


def test_full_run_on_the_samples(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    order = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["import_order"]
    run(capsys, "reference", str(SAMPLES / order[0]), "--db", dbfile, "--json")
    code, out, _ = run(capsys, "import", *[str(SAMPLES / f) for f in order[1:]], "--db", dbfile)
    assert code == 0 and "ingelezen als batch" in out
    code, out, _ = run(capsys, "check", "--db", dbfile, "--json")
    assert code == 0
    findings = json.loads(out)["findings"]
    assert {f["rule"] for f in findings} >= {"D1", "D2", "B2", "B3", "B4", "B5", "B6", "B7"}
    first = findings[0]
    assert set(first) >= {"id", "rule", "severity", "status", "records", "message", "suggestion"}
    code, out, _ = run(
        capsys, "report", "--partner", "UWV", "--from", "2008-01-01", "--to", "2008-12-31",
        "--db", dbfile, "--json",
    )  # fmt: skip
    report = json.loads(out)
    assert code == 0 and report["total"] == "86958.87"
    assert report["reservations"], "open findings touching UWV's lines are reservations"
    budgets = {b["code"]: b["attributed"] for b in report["budgets"]}
    assert budgets["UWV-RIB-WW-2008"] == "59542.90"
    code, out, _ = run(
        capsys, "settle", "--from", "01-07-2008", "--to", "31-12-2008", "--db", dbfile, "--json"
    )
    pairs = {(p["debtor"], p["creditor"]): p for p in json.loads(out)["pairs"]}
    assert pairs[("IASZ", "UWV")]["gross"] == "328.70"
    code, out, _ = run(capsys, "findings", "--status", "all", "--db", dbfile)
    assert code == 0 and "Voorstel" in out


KEY = """
name = "Projectkosten"
unit = "cent"

[[cost]]
year = 2009
items = { "Projectleider" = "60000.00", "Opleiding" = "20000.00" }

[[rule]]
partner = "CWI"
kind = "fixed"
amount = "5000.00"

[[rule]]
kind = "caseload"
percentage = "30"
partners = ["GEM-0392", "IASZ"]
counts = { "GEM-0392" = 2100, "IASZ" = 300 }

[[rule]]
partner = "WERKBEDRIJF"
kind = "remainder"
"""


def test_allocate_and_refusal(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    run(capsys, "reference", str(SAMPLES / "referentie.xlsx"), "--db", dbfile, "--json")
    key = tmp_path / "sleutel.toml"
    key.write_text(KEY, encoding="utf-8")
    code, out, _ = run(capsys, "allocate", str(key), "--db", dbfile, "--json")
    assert code == 0
    [year] = json.loads(out)["years"]
    shares = {(s["partner"], s["rule"]): s["amount"] for s in year["shares"]}
    # 30 % of 80000.00 = 24000.00 split 2100:300 → 21000.00 / 3000.00; the rest 51000.00
    assert year["total"] == "80000.00"
    assert shares[("CWI", "fixed")] == "5000.00"
    assert shares[("GEM-0392", "caseload")] == "21000.00"
    assert shares[("IASZ", "caseload")] == "3000.00"
    assert shares[("WERKBEDRIJF", "remainder")] == "51000.00"
    key.write_text(KEY.replace('kind = "remainder"', 'kind = "fixed"\namount = "1.00"'), "utf-8")
    code, _, err = run(capsys, "allocate", str(key), "--db", dbfile, "--json")
    assert code == 3 and err.strip()


def test_reconcile_json(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    run(capsys, "reference", str(SAMPLES / "referentie.xlsx"), "--db", dbfile, "--json")
    run(capsys, "import", str(SAMPLES / "trajecten-zvt.xlsx"), "--db", dbfile, "--json")
    code, out, _ = run(
        capsys, "reconcile", "--from", "2008-01-01", "--to", "2008-12-31", "--db", dbfile, "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert set(data) >= {"from", "to", "spend_total", "partners", "over_attributed", "unattributed"}
    assert data["spend_total"] == data["partners"]["GEM-0473"]
