"""Scratch files in the temporary folder, and removing the ones a killed import left behind.

Every scratch file is named ``ketenkoppeling-<pid>-<kind>-…`` (kind ``seen`` or ``wacht`` of an
import, ``controle`` of a check's findings) and,
on POSIX, holds an exclusive ``flock`` while it is in use. A file is stale, and
:func:`remove_stale` deletes it, when all of these hold:

- its name is a scratch file's (:data:`NAME`; older versions' ``ketenkoppeling-seen-…`` too,
  but nothing else that starts with ``ketenkoppeling-``, such as a test server's folder);
- it is a regular file;
- it belongs to the current user (POSIX; on Windows the temporary folder is the user's own);
- it was last changed before this process started (so no file of this process, nor one a
  process started meanwhile is still writing);
- it is not locked: on POSIX a non-blocking ``flock`` succeeds; on Windows a file still open
  in another process cannot be deleted and is left alone.

:func:`remove_stale` runs once per process, at the start of the first import (the readers
call it).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import IO

PREFIX = "ketenkoppeling-"
KINDS = ("seen", "wacht", "controle")
NAME = re.compile(rf"^{PREFIX}(\d+-)?({'|'.join(KINDS)})-[^/\\]*$")
STARTED = time.time()
_cleaned = False

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def create(kind: str, suffix: str = "") -> tuple[str, IO[bytes]]:
    """A new scratch file: its path, and an open handle that holds its lock (keep it open while
    the file is in use, close it before deleting)."""
    if kind not in KINDS:
        raise ValueError(f"onbekende soort kladbestand {kind}")
    handle, path = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}-{kind}-", suffix=suffix)
    lock = os.fdopen(handle, "r+b")
    if fcntl is not None:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    return path, lock


def _in_use(path: Path) -> bool:
    if fcntl is None:  # pragma: no cover - Windows: deleting an open file fails instead
        return False
    try:
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        return True
    return False


def stale_files(folder: Path | None = None, *, before: float | None = None) -> list[Path]:
    """The stale scratch files in ``folder`` (default: the temporary folder); see the module."""
    folder = Path(folder or tempfile.gettempdir())
    before = STARTED if before is None else before
    uid = os.getuid() if hasattr(os, "getuid") else None
    found: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        if not NAME.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        if uid is not None and info.st_uid != uid:
            continue
        if info.st_mtime >= before:
            continue
        path = Path(entry.path)
        if not _in_use(path):
            found.append(path)
    return found


def remove_stale(folder: Path | None = None, *, before: float | None = None) -> list[Path]:
    """Delete the stale scratch files (see the module); the ones deleted. Never raises."""
    removed: list[Path] = []
    for path in stale_files(folder, before=before):
        try:
            path.unlink()
        except OSError:  # in use (Windows), or gone meanwhile
            continue
        removed.append(path)
    return removed


def remove_stale_once() -> None:
    """:func:`remove_stale` the first time it is called in this process."""
    global _cleaned
    if _cleaned:
        return
    _cleaned = True
    remove_stale()
