"""Withdrawing an import batch that was imported by mistake.

The batch's records leave the accounts: a record the batch added is removed, a record it
corrected gets its earlier version back from history (with its attributions). A version of the
batch that a LATER import corrected again is simply dropped from that record's history: the
later correction came from its own file and stands by itself, so nothing has to be refused.
A batch's reprocessing runs (records of its quarantine run again) are withdrawn with it.

The batch and its source records stay, for provenance, marked ``withdrawn`` (its quarantine is
emptied), and the audit log records who did it. Findings follow at the next check: a finding
whose records are gone closes. A withdrawn file can be imported again.

Refused (:class:`WithdrawRefused`, Dutch): an unknown batch, one already withdrawn, a
reprocessing run (withdraw its batch), and a batch whose same file was read again later
(``import --again``): withdraw that later reading first, for its records stand on this one's.
Withdrawing a second reading gives the first its quarantine back.

Limit: a later import of another file that read a record *unchanged* leaves no trace of which
stored record it confirmed; such records are removed with the batch.
:attr:`WithdrawResult.notes` names the later batches concerned, so that their files can be
read again (``import --again``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from ketenkoppeling.access import Role, require
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.locks import keyed_write
from ketenkoppeling.store.tables import (
    AttributionRow,
    AuditLogRow,
    BenefitPeriodRow,
    ClientRow,
    DeploymentRow,
    HistoryRow,
    ImportBatchRow,
    OutflowRow,
    SourceRecordRow,
    SpendLineRow,
)

STATUS = "withdrawn"

# model tables with the columns of their key, as the record writer names them in history;
# clients last: a client still needed by a remaining record is kept
_TABLES: list[tuple[Any, tuple[str, ...]]] = [
    (DeploymentRow, ("partner", "reference")),
    (SpendLineRow, ("partner", "invoice_number", "reference")),
    (BenefitPeriodRow, ("bsn", "regime", "executor", "start")),
    (OutflowRow, ("partner", "bsn", "date")),
    (ClientRow, ("bsn",)),
]
_CLIENT_USERS = (DeploymentRow, SpendLineRow, BenefitPeriodRow, OutflowRow)
CHUNK = 500


class WithdrawRefused(Exception):
    """The batch cannot be withdrawn; ``message`` says why (Dutch)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class EntityCounts:
    removed: int = 0  # added by the batch: gone
    restored: int = 0  # corrected by the batch: its earlier version is back
    corrected_later: int = 0  # a later import's correction stands; the batch's version dropped
    kept: int = 0  # a client the batch added, still needed by remaining records


@dataclass
class WithdrawResult:
    batch: int
    file: str
    dry_run: bool
    batches: list[int] = field(default_factory=list)  # the batch and its reprocessing runs
    records: int = 0  # source records marked withdrawn
    quarantined: int = 0  # of which were in quarantine
    # an earlier import of the same file whose quarantine this batch superseded gets it back
    quarantine_restored: int = 0
    entities: dict[str, EntityCounts] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def removed(self) -> int:
        return sum(c.removed for c in self.entities.values())

    @property
    def restored(self) -> int:
        return sum(c.restored for c in self.entities.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "file": self.file,
            "dry_run": self.dry_run,
            "batches": self.batches,
            "records": self.records,
            "quarantined": self.quarantined,
            "quarantine_restored": self.quarantine_restored,
            "entities": {
                name: {
                    "removed": c.removed,
                    "restored": c.restored,
                    "corrected_later": c.corrected_later,
                    "kept": c.kept,
                }
                for name, c in self.entities.items()
            },
            "notes": self.notes,
        }

    def describe(self) -> str:
        """A Dutch summary, e.g. for the command line and the confirmation dialog."""
        head = (
            f"Batch {self.batch} ({self.file}) zou ingetrokken worden"
            if self.dry_run
            else f"Batch {self.batch} ({self.file}) is ingetrokken"
        )
        if len(self.batches) > 1:
            runs = ", ".join(str(b) for b in self.batches[1:])
            head += f", met de herverwerking(en) {runs}"
        lines = [
            f"{head}: {_count(self.records, 'record', 'records')}"
            + (f", waarvan {self.quarantined} in quarantaine." if self.quarantined else ".")
        ]
        for name, c in self.entities.items():
            parts = [f"{c.removed} verwijderd", f"{c.restored} teruggezet naar de eerdere versie"]
            if c.corrected_later:
                parts.append(f"{c.corrected_later} later gecorrigeerd (die correctie blijft)")
            if c.kept:
                parts.append(f"{c.kept} behouden (nog in gebruik)")
            lines.append(f"  {_LABELS.get(name, name)}: " + ", ".join(parts))
        if self.quarantine_restored:
            lines.append(
                f"  {_count(self.quarantine_restored, 'record', 'records')} van de eerdere "
                "import van hetzelfde bestand weer in quarantaine"
            )
        lines.extend(f"  Let op: {note}" for note in self.notes)
        return "\n".join(lines)


