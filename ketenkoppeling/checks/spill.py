"""The candidates of a run, kept on disk until the findings are synced (a temporary SQLite
file of the user's own, removed at the end): a large region has hundreds of thousands of
them, which would otherwise all be held in memory between reading and writing.

Candidates come back in found order: rule by rule (in the order of spec/rules.md), within a
rule in the order the rule yielded them; a second candidate with the fingerprint of an
earlier one is dropped (a rule named the same problem twice: one finding).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import IO, NamedTuple

from ketenkoppeling.checks.base import RULE_ORDER, Candidate
from ketenkoppeling.sources import scratch

WRITE_EVERY = 2_000  # candidates buffered before one executemany
_POSITION = {rule: n for n, rule in enumerate(RULE_ORDER)}


class Spilled(NamedTuple):
    """A candidate as it was kept: JSON columns as text (the form they are compared in)."""

    seq: int
    fingerprint: str
    rule: str
    severity: str
    records_text: str
    message: str
    suggestion: str | None
    details_text: str
    content_hash: str

    @property
    def records(self) -> list[str]:
        records: list[str] = json.loads(self.records_text)
        return records

    @property
    def details(self) -> object:
        return json.loads(self.details_text)


_COLUMNS = "seq, fingerprint, rule, severity, records, message, suggestion, details, content_hash"


class CandidateSpill:
    """Candidates on disk, in found order, one per fingerprint."""

    def __init__(self, path: str | None = None) -> None:
        """A new spill in a scratch file of its own, or (``path``) in a scratch file another
        process made and holds the lock of (the second process of a check writes there)."""
        self._lock: IO[bytes] | None = None
        if path is None:
            # a scratch file (readable by its user only, locked while in use): one a killed
            # check left behind is removed at the start of the next import or check
            scratch.remove_stale_once()
            path, self._lock = scratch.create("controle", ".sqlite")
        name = self.path = path
        self._con = sqlite3.connect(name, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE"):
            self._con.execute(f"PRAGMA {pragma}")
        self._con.execute(
            "CREATE TABLE candidate (seq INTEGER PRIMARY KEY, position INTEGER NOT NULL, "
            "fingerprint TEXT NOT NULL UNIQUE, rule TEXT, severity TEXT, records TEXT, "
            "message TEXT, suggestion TEXT, details TEXT, content_hash TEXT)"
        )
        self._con.execute("CREATE INDEX candidate_order ON candidate (position, seq)")
        self._con.execute("BEGIN")
        self._buffer: list[tuple[object, ...]] = []
        self._ordered = False

    def add(self, candidate: Candidate) -> None:
        self._buffer.append(
            (
                _POSITION.get(candidate.rule, len(_POSITION)),
                candidate.fingerprint,
                candidate.rule,
                candidate.severity,
                json.dumps(candidate.records),
                candidate.message,
                candidate.suggestion,
                json.dumps(candidate.details),
                candidate.content_hash,
            )
        )
        if len(self._buffer) >= WRITE_EVERY:
            self._write()

    def extend(self, candidates: Iterable[Candidate]) -> None:
        for candidate in candidates:
            self.add(candidate)

    def _write(self) -> None:
        if self._buffer:
            self._con.executemany(
                "INSERT OR IGNORE INTO candidate (position, fingerprint, rule, severity, "
                "records, message, suggestion, details, content_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._buffer,
            )
            self._buffer.clear()

    def _done_adding(self) -> None:
        self._write()
        if not self._ordered:
            self._con.execute("COMMIT")
            self._ordered = True

    def absorb(self, path: str) -> None:
        """Add the candidates of another spill (its file at ``path``, finished), in its
        order, after the ones added here so far."""
        self._write()
        if not self._ordered:
            self._con.execute("COMMIT")
        self._con.execute("ATTACH DATABASE ? AS other", (path,))
        try:
            columns = _COLUMNS.replace("seq, ", "position, ")
            self._con.execute(
                f"INSERT OR IGNORE INTO candidate ({columns}) "
                f"SELECT {columns} FROM other.candidate ORDER BY position, seq"
            )
        finally:
            self._con.execute("DETACH DATABASE other")
            if not self._ordered:
                self._con.execute("BEGIN")

    def finish(self) -> None:
        """Everything added is in the file (for another process to :meth:`absorb`)."""
        self._done_adding()
        self._con.close()

    def chunks(self, size: int) -> Iterator[list[Spilled]]:
        """All candidates in found order, ``size`` at a time."""
        self._done_adding()
        cursor = self._con.execute(f"SELECT {_COLUMNS} FROM candidate ORDER BY position, seq")
        while chunk := cursor.fetchmany(size):
            yield [Spilled(*row) for row in chunk]

    def known(self, fingerprints: Sequence[str]) -> set[str]:
        """Which of ``fingerprints`` a candidate has."""
        self._done_adding()
        marks = ", ".join("?" * len(fingerprints))
        return {
            fp
            for (fp,) in self._con.execute(
                f"SELECT fingerprint FROM candidate WHERE fingerprint IN ({marks})",
                list(fingerprints),
            )
        }

    def close(self) -> None:
        self._con.close()
        if self._lock is None:
            return  # the file is the other process's to remove
        self._lock.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path + suffix)

    def __enter__(self) -> CandidateSpill:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
