"""Scratch files a killed import leaves in the temporary folder are removed at the start of
the next import (ketenkoppeling/sources/scratch.py)."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from lxml import etree

from ketenkoppeling.sources import scratch
from ketenkoppeling.sources.base import Location, RawRecord
from ketenkoppeling.sources.seen import SeenValues
from ketenkoppeling.sources.xml_spill import HeldRecords

ROOT = Path(__file__).parents[2]


def old_file(folder: Path, name: str, age: float = 3600) -> Path:
    path = folder / name
    path.write_bytes(b"kladblok")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_only_stale_unlocked_scratch_files_of_the_user_are_removed(tmp_path: Path) -> None:
    stale = old_file(tmp_path, "ketenkoppeling-4242-seen-abc.db")
    legacy = old_file(tmp_path, "ketenkoppeling-seen-oud.db")
    locked = old_file(tmp_path, "ketenkoppeling-4243-seen-bezet.db")
    fresh = old_file(tmp_path, "ketenkoppeling-4244-seen-nieuw.db", age=-60)
    other = old_file(tmp_path, "ketenkoppeling-pg-root.log")
    unrelated = old_file(tmp_path, "iets-anders-seen-x.db")
    folder = tmp_path / "ketenkoppeling-9-seen-map"
    folder.mkdir()
    os.utime(folder, (0, 0))
    with locked.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        removed = scratch.remove_stale(tmp_path)
    assert sorted(removed) == sorted([stale, legacy])
    for kept in (locked, fresh, other, unrelated, folder):
        assert kept.exists(), kept
    assert not stale.exists() and not legacy.exists()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="alleen als root")
def test_a_scratch_file_of_another_user_is_left_alone(tmp_path: Path) -> None:
    theirs = old_file(tmp_path, "ketenkoppeling-77-seen-van-een-ander.db")
    os.chown(theirs, 65534, 65534)
    assert scratch.remove_stale(tmp_path) == []
    assert theirs.exists()


def test_a_scratch_file_in_use_holds_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen = SeenValues(memory_limit=1)
    seen.add("a", 1)
    seen.add("b", 2)
    path = Path(seen._path or "")
    assert scratch.NAME.match(path.name) and path.name.startswith(f"ketenkoppeling-{os.getpid()}-")
    os.utime(path, (0, 0))  # even when it looks old, it is in use
    assert scratch.remove_stale(tmp_path) == []
    assert seen.first_line("b") == 2
    seen.close()
    assert list(tmp_path.iterdir()) == []


def test_the_spill_file_of_the_xml_reader_has_no_name_to_leave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    parent = etree.Element("p")
    held = HeldRecords(max_records=1)
    for i in range(3):
        held.push(RawRecord(Location(line=i), element=etree.SubElement(parent, "r")), 1)
    assert held.spilled_total == 3
    assert list(tmp_path.iterdir()) == []  # unnamed on POSIX: a kill leaves nothing
    held.close()


CHILD = """
import sys, time
from ketenkoppeling.sources.seen import SeenValues
seen = SeenValues(memory_limit=1)
for i in range(5):
    seen.add(f"id-{i}", i)
seen._db.commit()
print(seen._path, flush=True)
time.sleep(60)
"""
NEXT_IMPORT = """
from ketenkoppeling.sources.seen import SeenValues
SeenValues()
"""


def test_a_killed_import_leaves_a_file_that_the_next_one_removes(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    path = Path(child.stdout.readline().strip())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert path.parent == tmp_path and path.exists()  # the kill left it behind
    time.sleep(0.05)  # the next process starts after the file's last change
    subprocess.run([sys.executable, "-c", NEXT_IMPORT], env=env, check=True, timeout=60)
    assert not path.exists()


def test_the_findings_spill_of_a_check_is_a_scratch_file() -> None:
    """A check killed halfway leaves its findings file (messages name BSNs) behind: it is a
    scratch file, removed at the start of the next import or check."""
    from ketenkoppeling.checks.spill import CandidateSpill

    spill = CandidateSpill()
    try:
        name = Path(spill.path).name
        assert scratch.NAME.match(name) and "-controle-" in name
        assert oct(Path(spill.path).stat().st_mode & 0o777) == "0o600"
        stale = scratch.stale_files(Path(spill.path).parent, before=time.time() + 60)
        assert Path(spill.path) not in stale  # in use: locked
    finally:
        spill.close()
    assert not Path(spill.path).exists()