_LABELS = {
    "deployment": "inzetten",
    "spend_line": "bestedingsregels",
    "benefit_period": "uitkeringsperioden",
    "outflow": "uitstroom",
    "client": "cliënten",
}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def withdraw_batch(
    db: Database, batch_id: int, *, user: str | None = None, dry_run: bool = False
) -> WithdrawResult:
    """Withdraw ``batch_id`` in one transaction (see the module docstring). With ``dry_run``
    the same work is done and rolled back: the counts are exactly what withdrawing would do.
    Raises :class:`WithdrawRefused` in the cases the module docstring lists."""
    require(db, Role.BACKOFFICE, Role.BEHEERDER, what="batches intrekken")
    user = user or current_user()
    try:
        # like an import, it changes model records by their keys: one at a time with imports
        return keyed_write(
            db,
            lambda: _withdraw(db, batch_id, user, dry_run),
            user=user,
            task=f"intrekken van batch {batch_id}",
        )
    except _DryRun as done:
        return done.result


class _DryRun(Exception):
    """Raised at the end of a dry run so that its transaction rolls back."""

    def __init__(self, result: WithdrawResult) -> None:
        super().__init__("proefrun")
        self.result = result


def _withdraw(db: Database, batch_id: int, user: str, dry_run: bool) -> WithdrawResult:
    with db.session() as session:
        batch = session.get(ImportBatchRow, batch_id)
        _refuse_if_wrong(session, batch, batch_id)
        assert batch is not None
        batches = _with_runs(session, batch_id)
        result = WithdrawResult(batch_id, batch.file_name, dry_run, batches)
        sources = select(SourceRecordRow.id).where(SourceRecordRow.batch_id.in_(batches))
        for table, key_columns in _TABLES:
            counts = _withdraw_table(session, table, key_columns, sources)
            if any((counts.removed, counts.restored, counts.corrected_later, counts.kept)):
                result.entities[table.__tablename__] = counts
        result.records, result.quarantined = session.execute(
            select(
                func.count(), func.count().filter(SourceRecordRow.status == "quarantined")
            ).where(SourceRecordRow.batch_id.in_(batches))
        ).one()
        result.notes = _unchanged_later(session, batch_id, batches)
        result.quarantine_restored = _restore_superseded_quarantine(session, batch, result.notes)
        now = datetime.now(UTC).replace(tzinfo=None)
        session.execute(
            update(SourceRecordRow)
            .where(SourceRecordRow.batch_id.in_(batches))
            .values(status=STATUS)
        )
        session.execute(
            update(ImportBatchRow)
            .where(ImportBatchRow.id.in_(batches))
            .values(status=STATUS, withdrawn_at=now, withdrawn_by=user)
        )
        session.add(
            AuditLogRow(
                at=now, user=user, action="withdraw", subject=batch.file_name,
                detail={"batch": batch_id, **result.to_json()},
            )
        )  # fmt: skip
        if dry_run:
            session.flush()
            raise _DryRun(result)
    return result


