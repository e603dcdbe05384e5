"""Short writes while a long one runs (issue 11), with real processes: a decision on a finding,
a mapping saved, a batch withdrawn, reference data and an allocation key stored while an
import holds the database. On SQLite (one writer at a time) the short write waits its turn
under the import lock, tells the user for whom once the wait lasts longer than a moment, and
completes after the import, never in SQLite's busy timeout ("database is locked"): the worker
processes run with a busy timeout of 0.3 s, so a wait there would fail. On PostgreSQL the short
writes run side by side with an import (a withdrawal waits for it, as it changes the import's
records) and a transaction that lost a race is run again: nothing fails, nothing is lost.

Runs on SQLite and, when KETENKOPPELING_TEST_PG names one, on PostgreSQL (``any_db``).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError

from ketenkoppeling.checks.runner import run_checks
from ketenkoppeling.demo.generator import write_region
from ketenkoppeling.importing import import_files
from ketenkoppeling.mapping_store import export_mapping, list_versions
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database
from ketenkoppeling.store.locks import (
    IMPORT_LOCK,
    QUIET,
    exclusive,
    holder,
    lost_race,
    short_write,
)
from ketenkoppeling.store.tables import (
    AllocationKeyVersionRow,
    AuditLogRow,
    FindingRow,
    ImportBatchRow,
    PartnerRow,
)
from tests.accounting.test_allocation import EXAMPLE

TIMEOUT = 60  # seconds: a process that takes longer has hung
HOLD = 1.0  # seconds the "long import" goes on after the short write said it waits
FILES = ("uwv-2008-batch1.xml", "uwv-2008-batch2.xml")

# A process that loads the product and opens the database first, then waits for the go-file
# and does one short write; prints its result as JSON. SQLite's busy timeout is cut to 0.3 s:
# a short write that waited there instead of in its turn would fail with "database is locked".
SHORT = """
import json, sys, time
from pathlib import Path
import ketenkoppeling.store.database as database
database.SQLITE_BUSY_TIMEOUT_MS = 300
from ketenkoppeling.store import open_database
from ketenkoppeling.checks.review import resolve
from ketenkoppeling.mapping_store import import_mapping_file
from ketenkoppeling.withdrawal import withdraw_batch
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.accounting.allocation_store import store_key_version

go, kind, url, arg = sys.argv[1:5]
db = open_database(url)
while not Path(go).exists():
    time.sleep(0.005)
if kind == "decide":
    view = resolve(db, int(arg), "gecorrigeerd in de bron", user="bram")
    out = {"id": view.id, "status": view.status, "version": view.version}
elif kind == "mapping":
    saved = import_mapping_file(db, Path(arg), comment="bijgewerkt", user="bram")
    out = {"name": saved.name, "version": saved.version}
elif kind == "withdraw":
    result = withdraw_batch(db, int(arg), user="bram")
    out = {"batch": result.batch, "removed": result.removed}
elif kind == "reference":
    out = load_reference_workbook(db, Path(arg), user="bram").to_json()
elif kind == "key":
    saved = store_key_version(db, Path(arg).read_text(encoding="utf-8"), user="bram")
    out = {"name": saved.key.name, "version": saved.version.version}
print(json.dumps(out), flush=True)
"""

# the command line in a process of its own, started at the go-file (as test_concurrency.py)
CLI = """
import sys, time
from pathlib import Path
import ketenkoppeling.cli, ketenkoppeling.importing
from ketenkoppeling.store import open_database
open_database(sys.argv[-1]).dispose()
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.005)
sys.exit(ketenkoppeling.cli.main(sys.argv[2:]))
"""


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("region")
    write_region(out, clients=1000, seed=3)
    return out


@pytest.fixture
def checked(any_db: Database, region: Path) -> Database:
    """The region's reference data and first file imported, and checked: open findings."""
    load_reference_workbook(any_db, region / "referentie.xlsx")
    import_files(any_db, [region / FILES[0]])
    run_checks(any_db, user="anna")
    return any_db


