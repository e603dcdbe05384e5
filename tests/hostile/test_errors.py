"""Unexpected errors (ketenkoppeling/errors.py): a Dutch message with an error reference, the
detail in a log only its owner can read, and no personal data anywhere in either."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import StatementError

from ketenkoppeling import errors
from ketenkoppeling.cli import main
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import ClientRow
from tests.hostile.conftest import SAMPLES, assert_clean
from tests.hostile.test_csv import raw_bad_line
from tests.hostile.workbooks import workbook

BSN = "123456782"
NAME = "Jansen-Geheim"


@pytest.fixture(autouse=True)
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "log"
    monkeypatch.setenv(errors.ENV_LOG_DIR, str(folder))
    return folder


def duplicate_client(db: Database) -> StatementError:
    """A real database error whose statement carries a BSN and a name as parameters."""
    row = {"bsn": BSN, "surname": NAME, "content_hash": "x"}
    with db.session() as session:
        session.execute(insert(ClientRow).values(**row))
    with pytest.raises(StatementError) as caught, db.session() as session:
        session.execute(insert(ClientRow).values(**row))
    return caught.value


def test_the_engine_hides_parameters(any_db: Database) -> None:
    assert any_db.engine.hide_parameters is True
    error = duplicate_client(any_db)
    assert NAME not in str(error)
    assert "hidden" in str(error)  # SQLAlchemy's own note that parameters were left out


def test_the_log_has_the_statement_but_no_values(any_db: Database, log_folder: Path) -> None:
    error = duplicate_client(any_db)
    secret_message = "opslaan mislukt"
    try:
        raise RuntimeError(secret_message) from error
    except RuntimeError as exc:
        message = errors.report_unexpected(exc, command="import")
    log = (log_folder / errors.LOG_NAME).read_text(encoding="utf-8")
    reference = re.search(r"foutreferentie (KK-\d{8}-[0-9a-f]{6})", message)
    assert reference is not None and reference.group(1) in log
    assert "INSERT INTO client" in log
    assert "sqlalchemy.exc.IntegrityError" in log
    assert "UniqueViolation" in log or "sqlite3.IntegrityError" in log
    assert "test_errors.py" in log  # the frames, to find the place in the code
    for secret in (BSN, NAME, "opslaan mislukt"):  # no values, no messages
        assert secret not in log
        assert secret not in message
    if any_db.engine.dialect.name == "postgresql":
        assert "SQLSTATE: 23505" in log and "constraint_name: pk_client" in log


def test_the_log_is_for_its_owner_only(log_folder: Path) -> None:
    errors.report_unexpected(ValueError(f"invalid literal: '{NAME}'"))
    path = log_folder / errors.LOG_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_folder.stat().st_mode) == 0o700
    path.chmod(0o644)  # made readable by someone: the next entry closes it again
    errors.report_unexpected(KeyError(BSN))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.count("=== KK-") == 2
    assert NAME not in text and BSN not in text


def test_the_log_is_rotated(log_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errors, "MAX_LOG", 100)
    for _ in range(3):
        errors.report_unexpected(OSError(2, "No such file or directory", f"/data/{NAME}.csv"))
    assert (log_folder / (errors.LOG_NAME + ".1")).exists()
    text = (log_folder / errors.LOG_NAME).read_text(encoding="utf-8")
    assert "errno: ENOENT" in text and NAME not in text


def test_an_unwritable_log_still_gives_a_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "bestand"
    blocked.write_text("")
    monkeypatch.setenv(errors.ENV_LOG_DIR, str(blocked / "log"))  # a file is in the way
    message = errors.report_unexpected(RuntimeError(BSN))
    assert message.startswith("Er ging iets onverwachts mis (foutreferentie KK-")
    assert "konden niet worden vastgelegd" in message and BSN not in message


def test_the_cli_shows_a_reference_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    log_folder: Path,
) -> None:  # fmt: skip
    import ketenkoppeling.importing as importing

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError(f"invalid literal for int() with base 10: '{NAME} {BSN}'")

    monkeypatch.setattr(importing, "import_files", broken)
    code = main(["import", str(SAMPLES / "uwv-2008-batch2.xml"), "--db", str(tmp_path / "k.db")])
    _out, err = capsys.readouterr()
    assert code == 1
    assert re.fullmatch(
        r"Er ging iets onverwachts mis \(foutreferentie KK-\d{8}-[0-9a-f]{6}\)\.\n"
        r"De details staan in .*fouten\.log\.\n",
        err,
    ), err
    assert "ValueError" not in err and NAME not in err and BSN not in err
    log = (log_folder / errors.LOG_NAME).read_text(encoding="utf-8")
    assert "opdracht: import" in log and "ValueError" in log and NAME not in log


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("facturen-rib-0001.csv", b"\x00\x01\x02\x03" * 500),
        ("facturen-rib-0002.csv", b""),
        ("trajecten.xlsx", b"PK\x03\x04 afgebroken"),
        ("bom.xlsx", None),
        ("batch.xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"),
    ],
)
def test_the_cli_refuses_hostile_files_with_exit_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes | None
) -> None:
    db = str(tmp_path / "k.db")
    assert main(["reference", str(SAMPLES / "referentie.xlsx"), "--db", db]) == 0
    capsys.readouterr()
    path = tmp_path / name
    if content is None:
        content = workbook(edit=lambda m: m.update({"xl/styles.xml": m["xl/styles.xml"].replace(
            "?>\n", "?>\n<!DOCTYPE s [<!ENTITY e 'x'>]>", 1)}))  # fmt: skip
    path.write_bytes(content)
    code = main(["import", str(path), "--db", db])
    out, err = capsys.readouterr()
    assert code == 3, (out, err)
    assert name in out + err
    assert_clean(out + err)


def test_the_cli_quarantines_a_bad_record_and_exits_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "k.db")
    assert main(["reference", str(SAMPLES / "referentie.xlsx"), "--db", db]) == 0
    path = tmp_path / "facturen-rib-0003.csv"
    path.write_bytes(raw_bad_line("referentie", b"ZVT\x81"))
    capsys.readouterr()
    assert main(["import", str(path), "--db", db]) == 0
    out, _ = capsys.readouterr()
    assert "ongeldig teken (byte 0x81) in kolom referentie" in out


def test_the_short_path_keeps_no_home_folder() -> None:
    home = os.path.expanduser("~")
    assert errors._short_path(f"{home}/x/.venv/lib/python3.11/site-packages/sqlalchemy/a.py") == (
        "sqlalchemy/a.py"
    )
    assert errors._short_path(f"{home}/src/ketenkoppeling/ketenkoppeling/cli.py") == (
        "ketenkoppeling/cli.py"
    )