def _refuse_if_wrong(session: Session, batch: ImportBatchRow | None, batch_id: int) -> None:
    if batch is None:
        raise WithdrawRefused(f"batch {batch_id} bestaat niet")
    if batch.withdrawn_at is not None or batch.status == STATUS:
        when = f" op {batch.withdrawn_at:%d-%m-%Y %H:%M}" if batch.withdrawn_at else ""
        by = f" door {batch.withdrawn_by}" if batch.withdrawn_by else ""
        raise WithdrawRefused(f"batch {batch_id} is al ingetrokken{when}{by}")
    if batch.reprocessed_batch is not None:
        raise WithdrawRefused(
            f"batch {batch_id} is een herverwerking van batch {batch.reprocessed_batch}; "
            f"trek batch {batch.reprocessed_batch} in (de herverwerkingen gaan mee)"
        )
    if batch.finished_at is None:
        raise WithdrawRefused(f"batch {batch_id} is niet afgerond ingelezen")
    later = session.scalar(
        select(ImportBatchRow.id)
        .where(
            ImportBatchRow.content_hash == batch.content_hash,
            ImportBatchRow.id > batch_id,
            ImportBatchRow.withdrawn_at.is_(None),
            ImportBatchRow.reprocessed_batch.is_(None),
        )
        .order_by(ImportBatchRow.id.desc())
        .limit(1)
    )
    if later is not None:  # its records were read unchanged and still stand on this batch's
        raise WithdrawRefused(
            f"batch {batch_id} is later opnieuw ingelezen als batch {later} (hetzelfde "
            f"bestand); trek eerst batch {later} in"
        )


def _with_runs(session: Session, batch_id: int) -> list[int]:
    """The batch and, transitively, the reprocessing runs of its quarantine."""
    found, frontier = [batch_id], [batch_id]
    while frontier:
        frontier = list(
            session.scalars(
                select(ImportBatchRow.id)
                .where(ImportBatchRow.reprocessed_batch.in_(frontier))
                .order_by(ImportBatchRow.id)
            )
        )
        found.extend(b for b in frontier if b not in found)
    return found


def history_key(row: Any, key_columns: tuple[str, ...]) -> str:
    """The key under which the record writer keeps a row's replaced versions."""
    return "/".join(str(getattr(row, c)) for c in key_columns)


def _withdraw_table(
    session: Session, table: Any, key_columns: tuple[str, ...], sources: Any
) -> EntityCounts:
    counts = EntityCounts()
    entity = table.__tablename__
    source_ids = set(session.scalars(sources))
    current = {
        history_key(row, key_columns): row
        for row in session.scalars(select(table).where(table.source_record_id.in_(sources)))
    }
    touched = set(current) | set(
        session.scalars(
            select(HistoryRow.key).where(
                HistoryRow.entity == entity,
                or_(
                    HistoryRow.source_record_id.in_(sources),
                    HistoryRow.replaced_by_record_id.in_(sources),
                ),
            )
        )
    )
    history: dict[str, list[HistoryRow]] = {}
    for chunk in _chunks(sorted(touched)):
        for h in session.scalars(
            select(HistoryRow)
            .where(HistoryRow.entity == entity, HistoryRow.key.in_(chunk))
            .order_by(HistoryRow.id)
        ):
            history.setdefault(h.key, []).append(h)
    removed: list[Any] = []
    for key in sorted(touched):
        versions = history.get(key, [])
        row = current.get(key)
        kept = [h for h in versions if h.source_record_id not in source_ids]
        dropped = [h for h in versions if h.source_record_id in source_ids]
        if row is None:  # the current version is a later import's: it stands
            if dropped:
                counts.corrected_later += 1
            _relink(kept, versions[-1].replaced_by_record_id if versions else None)
        elif kept:  # the batch corrected this record: its earlier version comes back
            earlier = kept.pop()
            _restore(session, table, row, earlier)
            dropped.append(earlier)
            counts.restored += 1
            _relink(kept, earlier.source_record_id)
        else:
            removed.append(row)
            counts.removed += 1
        for h in dropped:
            session.delete(h)
    if table is ClientRow and removed:
        needed = _bsns_in_use(session, {r.bsn for r in removed})
        still = [r for r in removed if r.bsn in needed]
        counts.kept, counts.removed = len(still), counts.removed - len(still)
        removed = [r for r in removed if r not in still]
    if table is SpendLineRow:
        for chunk in _chunks([r.id for r in removed]):
            session.execute(delete(AttributionRow).where(AttributionRow.spend_line_id.in_(chunk)))
    for r in removed:
        session.delete(r)
    session.flush()
    return counts


