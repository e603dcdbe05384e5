"""Remembering which values a file has used (e.g. every ``berichtId`` of a batch) in bounded
memory: a dictionary for the first values, then a scratch SQLite file on disk.

The scratch file is named and locked as :mod:`ketenkoppeling.sources.scratch` describes, so
that one left behind by a killed import is removed at the start of the next one."""

from __future__ import annotations

import os
import sqlite3
from typing import IO

from ketenkoppeling.sources import scratch


class SeenValues:
    """``first_line(value)`` answers where a value was first seen; ``add`` remembers it.

    Up to ``memory_limit`` values are kept in memory; beyond that they move to a temporary
    SQLite file, so that a batch of millions of messages does not grow the process.
    """

    def __init__(self, memory_limit: int = 50_000) -> None:
        self.memory_limit = memory_limit
        self._memory: dict[str, int] = {}
        self._db: sqlite3.Connection | None = None
        self._path: str | None = None
        self._pending = 0
        self._lock: IO[bytes] | None = None
        scratch.remove_stale_once()

    def first_line(self, value: str) -> int | None:
        line = self._memory.get(value)
        if line is not None or self._db is None:
            return line
        row = self._db.execute("SELECT line FROM seen WHERE value = ?", (value,)).fetchone()
        return None if row is None else int(row[0])

    def add(self, value: str, line: int) -> None:
        if self._db is None and len(self._memory) < self.memory_limit:
            self._memory[value] = line
            return
        db = self._open()
        db.execute("INSERT OR IGNORE INTO seen (value, line) VALUES (?, ?)", (value, line))
        self._pending += 1
        if self._pending >= 10_000:
            db.commit()
            self._pending = 0

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            self._path, self._lock = scratch.create("seen", ".db")
            self._db = sqlite3.connect(self._path)
            self._db.execute("PRAGMA journal_mode=OFF")
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("PRAGMA cache_size=-4096")  # 4 MB page cache
            self._db.execute("CREATE TABLE seen (value TEXT PRIMARY KEY, line INTEGER)")
            self._db.executemany("INSERT INTO seen VALUES (?, ?)", self._memory.items())
            self._memory.clear()
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        if self._path is not None:
            os.unlink(self._path)
            self._path = None
        self._memory.clear()

    def __del__(self) -> None:
        self.close()
