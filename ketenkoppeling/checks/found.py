"""The findings a check run found, as a sequence that reads them from the store when it is
looked at (a chunk at a time): a run over a large region finds hundreds of thousands, and
holds only their ids."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from sqlalchemy import select

from ketenkoppeling.checks.review import VIEW_COLUMNS, FindingView
from ketenkoppeling.store.database import Database
from ketenkoppeling.store.tables import FindingRow

READ_CHUNK = 1_000


class FoundFindings(Sequence[FindingView]):
    """Findings by id, in the order given; each view is read from the store when asked for
    (as it is stored then)."""

    def __init__(self, db: Database, ids: array[int]) -> None:
        self._db = db
        self._ids = ids

    @property
    def ids(self) -> Sequence[int]:
        return self._ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> FindingView: ...

    @overload
    def __getitem__(self, index: slice) -> list[FindingView]: ...

    def __getitem__(self, index: int | slice) -> FindingView | list[FindingView]:
        if isinstance(index, slice):
            return self._read(self._ids[index])
        return self._read([self._ids[index]])[0]

    def __iter__(self) -> Iterator[FindingView]:
        for start in range(0, len(self._ids), READ_CHUNK):
            yield from self._read(self._ids[start : start + READ_CHUNK])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FoundFindings):
            return list(self) == list(other)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FoundFindings({len(self)} signaleringen)"

    def _read(self, ids: Sequence[int]) -> list[FindingView]:
        views: dict[int, FindingView] = {}
        for start in range(0, len(ids), READ_CHUNK):
            part = list(ids[start : start + READ_CHUNK])
            with self._db.session() as session:
                stmt = select(*VIEW_COLUMNS).where(FindingRow.id.in_(part))
                for row in session.connection().execute(stmt):
                    views[row.id] = FindingView(**row._mapping)
        return [views[finding_id] for finding_id in ids if finding_id in views]