def _relink(kept: list[HistoryRow], last: int | None) -> None:
    """Kept versions each point at the version that replaced them, now that some are gone."""
    following_ids = [k.source_record_id for k in kept[1:]] + [last]
    for h, following in zip(kept, following_ids, strict=False):
        if h.replaced_by_record_id != following:
            h.replaced_by_record_id = following


def _restore(session: Session, table: Any, row: Any, version: HistoryRow) -> None:
    data = dict(version.data)
    attributions = data.pop("attributions", None)
    for column in table.__table__.columns:
        if column.primary_key or column.name not in data:
            continue
        value = data[column.name]
        if isinstance(column.type, Date) and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(row, column.name, value)
    row.source_record_id = version.source_record_id
    if table is SpendLineRow:
        session.execute(delete(AttributionRow).where(AttributionRow.spend_line_id == row.id))
        if attributions:
            session.execute(
                insert(AttributionRow),
                [
                    {
                        "spend_line_id": row.id,
                        "seq": seq,
                        "budget": a["budget"],
                        "percentage_bp": a["percentage_bp"],
                        "part_cents": a["part_cents"],
                    }
                    for seq, a in enumerate(attributions, start=1)
                ],
            )


def _bsns_in_use(session: Session, bsns: set[str]) -> set[str]:
    """Which of these BSNs the remaining records still name."""
    session.flush()
    found: set[str] = set()
    for table in _CLIENT_USERS:
        for chunk in _chunks(sorted(bsns)):
            found.update(session.scalars(select(table.bsn).where(table.bsn.in_(chunk))))
    return found


def _restore_superseded_quarantine(
    session: Session, batch: ImportBatchRow, notes: list[str]
) -> int:
    """Importing a file again marks the quarantine of its earlier import ``reprocessed`` (the
    new run supersedes it). Withdrawing the new run gives that quarantine back, unless the
    earlier import also had reprocessing runs of its own (then which record went where is not
    known: a note says so)."""
    earlier = session.scalars(
        select(ImportBatchRow)
        .where(
            ImportBatchRow.content_hash == batch.content_hash,
            ImportBatchRow.id < batch.id,
            ImportBatchRow.withdrawn_at.is_(None),
            ImportBatchRow.reprocessed_batch.is_(None),
        )
        .order_by(ImportBatchRow.id.desc())
        .limit(1)
    ).first()
    if earlier is None:
        return 0
    runs = session.scalar(
        select(func.count())
        .select_from(ImportBatchRow)
        .where(
            ImportBatchRow.reprocessed_batch == earlier.id, ImportBatchRow.withdrawn_at.is_(None)
        )
    )
    superseded = (SourceRecordRow.batch_id == earlier.id) & (
        SourceRecordRow.status == "reprocessed"
    )
    if runs:
        count = session.scalar(select(func.count()).select_from(SourceRecordRow).where(superseded))
        if count:
            notes.append(
                f"batch {earlier.id} (hetzelfde bestand) heeft ook eigen herverwerkingen; zijn "
                "quarantaine komt niet vanzelf terug: lees het bestand opnieuw in (import --again)"
            )
        return 0
    restored = session.execute(
        update(SourceRecordRow).where(superseded).values(status="quarantined")
    )
    return int(getattr(restored, "rowcount", 0) or 0)


def _unchanged_later(session: Session, batch_id: int, batches: list[int]) -> list[str]:
    rows = session.execute(
        select(ImportBatchRow.id, ImportBatchRow.file_name, func.count())
        .join(SourceRecordRow, SourceRecordRow.batch_id == ImportBatchRow.id)
        .where(
            ImportBatchRow.id > batch_id,
            ImportBatchRow.id.not_in(batches),
            ImportBatchRow.withdrawn_at.is_(None),
            SourceRecordRow.status == "unchanged",
        )
        .group_by(ImportBatchRow.id, ImportBatchRow.file_name)
        .order_by(ImportBatchRow.id)
    ).all()
    return [
        f"batch {b} ({name}) las later {_count(n, 'record', 'records')} ongewijzigd in; "
        "stonden die ook in deze batch, lees dat bestand dan opnieuw in (import --again)"
        for b, name, n in rows
    ]


def _chunks(items: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
