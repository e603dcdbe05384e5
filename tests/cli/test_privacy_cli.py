"""Privacy by default on the command line (spec/cli.md): BSNs masked in text, JSON and
workbooks unless --show-bsn is given, and that request is written to the audit log."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from ketenkoppeling.cli import main
from ketenkoppeling.store import open_database
from ketenkoppeling.store.tables import AuditLogRow, ClientRow

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
PERIOD = ("--from", "2008-01-01", "--to", "2008-12-31")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The samples imported and checked once for the module."""
    dbfile = str(tmp_path_factory.mktemp("privacy") / "cli.sqlite")
    order = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["import_order"]
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["reference", str(SAMPLES / order[0]), "--db", dbfile]) == 0
        assert main(["import", *[str(SAMPLES / f) for f in order[1:]], "--db", dbfile]) == 0
        assert main(["check", "--db", dbfile]) == 0
    return dbfile


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def bsns(dbfile: str) -> set[str]:
    db = open_database(dbfile)
    with db.session() as s:
        return set(s.scalars(select(ClientRow.bsn)))


def reveals(dbfile: str) -> list[AuditLogRow]:
    db = open_database(dbfile)
    with db.session() as s:
        return list(s.scalars(select(AuditLogRow).where(AuditLogRow.action == "show-bsn")))


def full_bsns_in(text: str, known: set[str]) -> set[str]:
    return {bsn for bsn in known if bsn in text}


def package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


def test_findings_are_masked_by_default(capsys: pytest.CaptureFixture[str], loaded: str) -> None:
    known = bsns(loaded)
    before = len(reveals(loaded))
    out = run(capsys, "findings", "--status", "all", "--db", loaded, "--json")
    assert not full_bsns_in(out, known)
    findings = json.loads(out)["findings"]
    d2 = [f for f in findings if f["rule"] == "D2"]
    assert d2
    for f in d2:
        assert "geboren" not in f["message"] and "postcode" not in f["message"].split(".")[0]
        assert f["message"].count("client *****") == 2, f["message"]
        assert all(r.startswith("client *****") for r in f["records"])
        assert "birth_date" not in f["details"]
        assert all(b.startswith("*****") and len(b) == 9 for b in f["details"]["bsns"])
    text = run(capsys, "findings", "--status", "all", "--db", loaded)
    assert not full_bsns_in(text, known) and "client *****" in text
    assert len(reveals(loaded)) == before  # nothing revealed, nothing logged


def test_show_bsn_reveals_and_is_audited(capsys: pytest.CaptureFixture[str], loaded: str) -> None:
    known = bsns(loaded)
    before = len(reveals(loaded))
    out = run(capsys, "findings", "--status", "all", "--db", loaded, "--json", "--show-bsn")
    assert full_bsns_in(out, known)
    d2 = next(f for f in json.loads(out)["findings"] if f["rule"] == "D2")
    assert "geboren" in d2["message"] and "birth_date" in d2["details"]
    logged = reveals(loaded)
    assert len(logged) == before + 1
    assert logged[-1].subject == "opdrachtregel: findings --json" and logged[-1].user


def test_check_json_is_masked(capsys: pytest.CaptureFixture[str], loaded: str) -> None:
    out = run(capsys, "check", "--db", loaded, "--json")
    assert json.loads(out)["findings"] and not full_bsns_in(out, bsns(loaded))


def test_report_json_and_workbook(
    capsys: pytest.CaptureFixture[str], loaded: str, tmp_path: Path
) -> None:
    known = bsns(loaded)
    masked = tmp_path / "verantwoording.xlsx"
    out = run(capsys, "report", "--partner", "UWV", *PERIOD, "--db", loaded, "--json",
              "--xlsx", str(masked))  # fmt: skip
    data = json.loads(out)
    assert data["per_client"] and all(c["bsn"].startswith("*****") for c in data["per_client"])
    assert not full_bsns_in(out, known)
    assert not full_bsns_in(package_text(masked), known)
    before = len(reveals(loaded))
    full = tmp_path / "volledig.xlsx"
    out = run(capsys, "report", "--partner", "UWV", *PERIOD, "--db", loaded, "--json",
              "--xlsx", str(full), "--show-bsn")  # fmt: skip
    assert all(c["bsn"] in known for c in json.loads(out)["per_client"])
    assert full_bsns_in(package_text(full), known)
    assert reveals(loaded)[-1].subject == f"opdrachtregel: report --json, werkmap {full}"
    assert len(reveals(loaded)) == before + 1


def test_settle_workbook_is_masked(
    capsys: pytest.CaptureFixture[str], loaded: str, tmp_path: Path
) -> None:
    known = bsns(loaded)
    path = tmp_path / "verrekening.xlsx"
    run(capsys, "settle", *PERIOD, "--db", loaded, "--xlsx", str(path))
    assert "*****" in package_text(path) and not full_bsns_in(package_text(path), known)
    run(capsys, "settle", *PERIOD, "--db", loaded, "--xlsx", str(path), "--show-bsn")
    assert full_bsns_in(package_text(path), known)


def test_reconcile_takes_show_bsn(capsys: pytest.CaptureFixture[str], loaded: str) -> None:
    masked = json.loads(run(capsys, "reconcile", *PERIOD, "--db", loaded, "--json"))
    shown = json.loads(run(capsys, "reconcile", *PERIOD, "--db", loaded, "--json", "--show-bsn"))
    assert masked["spend_total"] == shown["spend_total"]  # amounts are never masked
    assert reveals(loaded)[-1].subject == "opdrachtregel: reconcile --json"


def test_commands_without_bsns_have_no_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["allocate", "sleutel.toml", "--show-bsn"])
    assert exc.value.code == 2
