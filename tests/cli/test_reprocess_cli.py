"""The command line of reprocessing (spec/cli.md): ``reprocess``, ``import --again``, the
refused empty mapping and mapping versions to and from a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import SAMPLES, reference_db, run
from tests.importing.test_reprocess import add_entry, uwv_with_new_product


@pytest.fixture
def dbfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return reference_db(tmp_path, capsys)


def test_reprocess_after_a_mapping_imported_from_a_file(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    export = uwv_with_new_product(SAMPLES, tmp_path)
    code, out, _ = run(capsys, "import", str(export), "--db", dbfile, "--json")
    imported = json.loads(out)[0]
    assert code == 0 and imported["records"]["quarantined"] == 3

    code, out, _ = run(capsys, "reprocess", "--db", dbfile, "--dry-run")
    assert code == 0 and "Proefrun" in out and "3 in quarantaine" in out

    mapping = tmp_path / "uwv.xml"
    code, _, _ = run(
        capsys, "mapping", "export", "uwv-reintegratie-export", str(mapping), "--db", dbfile
    )
    assert code == 0
    mapping.write_text(
        add_entry(mapping.read_text(encoding="utf-8"), "Werkervaringsplaats", "PP"),
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys, "mapping", "import", str(mapping), "--comment", "WEP", "--db", dbfile, "--json"
    )
    assert code == 0 and json.loads(out) == {"name": "uwv-reintegratie-export", "version": "2"}
    code, out, _ = run(capsys, "mapping", "versions", "uwv-reintegratie-export", "--db", dbfile)
    assert code == 0 and "versie 1  meegeleverd" in out and "WEP" in out

    code, out, _ = run(capsys, "reprocess", "--db", dbfile, "--json")
    assert code == 0
    (result,) = json.loads(out)
    assert result["status"] == "reprocessed"
    assert result["reprocessed_batch"] == imported["batch"]
    assert result["batch"] != imported["batch"] and result["mapping_version"] == "2"
    records = result["records"]
    assert records["read"] == 3 and records["quarantined"] == 0
    assert records["read"] == sum(
        records[k] for k in ("new", "unchanged", "replaced", "quarantined")
    )

    code, out, _ = run(capsys, "reprocess", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = run(capsys, "reprocess", "--db", dbfile, "--batch", str(imported["batch"]))
    assert code == 3 and "geen records in quarantaine" in err


def test_import_again(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    file = str(SAMPLES / "uitkeringsperioden-gemeenten.csv")
    assert run(capsys, "import", file, "--db", dbfile)[0] == 0
    code, out, _ = run(capsys, "import", file, "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "already-imported"
    code, out, _ = run(capsys, "import", file, "--db", dbfile, "--again", "--json")
    (again,) = json.loads(out)
    assert code == 0 and again["status"] == "imported"
    assert again["records"]["unchanged"] == again["records"]["read"] > 0


def test_a_chosen_mapping_that_yields_nothing_exits_3_and_records_nothing(
    capsys: pytest.CaptureFixture[str], dbfile: str
) -> None:
    file = str(SAMPLES / "haarlem-2008.xml")
    code, out, _ = run(
        capsys, "import", file, "--mapping", "suwinet-gsd-dossier-reintegratie", "--db", dbfile,
        "--json",
    )  # fmt: skip
    (refused,) = json.loads(out)
    assert code == 3 and refused["status"] == "rejected" and refused["batch"] is None
    assert "geen enkel record" in refused["message"]
    code, out, _ = run(capsys, "import", file, "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "imported"


def test_mapping_import_refuses_an_invalid_file(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    bad = tmp_path / "kapot.xml"
    bad.write_text('<mapping xmlns="urn:ketenkoppeling:mapping:v1" name="x">\n<oops/>\n</mapping>')
    code, _, err = run(capsys, "mapping", "import", str(bad), "--db", dbfile)
    assert code == 3 and "regel" in err
