"""Records that wait for their context, in document order: in memory up to a limit, then on
disk (see ``lookahead`` in sources/xml.py).

A held record stays attached to its parent while it is in memory. Beyond ``max_records``
records, or about ``max_bytes`` of the file read since the oldest one in memory, every record
in memory is spilled: serialized to a temporary file with its position, and cleared and
detached from the tree. When its turn comes it is read back, appended to its original parent
(which stays in the tree while records wait) and yielded; the caller detaches it again.

A restored element carries its original line numbers (``sourceline``) up to line 65535; lxml
cannot set a larger one, so beyond it a field's line is unknown and the record's line (which
its :class:`Location` keeps exactly) stands for it.
"""

from __future__ import annotations

import marshal
import os
import struct
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from typing import IO, Any

from lxml import etree

from ketenkoppeling.sources import scratch
from ketenkoppeling.sources.base import Location, RawRecord

RELEASE_ANY = 1 << 30  # the release depth of a record that waits only for those before it
MAX_SOURCELINE = 65535  # the largest line lxml lets us set on an element
_SIZE = struct.Struct("<Q")  # the length of each entry in the file


def detach(elem: Any) -> None:
    """Clear ``elem`` and remove it from its parent."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        parent.remove(elem)


class HeldRecords:
    """A FIFO of records, each released once an element at or above its release depth ends.

    ``position()`` tells how many bytes of the file have been read (to bound memory by size).
    """

    def __init__(
        self,
        *,
        max_records: int = 500,
        max_bytes: int = 8 << 20,
        position: Callable[[], int] = lambda: 0,
    ):
        if max_records < 1:
            raise ValueError("max_records moet minstens 1 zijn")
        self.max_records, self.max_bytes, self.position = max_records, max_bytes, position
        self.spilled_total = 0  # how many records went to disk (for tests and diagnostics)
        self.front = -1  # the release depth of the first record held; -1 when none is
        self._memory: deque[tuple[int, RawRecord, int]] = deque()  # (release, record, position)
        self._spilled = 0  # records on disk, all before those in memory
        self._peeked: tuple[Any, ...] | None = None
        self._file: IO[bytes] | None = None
        self._read_at = 0
        self._parents: list[Any] = []  # the spilled records' parents, named by index on disk
        self._parser = etree.XMLParser(
            resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
            collect_ids=False, remove_comments=True, remove_pis=True,
        )  # fmt: skip

    def __bool__(self) -> bool:
        return self._spilled > 0 or bool(self._memory)

    def __len__(self) -> int:
        return self._spilled + len(self._memory)

    def push(self, record: RawRecord, release: int) -> None:
        """Hold ``record`` until an element at depth ``release`` or above ends."""
        at = self.position()
        self._memory.append((release, record, at))
        if self.front < 0:
            self.front = release
        if len(self._memory) >= self.max_records or at - self._memory[0][2] >= self.max_bytes:
            self._spill()

    def release(self, depth: int) -> Iterator[RawRecord]:
        """Yield, in order, the records whose turn has come now that an element at ``depth``
        ends; each is attached to its parent, and the caller detaches it when done. Nothing
        is due while ``front < depth``."""
        while self.front >= 0 and depth <= self.front:
            if self._spilled:
                entry = self._peek()
                self._peeked = None
                self._spilled -= 1
                record = self._restore(entry)
                if not self._spilled:
                    self._reset_file()
            else:
                record = self._memory.popleft()[1]
            self._set_front()
            yield record

    def _set_front(self) -> None:
        if self._spilled:
            self.front = self._peek()[0]
        else:
            self.front = self._memory[0][0] if self._memory else -1

    def close(self) -> None:
        """Delete the temporary file (if any); held records are dropped."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._memory.clear()
        self._parents.clear()
        self._spilled = 0
        self.front = -1

    def _spill(self) -> None:
        if self._file is None:
            # an unnamed file on POSIX, deleted by Windows when its handle closes: a killed
            # import leaves nothing (the prefix names it while it exists, see scratch.py)
            self._file = tempfile.TemporaryFile(  # noqa: SIM115 - closed by close()
                prefix=f"{scratch.PREFIX}{os.getpid()}-wacht-", suffix=".tmp"
            )
        self._file.seek(0, 2)
        for release, record, _ in self._memory:
            elem = record.element
            parent = elem.getparent()
            if parent is not None and not (self._parents and self._parents[-1] is parent):
                self._parents.append(parent)
            entry = (
                release,
                len(self._parents) - 1 if parent is not None else -1,
                record.kind,
                _location(record.location),
                [(_location(where), field, message) for where, field, message in record.problems],
                [node.sourceline for node in elem.iter()],
                etree.tostring(elem, encoding="utf-8", with_tail=False),
            )
            blob = marshal.dumps(entry)
            self._file.write(_SIZE.pack(len(blob)) + blob)
            detach(elem)
        self._spilled += len(self._memory)
        self.spilled_total += len(self._memory)
        self._memory.clear()

    def _peek(self) -> tuple[Any, ...]:
        if self._peeked is None:
            assert self._file is not None
            self._file.seek(self._read_at)
            (size,) = _SIZE.unpack(self._file.read(_SIZE.size))
            self._peeked = marshal.loads(self._file.read(size))
            self._read_at = self._file.tell()
        return self._peeked

    def _restore(self, entry: tuple[Any, ...]) -> RawRecord:
        _, parent, kind, location, problems, lines, xml = entry
        elem = etree.fromstring(xml, self._parser)
        for node, line in zip(elem.iter(), lines, strict=False):
            node.sourceline = line if line is not None and line <= MAX_SOURCELINE else 0
        if parent >= 0:
            self._parents[parent].append(elem)
        return RawRecord(
            location=Location(*location),
            element=elem,
            kind=kind,
            problems=[(Location(*where), field, message) for where, field, message in problems],
        )

    def _reset_file(self) -> None:
        """Nothing is on disk any more: start the file (and the parents) afresh."""
        assert self._file is not None
        self._file.seek(0)
        self._file.truncate()
        self._read_at = 0
        self._parents.clear()


def _location(where: Location) -> tuple[Any, ...]:
    return (where.line, where.xpath, where.sheet, where.row, where.column)
