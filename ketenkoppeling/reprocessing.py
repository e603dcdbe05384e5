"""Reprocessing: the quarantined records run again, after a mapping or reference-data change,
from the raw values kept with them (spec/cli.md, ``reprocess``).

Each run is a batch of its own with its provenance: the mapping version that read it and the
batch it reprocessed. The records that now pass are stored as in an import (keyed, with
history); the others stay quarantined in the new batch with their new reasons. The records
run again are marked ``reprocessed`` in their old batch, so every record stands in the
quarantine at most once. The counts invariant holds per run: read = new + unchanged +
replaced + quarantined. A batch is one transaction; a dry run computes the same outcome and
rolls back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ketenkoppeling.access import Role, require
from ketenkoppeling.importing import (
    BatchWriter,
    FileResult,
    ImportCancelled,
    ImportProgress,
    MappedRaw,
    Pending,
    ProgressFn,
    QuarantinedSpend,
    finish_batch,
    map_raw,
    reference_set,
    resolve_settings,
)
from ketenkoppeling.mapping.apply import Mapper, Problem
from ketenkoppeling.mapping.loader import SCHEMAS, MappingError
from ketenkoppeling.mapping.spec import Mapping, RecordSpec
from ketenkoppeling.mapping.transforms import TransformContext
from ketenkoppeling.mapping_store import available_mappings
from ketenkoppeling.sources import raw_values
from ketenkoppeling.sources.base import Location, RawRecord, SourceRefused
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.locks import IMPORT_LOCK, LockWaitCancelled, exclusive
from ketenkoppeling.store.tables import ImportBatchRow, SourceRecordRow

STATUS = "reprocessed"


class _DryRun(Exception):
    """Raised at the end of a dry run so that its transaction rolls back."""


@dataclass
class QuarantineGroup:
    batch: int
    file: str
    mapping: str
    reason: str
    count: int


def _reasons(errors: list[dict[str, Any]] | None) -> list[str]:
    return [e["message"] for e in errors or [] if e.get("level") != "note"]


def quarantine_summary(db: Database) -> list[QuarantineGroup]:
    """The records in quarantine now, per batch and reason (a record with two reasons counts
    under both), batches in order, the most frequent reason first."""
    counts: Counter[tuple[int, str]] = Counter()
    with db.session() as session:
        batches = {
            b.id: b
            for b in session.scalars(
                select(ImportBatchRow).where(
                    ImportBatchRow.id.in_(
                        select(SourceRecordRow.batch_id).where(
                            SourceRecordRow.status == "quarantined"
                        )
                    )
                )
            )
        }
        rows = session.execute(
            select(SourceRecordRow.batch_id, SourceRecordRow.errors).where(
                SourceRecordRow.status == "quarantined"
            )
        )
        for batch_id, errors in rows:
            for reason in dict.fromkeys(_reasons(errors)) or ["(geen reden vastgelegd)"]:
                counts[(batch_id, reason)] += 1
        groups = [
            QuarantineGroup(b, batches[b].file_name, batches[b].mapping_name, reason, n)
            for (b, reason), n in counts.items()
        ]
    return sorted(groups, key=lambda g: (g.batch, -g.count, g.reason))


def reprocess(
    db: Database,
    *,
    batch: int | None = None,
    reason: str | None = None,
    dry_run: bool = False,
    user: str | None = None,
    progress: ProgressFn | None = None,
    cancel: Callable[[], bool] | None = None,
    mappings: dict[str, Mapping] | None = None,
) -> list[FileResult]:
    """Run the quarantined records again (see the module docstring): of every batch, or of
    ``batch``; all of them, or those quarantined for ``reason``. One result per batch run."""
    require(db, Role.BACKOFFICE, Role.BEHEERDER, what="de quarantaine opnieuw verwerken")
    user = user or current_user()
    available = mappings if mappings is not None else available_mappings(db)
    with db.session() as session:
        query = select(SourceRecordRow.batch_id).where(SourceRecordRow.status == "quarantined")
        if batch is not None:
            query = query.where(SourceRecordRow.batch_id == batch)
        batch_ids = sorted(set(session.scalars(query.distinct())))
        if batch is not None and not batch_ids:
            exists = session.get(ImportBatchRow, batch) is not None
            raise SourceRefused(
                f"batch {batch} heeft geen records in quarantaine"
                if exists
                else f"batch {batch} bestaat niet"
            )
    results = []

    def tell(message: str) -> None:
        if progress is not None:
            progress(ImportProgress("", 0, 0, message))

    # the same keyed writes as an import: one at a time per database (store/locks.py)
    try:
        with exclusive(
            db, IMPORT_LOCK, user=user, task="opnieuw verwerken van de quarantaine",
            waiting=tell, cancel=cancel,
        ):  # fmt: skip
            for batch_id in batch_ids:
                if cancel is not None and cancel():
                    break
                results.append(
                    _reprocess_batch(
                        db, batch_id, reason, dry_run, user, available, progress, cancel
                    )
                )
    except LockWaitCancelled:
        return []
    return [r for r in results if r.read or r.status == "rejected"]


def _reprocess_batch(
    db: Database,
    batch_id: int,
    reason: str | None,
    dry_run: bool,
    user: str,
    available: dict[str, Mapping],
    progress: ProgressFn | None,
    cancel: Callable[[], bool] | None,
) -> FileResult:
    result = FileResult(file="", status="rejected", reprocessed_batch=batch_id)
    try:
        with db.session() as session:
            _run(session, batch_id, reason, dry_run, user, available, result, progress, cancel)
            if dry_run:
                raise _DryRun
    except _DryRun:  # rolled back: no batch was made
        result.status, result.batch = STATUS, None
    except (SourceRefused, MappingError) as exc:
        result.status, result.batch = "rejected", None
        result.message = getattr(exc, "message", None) or str(exc)
    except ImportCancelled:
        result.status, result.batch = "cancelled", None
        result.message = "afgebroken door de gebruiker; er is niets opgeslagen"
        result.read = result.new = result.unchanged = result.replaced = result.quarantined = 0
    return result


def _run(
    session: Session,
    batch_id: int,
    reason: str | None,
    dry_run: bool,
    user: str,
    available: dict[str, Mapping],
    result: FileResult,
    progress: ProgressFn | None,
    cancel: Callable[[], bool] | None,
) -> None:
    original = session.get(ImportBatchRow, batch_id)
    assert original is not None
    result.file = original.file_name
    mapping = available.get(original.mapping_name)
    if mapping is None:
        raise SourceRefused(
            f"batch {batch_id}: koppeling '{original.mapping_name}' bestaat niet meer"
        )
    result.mapping, result.mapping_version = mapping.name, mapping.version
    rows = [
        r
        for r in session.scalars(
            select(SourceRecordRow)
            .where(SourceRecordRow.batch_id == batch_id, SourceRecordRow.status == "quarantined")
            .order_by(SourceRecordRow.seq)
        )
        if reason is None or reason in _reasons(r.errors)
    ]
    if not rows:
        return
    ref = reference_set(session)
    ctx = TransformContext(ref)
    settings = _settings(original, mapping, ctx)
    mapper = Mapper(mapping, settings, ctx)
    started = datetime.now(UTC).replace(tzinfo=None)
    batch = ImportBatchRow(
        file_name=original.file_name, content_hash=original.content_hash,
        mapping_name=mapping.name, mapping_version=mapping.version, user=user,
        started_at=started, status="reprocessing", partner=original.partner,
        reprocessed_batch=batch_id, settings=original.settings,
    )  # fmt: skip
    session.add(batch)
    session.flush()
    result.batch = batch.id
    writer = BatchWriter(session, batch.id, result)
    checker = _RecordChecker(mapping)
    for index, row in enumerate(rows, start=1):
        location = Location(row.line, row.xpath, row.sheet, row.row)
        raw = raw_values.restore(row.data, location)
        result.read += 1
        if raw is None:  # kept by an earlier version without its raw values: as it was
            mapped = MappedRaw(
                [Problem(location, e.get("field"), e["message"])
                 for e in row.errors or [] if e.get("level") != "note"],
                [], [],
                QuarantinedSpend(row.spend_partner, row.spend_amount_cents, row.spend_pay_date)
                if row.spend_partner else None,
            )  # fmt: skip
        else:
            spec = checker.spec(raw)
            raw.problems = checker.reader_problems(raw, row.errors)
            if spec is None:
                raw.problems = raw.problems or [
                    (location, None, "element wordt hier niet verwacht")
                ]
                mapped = MappedRaw([Problem(*p) for p in raw.problems], [], [], None)
            else:
                mapped = map_raw(mapper, spec, raw, ref)
        writer.add(
            Pending(
                seq=index, location=location, problems=mapped.problems, notes=mapped.notes,
                records=mapped.records, raw=row.data if mapped.problems else None,
                spend=mapped.spend,
            )
        )  # fmt: skip
        if index % 200 == 0:
            if cancel is not None and cancel():
                raise ImportCancelled
            if progress is not None:
                progress(ImportProgress(original.file_name, index, len(rows), "herverwerken"))
    writer.flush()
    session.execute(
        update(SourceRecordRow)
        .where(SourceRecordRow.id.in_([r.id for r in rows]))
        .values(status=STATUS)
    )
    detail = {"reprocessed_batch": batch_id, "mapping": mapping.label, "reason": reason}
    finish_batch(session, batch, result, STATUS, user, detail)


def _settings(original: ImportBatchRow, mapping: Mapping, ctx: TransformContext) -> dict[str, Any]:
    """The file settings as they were resolved at the import (kept on the batch); for a batch
    of an earlier version, the constant ones and the file name again."""
    if original.settings is not None:
        kept = raw_values.settings_from_json(original.settings)
        for setting in mapping.settings:  # a setting the mapping gained since: a constant only
            if setting.name not in kept and setting.value is not None:
                kept[setting.name] = setting.value
        return kept
    constant = [s for s in mapping.settings if s.value is not None or s.file_name]
    values = resolve_settings(
        _with_settings(mapping, constant), Path(original.file_name), None, ctx
    )
    if original.partner and "partner" not in values:
        values["partner"] = original.partner
    return values


def _with_settings(mapping: Mapping, settings: list[Any]) -> Mapping:
    from dataclasses import replace

    return replace(mapping, settings=tuple(settings))


class _RecordChecker:
    """What the reader checks on a record besides the mapping: the XSD of the message
    standard, and a message id already seen in the batch (kept from the first reading)."""

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.specs: dict[str | None, RecordSpec] = {r.kind: r for r in mapping.records}
        self.schema: Any = None
        if mapping.source.format == "xml" and mapping.source.schema:
            from ketenkoppeling.sources.xml import load_schema

            self.schema = load_schema(SCHEMAS / mapping.source.schema)

    def spec(self, raw: RawRecord) -> RecordSpec | None:
        if self.mapping.source.format != "xml":
            return self.mapping.records[0]
        return self.specs.get(raw.kind) if raw.kind is not None else None

    def reader_problems(
        self, raw: RawRecord, kept: list[dict[str, Any]] | None
    ) -> list[tuple[Location, str | None, str]]:
        problems: list[tuple[Location, str | None, str]] = []
        if self.schema is not None and raw.element is not None:
            from ketenkoppeling.sources.xml_errors import schema_problems

            schema, docs = self.schema
            problems.extend(schema_problems(schema, docs, raw.element, raw.location))
        unique = self.mapping.source.unique_attribute
        if unique is not None:
            problems.extend(
                (raw.location, e.get("field"), e["message"])
                for e in kept or []
                if e.get("field") == unique and "komt al eerder voor" in e.get("message", "")
            )
        return problems


def quarantined_count(session: Session, batch_id: int) -> int:
    """How many records of a batch are in quarantine now."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(SourceRecordRow)
            .where(SourceRecordRow.batch_id == batch_id, SourceRecordRow.status == "quarantined")
        )
        or 0
    )