class Short:
    """A short-write process, loaded and waiting for its go-file; its stderr read as it
    comes (to see when it is told that it waits)."""

    def __init__(self, tmp: Path, db: Database, kind: str, arg: str) -> None:
        self.go = tmp / f"go-{kind}-{time.monotonic_ns()}"
        self.process = subprocess.Popen(
            [sys.executable, "-c", SHORT, str(self.go), kind, db.url, arg],
            env={**os.environ, "KETENKOPPELING_USER": "bram"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.err: list[str] = []
        self.told = threading.Event()
        self.reader = threading.Thread(target=self._read_stderr, daemon=True)
        self.reader.start()

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.err.append(line)
            if "loopt al bij" in line:
                self.told.set()

    def start(self) -> None:
        time.sleep(1.5)  # loaded, database open
        self.go.touch()

    def result(self) -> tuple[Any, str]:
        assert self.process.stdout is not None
        try:
            self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        out = self.process.stdout.read()
        self.reader.join(TIMEOUT)
        err = "".join(self.err)
        assert self.process.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err, err
        return json.loads(out), err


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def _long_import(db: Database) -> Iterator[None]:
    """What a long import does to the database while the block runs: it holds the import lock
    and (on SQLite) the database's write lock, in a transaction that writes."""
    with exclusive(db, IMPORT_LOCK, user="anna", task="inlezen van groot.xml"):
        if db.is_sqlite:
            with db.engine.connect() as conn:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                conn.execute(
                    insert(AuditLogRow).values(at=_now(), user="anna", action="x", subject="y")
                )
                yield
                conn.exec_driver_sql("COMMIT")
        else:
            yield


def _audited(db: Database, action: str) -> AuditLogRow:
    """The short write's audit entry; on SQLite it came after the long import's (by id)."""
    with db.session() as session:
        row = session.scalars(
            select(AuditLogRow).where(AuditLogRow.action == action, AuditLogRow.user == "bram")
        ).one()
        if db.is_sqlite:
            long = session.scalars(select(AuditLogRow).where(AuditLogRow.user == "anna")).all()
            assert long and all(r.id < row.id for r in long)
    return row


def _first_open_finding(db: Database) -> int:
    with db.session() as session:
        found = session.scalar(select(func.min(FindingRow.id)).where(FindingRow.status == "open"))
    assert found is not None
    return found


def _run_during_long_import(db: Database, tmp: Path, kind: str, arg: str) -> tuple[Any, str, bool]:
    """Start the short write while a long import holds the database: its result, its stderr
    and whether it was done before the import ended. Where it has to wait (SQLite; a
    withdrawal everywhere) the import goes on until the short write says it waits, and a
    while longer."""
    short = Short(tmp, db, kind, arg)
    waits = db.is_sqlite or kind == "withdraw"
    with _long_import(db):
        short.start()
        if waits:
            assert short.told.wait(TIMEOUT), "".join(short.err)
            time.sleep(HOLD)
        else:
            with contextlib.suppress(subprocess.TimeoutExpired):
                short.process.wait(TIMEOUT)
        during = short.process.poll() is not None
    out, err = short.result()
    assert during == (not waits)  # it waited for the import, or it ran beside it
    return out, err, during


def _told_on_sqlite(db: Database, err: str, what: str) -> None:
    if db.is_sqlite:  # waited longer than a moment: told for whom, once
        assert err.count("inlezen van groot.xml loopt al bij anna sinds ") == 1, err
        assert err.strip().endswith("; wacht…"), err
    elif what != "withdraw":
        assert err == ""  # ran side by side: nothing to tell


def test_decision_during_an_import(checked: Database, tmp_path: Path) -> None:
    finding = _first_open_finding(checked)
    out, err, _during = _run_during_long_import(checked, tmp_path, "decide", str(finding))
    assert out["id"] == finding and out["status"] == "resolved"
    _told_on_sqlite(checked, err, "decide")
    _audited(checked, "finding.resolve")
    with checked.session() as session:
        row = session.get(FindingRow, finding)
        assert row is not None and row.status == "resolved" and row.version == out["version"]


def test_mapping_saved_during_an_import(any_db: Database, tmp_path: Path) -> None:
    file = export_mapping(any_db, "ketenbericht-v1", tmp_path / "ketenbericht.xml")
    before = len(list_versions(any_db, "ketenbericht-v1"))
    out, err, _during = _run_during_long_import(any_db, tmp_path, "mapping", str(file))
    assert out["name"] == "ketenbericht-v1"
    _told_on_sqlite(any_db, err, "mapping")
    assert len(list_versions(any_db, "ketenbericht-v1")) == before + 1
    _audited(any_db, "mapping-save")


def test_allocation_key_saved_during_an_import(any_db: Database, tmp_path: Path) -> None:
    file = tmp_path / "sleutel.toml"
    file.write_text(EXAMPLE, encoding="utf-8")
    out, err, _during = _run_during_long_import(any_db, tmp_path, "key", str(file))
    assert out == {"name": "Projectkosten voorbeeld", "version": 1}
    _told_on_sqlite(any_db, err, "key")
    with any_db.session() as session:
        stored = session.scalars(select(AllocationKeyVersionRow)).all()
    assert [(k.name, k.version, k.author) for k in stored] == [
        ("Projectkosten voorbeeld", 1, "bram")
    ]
    _audited(any_db, "verdeelsleutel.opgeslagen")


def test_reference_data_loaded_during_an_import(
    any_db: Database, region: Path, tmp_path: Path
) -> None:
    out, err, _during = _run_during_long_import(
        any_db, tmp_path, "reference", str(region / "referentie.xlsx")
    )
    assert out["partners"] > 0
    _told_on_sqlite(any_db, err, "reference")
    with any_db.session() as session:
        assert session.scalar(select(func.count()).select_from(PartnerRow)) == out["partners"]


def test_withdrawal_waits_for_the_import_on_both_databases(
    checked: Database, tmp_path: Path
) -> None:
    out, err, _during = _run_during_long_import(checked, tmp_path, "withdraw", "1")
    assert out["batch"] == 1 and out["removed"] > 0
    # it changes the import's records: it waited on PostgreSQL as well, and was told
    assert err.count("inlezen van groot.xml loopt al bij anna sinds ") == 1, err
    _audited(checked, "withdraw")
    with checked.session() as session:
        batch = session.get(ImportBatchRow, 1)
        assert batch is not None and batch.status == "withdrawn"


def test_a_short_wait_is_not_told(any_db: Database, tmp_path: Path) -> None:
    """Waiting less than a moment (``QUIET``) is not worth a message."""
    file = export_mapping(any_db, "ketenbericht-v1", tmp_path / "ketenbericht.xml")
    short = Short(tmp_path, any_db, "mapping", str(file))
    with _long_import(any_db):
        short.start()
        time.sleep(QUIET / 4)
    _out, err = short.result()
    assert "loopt al" not in err


def test_real_import_with_short_writes_at_once(
    checked: Database, region: Path, tmp_path: Path
) -> None:
    """A real import (the command line) and a decision, a mapping save and a second reference
    load started at the same moment: everything completes, nothing fails, nothing is lost."""
    finding = _first_open_finding(checked)
    mapping = export_mapping(checked, "ketenbericht-v1", tmp_path / "ketenbericht.xml")
    shorts = [
        Short(tmp_path, checked, "decide", str(finding)),
        Short(tmp_path, checked, "mapping", str(mapping)),
        Short(tmp_path, checked, "reference", str(region / "referentie.xlsx")),
    ]
    go = tmp_path / "go-import"
    importer = subprocess.Popen(
        [sys.executable, "-c", CLI, str(go), "import", "--json", str(region / FILES[1]),
         "--db", checked.url],
        env={**os.environ, "KETENKOPPELING_USER": "anna"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    time.sleep(1.5)
    go.touch()
    deadline = time.monotonic() + 10
    while holder(checked, IMPORT_LOCK) is None and importer.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.01)
    for short in shorts:
        short.go.touch()
    out, err = importer.communicate(timeout=TIMEOUT)
    assert importer.returncode == 0, err
    assert json.loads(out)[0]["status"] == "imported"
    results = [short.result()[0] for short in shorts]
    assert results[0]["status"] == "resolved"
    with checked.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatchRow)) == 2
        row = session.get(FindingRow, finding)
        assert row is not None and row.status == "resolved"


def test_two_reference_loads_at_once(any_db: Database, region: Path, tmp_path: Path) -> None:
    """On an empty database both insert the same new codes: on PostgreSQL the second meets a
    unique violation, and is run again (then it finds every code stored, unchanged)."""
    shorts = [
        Short(tmp_path, any_db, "reference", str(region / "referentie.xlsx")) for _ in range(2)
    ]
    time.sleep(1.5)
    for short in shorts:
        short.go.touch()
    results = [short.result()[0] for short in shorts]
    assert results[0]["partners"] == results[1]["partners"] > 0
    with any_db.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(PartnerRow)) == results[0]["partners"]
        )


# --- the turn itself ------------------------------------------------------------------------


class _Lost(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("lost")
        self.sqlstate = sqlstate


def test_a_short_write_that_lost_a_race_is_run_again(db: Database) -> None:
    calls: list[int] = []

    def work() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise DBAPIError("UPDATE finding", {}, _Lost("40P01"))
        return "klaar"

    assert short_write(db, work, user="anna", task="t") == "klaar"
    assert len(calls) == 2
    # not a race: raised at once
    calls.clear()

    def broken() -> str:
        calls.append(1)
        raise DBAPIError("UPDATE finding", {}, _Lost("23502"))

    with pytest.raises(DBAPIError):
        short_write(db, broken, user="anna", task="t")
    assert len(calls) == 1
    assert lost_race(DBAPIError("x", {}, _Lost("40001")))
    assert not lost_race(DBAPIError("x", {}, ValueError("iets anders")))
