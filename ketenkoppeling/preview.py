"""What a mapping makes of a sample file, without storing anything: the mapping workbench's
live preview (the first records, each stored or quarantined with its reasons) and the counts
for the whole file, to compare an edited mapping with the saved one."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenkoppeling.importing import ImportCancelled, MappingRun, reference_set
from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import Mapping
from ketenkoppeling.model.records import ModelRecord
from ketenkoppeling.store.database import Database

STORED = "stored"
QUARANTINED = "quarantined"
_ENTITY = {
    "Client": "client",
    "BenefitPeriod": "benefit",
    "Deployment": "deployment",
    "SpendLine": "spend",
    "Outflow": "outflow",
}


@dataclass
class PreviewRecord:
    seq: int
    location: str
    status: str  # stored | quarantined
    errors: list[dict[str, Any]]
    notes: list[str]
    values: list[tuple[str, str, Any]]  # (entity, field, value)


@dataclass
class PreviewCounts:
    read: int = 0
    stored: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def compare(self, saved: PreviewCounts) -> str:
        """This count against the saved version's, in Dutch: ``212 meer opgeslagen, 65 minder
        in quarantaine``, or ``geen verschil met de opgeslagen versie``."""
        parts = []
        for label, mine, theirs in (
            ("opgeslagen", self.stored, saved.stored),
            ("in quarantaine", self.quarantined, saved.quarantined),
        ):
            delta = mine - theirs
            if delta:
                parts.append(f"{abs(delta)} {'meer' if delta > 0 else 'minder'} {label}")
        return ", ".join(parts) if parts else "geen verschil met de opgeslagen versie"


def _values(record: ModelRecord) -> list[tuple[str, str, Any]]:
    entity = _ENTITY.get(type(record).__name__, type(record).__name__.lower())
    found = []
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, list | tuple):
            value = "; ".join(str(getattr(v, "budget", v)) for v in value)
        found.append((entity, f.name, value))
    return found


def _reference(db: Database | ReferenceSet) -> ReferenceSet:
    if isinstance(db, ReferenceSet):
        return db
    with db.session() as session:
        return reference_set(session)


def _silent(_done: int, _total: int) -> None:
    return None


def preview_records(
    db: Database | ReferenceSet, mapping: Mapping, path: Path, *, limit: int = 50
) -> list[PreviewRecord]:
    """The first ``limit`` records of ``path`` as ``mapping`` makes them. Raises
    :class:`~ketenkoppeling.sources.base.SourceRefused` for a file it cannot read."""
    found: list[PreviewRecord] = []
    run = iter(MappingRun(mapping, Path(path), _reference(db), _silent))
    try:
        for raw, (problems, notes, records, _spend) in run:
            found.append(
                PreviewRecord(
                    seq=len(found) + 1, location=raw.location.describe(),
                    status=QUARANTINED if problems else STORED,
                    errors=[p.as_dict() for p in problems], notes=list(notes),
                    values=[] if problems else [v for r in records for v in _values(r)],
                )
            )  # fmt: skip
            if len(found) >= limit:
                break
    finally:
        close = getattr(run, "close", None)
        if close is not None:
            close()  # the reader's files and scratch space are released at once
    return found


def preview_counts(
    db: Database | ReferenceSet,
    mapping: Mapping,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> PreviewCounts:
    """The counts for the whole file: how many records would be stored and how many
    quarantined, with the reasons. ``cancel()`` returning True raises ImportCancelled."""

    def report(done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise ImportCancelled
        if progress is not None:
            progress(done, total)

    counts = PreviewCounts()
    reasons: Counter[str] = Counter()
    for _raw, (problems, *_rest) in MappingRun(mapping, Path(path), _reference(db), report):
        counts.read += 1
        if problems:
            counts.quarantined += 1
            reasons.update({p.message for p in problems})
        else:
            counts.stored += 1
        if counts.read % 1000 == 0 and cancel is not None and cancel():
            raise ImportCancelled
    counts.reasons = dict(reasons.most_common())
    return counts
