"""The import pipeline: read → map → validate → store, in one transaction per file.

Every record read ends up exactly once as new, unchanged, replaced (a correction of a stored
key) or quarantined with its reasons. A file already imported (same content hash) is not
imported again. A file that cannot be read at all is refused whole and changes nothing.
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ketenkoppeling.access import AccessDenied, Role, require
from ketenkoppeling.mapping.apply import MappedEntity, Mapper, Problem, Value
from ketenkoppeling.mapping.build import build_record
from ketenkoppeling.mapping.detect import (
    SOAP_ENVELOPES,
    Attempt,
    check_signature,
    describe_root,
    detect,
    document_root,
    file_format,
    file_problem,
    qualified,
    xml_start_elements,
)
from ketenkoppeling.mapping.loader import SCHEMAS, MappingError, load_mappings
from ketenkoppeling.mapping.reference import ReferenceSet
from ketenkoppeling.mapping.spec import Mapping, RecordSpec, SettingSpec
from ketenkoppeling.mapping.transforms import (
    FieldError,
    TransformContext,
    apply_transform,
    parse_date,
)
from ketenkoppeling.mapping_store import available_mappings
from ketenkoppeling.model.money import decimal_to_cents, parse_amount, round_half_up
from ketenkoppeling.model.records import ModelRecord
from ketenkoppeling.sources import excel, raw_values
from ketenkoppeling.sources.base import Location, RawRecord, SourceRefused
from ketenkoppeling.sources.delimited import iter_delimited_records
from ketenkoppeling.sources.offload import offloaded
from ketenkoppeling.sources.xml import XmlReader
from ketenkoppeling.store.bulk import insert_tuples, next_ids
from ketenkoppeling.store.convert import Prepared, prepare
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.locks import IMPORT_LOCK, LockWaitCancelled, exclusive, lost_race
from ketenkoppeling.store.tables import (
    AuditLogRow,
    BudgetRow,
    ImportBatchRow,
    InstrumentRow,
    PartnerRow,
    ProviderRow,
    RegimeRow,
    SourceRecordRow,
)
from ketenkoppeling.store.upsert import Outcome, RecordWriter

CHUNK = 1000
MAX_ERRORS_REPORTED = 1000


class ImportCancelled(Exception):
    """The user cancelled; the file's transaction was rolled back."""


@dataclass
class ImportProgress:
    file: str
    done: int
    total: int
    phase: str  # "lezen", "opslaan"


@dataclass
class FileResult:
    file: str
    status: str  # imported | already-imported | rejected | cancelled
    mapping: str | None = None
    mapping_version: str | None = None
    batch: int | None = None
    read: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    quarantined: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    reprocessed_batch: int | None = None  # a reprocessing run: the batch it ran again

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "status": self.status,
            "mapping": self.mapping,
            "batch": self.batch,
            "records": {
                "read": self.read,
                "new": self.new,
                "unchanged": self.unchanged,
                "replaced": self.replaced,
                "quarantined": self.quarantined,
            },
            "errors": self.errors,
        }
        if self.mapping_version is not None:
            data["mapping_version"] = self.mapping_version
        if self.reprocessed_batch is not None:
            data["reprocessed_batch"] = self.reprocessed_batch
        if self.message:
            data["message"] = self.message
        if self.attempts:
            data["tried"] = [{"mapping": a.mapping, "reason": a.reason} for a in self.attempts]
        return data


ProgressFn = Callable[[ImportProgress], None]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def reference_set(session: Session) -> ReferenceSet:
    return ReferenceSet(
        partners=dict(session.execute(select(PartnerRow.code, PartnerRow.name)).all()),
        instruments=dict(
            session.execute(select(InstrumentRow.code, InstrumentRow.description)).all()
        ),
        regimes=dict(session.execute(select(RegimeRow.code, RegimeRow.description)).all()),
        budgets=set(session.scalars(select(BudgetRow.code))),
        providers=set(session.scalars(select(ProviderRow.code))),
    )


def detect_mapping(path: Path, mappings: dict[str, Mapping] | None = None) -> str | None:
    """The name of the mapping that recognises ``path``, or None."""
    found, _ = detect(path, mappings if mappings is not None else load_mappings())
    return found.name if found else None


def _detect_readable(
    path: Path, mappings: dict[str, Mapping]
) -> tuple[Mapping | None, list[Attempt]]:
    """:func:`detect` for a file without a file-level problem (:func:`file_problem` said so):
    that check is not made again, and an XML file's first elements are read once for all the
    XML mappings rather than once or three times for each. The mapping found is the one
    ``detect`` finds; when none fits, ``detect`` itself says why for each (the attempts)."""
    fmt = file_format(path)
    starts: list[str] | None = None
    own: tuple[str, bool] | None = None
    own_read = False
    for name in sorted(mappings):
        mapping = mappings[name]
        if mapping.source.format != fmt:
            continue
        if fmt != "xml":
            if not check_signature(mapping, path):
                return mapping, [Attempt(name, "")]
            continue
        root = qualified(mapping.signature_root or "", mapping.namespaces)
        if starts is None:
            starts = xml_start_elements(path)
        if root in starts:
            return mapping, [Attempt(name, "")]
        if not own_read and not _own_root_among(starts):
            own = document_root(path)  # e.g. after a long SOAP Header
        own_read = True
        if own is not None and own[0] == root:
            return mapping, [Attempt(name, "")]
    return detect(path, mappings)


def _own_root_among(starts: list[str]) -> bool:
    """Whether the document's own root (:func:`document_root`) is certainly one of the first
    elements ``starts`` (so that a signature root not among them is not it either): the first
    element when it is no SOAP envelope; else, when the second is the envelope's Body, the
    third, which is the Body's first child (or, after an empty Body, a sibling: the own root
    is then the envelope itself)."""
    if not starts:
        return False
    uri, _, local = starts[0][1:].partition("}")
    if local != "Envelope" or uri not in SOAP_ENVELOPES:
        return True
    return len(starts) >= 3 and starts[1] == f"{{{uri}}}Body"


# --- reading ---------------------------------------------------------------------------------


class CompiledMapping:
    """What reading files with one mapping needs, worked out once and reused for every file
    it reads in this thread (:func:`compiled_mapping`): its records by kind, the XML reader
    (record paths, path automaton, lookahead XPaths) and a :class:`Mapper` with its compiled
    fields. For a small file compiling costs more than reading it."""

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.same: Mapping | None = None  # the last other object found equal to ``mapping``
        self.specs = {r.kind: r for r in mapping.records}
        self._xml: XmlReader | None = None
        self._mappers: list[Mapper] = []  # compiled and free; each with its own context

    def xml_reader(self) -> XmlReader:
        """The mapping's XML reader (built at first use: a bad path raises ValueError then)."""
        if self._xml is None:
            mapping, source = self.mapping, self.mapping.source
            self._xml = XmlReader(
                {r.kind: r.path or "" for r in mapping.records},
                mapping.namespaces,
                root=source.root,
                schema=SCHEMAS / source.schema if source.schema else None,
                header=source.header,
                unique_attribute=source.unique_attribute,
                lookahead=mapping.context_xpaths(),
            )
        return self._xml

    def take_mapper(self, ref: ReferenceSet) -> Mapper:
        """A Mapper of this mapping over ``ref``, for one file at a time (give it back with
        :meth:`give_back`): a compiled one when there is one free, else a new one. Its
        settings are the file's to set."""
        while self._mappers:
            mapper = self._mappers.pop()
            if mapper.ctx.reference is ref:
                return mapper
        return Mapper(self.mapping, {}, TransformContext(ref))

    def give_back(self, mapper: Mapper) -> None:
        mapper.settings = {}
        self._mappers.append(mapper)


#: how many compiled mappings a thread keeps (the mappings of a run of files)
COMPILED_KEPT = 8
_compiled = threading.local()


def compiled_mapping(mapping: Mapping) -> CompiledMapping:
    """``mapping`` compiled (see :class:`CompiledMapping`), once per thread and mapping: kept
    by name and version, and compiled anew when the mapping held under them differs (another
    version, or a file mapping edited without a new version number)."""
    kept: dict[tuple[str, str], CompiledMapping] = _compiled.__dict__.setdefault("kept", {})
    key = (mapping.name, mapping.version)
    found = kept.get(key)
    if found is not None and (found.mapping is mapping or found.same is mapping):
        return found
    if found is not None and found.mapping == mapping:  # loaded again, the same
        found.same = mapping
        return found
    found = kept[key] = CompiledMapping(mapping)
    while len(kept) > COMPILED_KEPT:
        del kept[next(iter(kept))]
    return found


def _records(
    compiled: CompiledMapping, path: Path, report: Callable[[int, int], None]
) -> Iterator[tuple[RecordSpec, RawRecord]]:
    mapping = compiled.mapping
    source = mapping.source
    if source.format == "xml":
        specs = compiled.specs
        for raw in compiled.xml_reader().records(path, report):
            yield specs[raw.kind or ""], raw
        return
    spec = mapping.records[0]
    if source.format == "xlsx":
        rows = excel.iter_excel_records(
            path, source.sheet or "", mapping.columns(), header_row=source.header_row,
            progress=report,
        )  # fmt: skip
    else:
        rows = iter_delimited_records(
            path, mapping.columns(), delimiter=source.delimiter, encoding=source.encoding,
            progress=report,
        )  # fmt: skip
    for raw in rows:
        yield spec, raw


def _setting_raw(
    setting: SettingSpec, mapping: Mapping, path: Path, first: RawRecord | None
) -> Any:
    if setting.value is not None:
        return setting.value
    if setting.file_name:
        return path.name
    if setting.cell is not None:
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        letter, row = coordinate_from_string(setting.cell)
        rows = excel.peek_rows(path, mapping.source.sheet or "", rows=row)
        column = column_index_from_string(letter) - 1
        return rows[row - 1][column] if len(rows) >= row and len(rows[row - 1]) > column else None
    if setting.xpath is not None and first is not None and first.element is not None:
        from lxml import etree

        found = etree.XPath(setting.xpath, namespaces=mapping.namespaces)(first.element)
        if isinstance(found, list):
            found = getattr(found[0], "text", found[0]) if found else None
        if found not in (None, ""):
            return found
        # not before the first record: anywhere in the file (one more streaming pass)
        from ketenkoppeling.sources.xml_settings import first_xpath_value

        return first_xpath_value(
            path, setting.xpath, mapping.namespaces,
            record_paths=[r.path for r in mapping.records if r.path],
        )  # fmt: skip
    return None


def resolve_settings(
    mapping: Mapping, path: Path, first: RawRecord | None, ctx: TransformContext
) -> dict[str, Any]:
    """The mapping's settings for this file; a required one that cannot be determined refuses
    the file."""
    values: dict[str, Any] = {}
    for setting in mapping.settings:
        raw = _setting_raw(setting, mapping, path, first)
        value = raw.strip() if isinstance(raw, str) else raw
        label = setting.label or setting.cell or setting.xpath or setting.name
        try:
            for transform in setting.transforms:
                value = apply_transform(transform, value, ctx)
        except FieldError as exc:
            if setting.required:
                raise SourceRefused(
                    f"{path.name}: {setting.name} niet te bepalen uit {label}: {exc}"
                ) from exc
            value = None
        if value in (None, "") and setting.required and first is not None:
            raise SourceRefused(f"{path.name}: {setting.name} niet te bepalen uit {label} (leeg)")
        values[setting.name] = value
    return values


class MappingRun:
    """A file through a mapping: iterating yields each raw record with what the mapping makes
    of it (:class:`MappedRaw`). ``settings`` are the mapping's file settings once resolved
    (at the first record)."""

    def __init__(
        self, mapping: Mapping, path: Path, ref: ReferenceSet, report: Callable[[int, int], None]
    ) -> None:
        self.mapping, self.path, self.ref, self.report = mapping, path, ref, report
        self.settings: dict[str, Any] = {}

    def __iter__(
        self,
    ) -> Iterator[tuple[RawRecord, MappedRaw]]:
        # the mapping compiled once for every file it reads; its Mapper is this file's alone
        compiled = compiled_mapping(self.mapping)
        mapping, path, ref = compiled.mapping, self.path, self.ref
        mapper = compiled.take_mapper(ref)
        try:
            ctx, resolved = mapper.ctx, False
            if mapping.source.format == "xlsx":
                mapper.settings = resolve_settings(mapping, path, None, ctx)
                self.settings, resolved = mapper.settings, True
            for spec, raw in _records(compiled, path, self.report):
                if not resolved:
                    mapper.settings = resolve_settings(mapping, path, raw, ctx)
                    self.settings, resolved = mapper.settings, True
                yield raw, map_raw(mapper, spec, raw, ref)
        finally:
            compiled.give_back(mapper)


# --- storing ---------------------------------------------------------------------------------


@dataclass
class Pending:
    seq: int
    location: Location
    problems: list[Problem]
    notes: list[str]
    records: list[ModelRecord]
    raw: dict[str, Any] | None
    spend: QuarantinedSpend | None = None


def _raw_data(raw: RawRecord) -> dict[str, Any]:
    """The raw values of a quarantined record, kept so that it can be run again
    (:mod:`ketenkoppeling.raw_values`)."""
    return raw_values.keep(raw)


class QuarantinedSpend(NamedTuple):
    """What can be read of a quarantined spend record: money the accounts do not hold yet."""

    partner: str  # the registering partner, or UNKNOWN_PARTNER
    amount_cents: int | None  # None: the amount cannot be read
    pay_date: date | None  # None: the pay date cannot be read


class MappedRaw(NamedTuple):
    """A raw record through the mapping and the model's validation."""

    problems: list[Problem]  # empty when the record can be stored
    notes: list[str]  # e.g. an incomplete date
    records: list[ModelRecord]
    spend: QuarantinedSpend | None  # for a quarantined spend record


UNKNOWN_PARTNER = "(onbekend)"
MAX_CENTS = 10**15  # an amount beyond ten trillion euro is not read as money


def _cents(value: Value | None) -> int | None:
    if value is None or value.value in (None, ""):
        return None
    try:
        cents = decimal_to_cents(round_half_up(parse_amount(value.value)))
    except (ValueError, ArithmeticError, TypeError):
        return None
    return cents if abs(cents) < MAX_CENTS else None


def _date(value: Value | None) -> date | None:
    found = value.value if value is not None else None
    if isinstance(found, datetime):
        return found.date()
    if isinstance(found, date):
        return found
    if isinstance(found, str) and found.strip():
        try:
            return parse_date(found.strip())[0]
        except (ValueError, FieldError):
            return None
    return None


def quarantined_spend(entities: list[MappedEntity]) -> QuarantinedSpend | None:
    """The partner, amount and pay date of a spend record, as far as they can be read."""
    for entity in entities:
        if entity.entity != "spend":
            continue
        partner = entity.values.get("partner")
        code = str(partner.value).strip()[:40] if partner and partner.value else ""
        return QuarantinedSpend(
            code or UNKNOWN_PARTNER,
            _cents(entity.values.get("amount")),
            _date(entity.values.get("pay_date")),
        )
    return None


def map_raw(mapper: Mapper, spec: RecordSpec, raw: RawRecord, ref: ReferenceSet) -> MappedRaw:
    """One raw record through the mapping and the model's validation (see MappedRaw)."""
    mapped = mapper.apply(spec, raw)
    problems = list(mapped.problems)
    records: list[ModelRecord] = []
    if not problems:
        for entity in mapped.entities:
            record, entity_problems = build_record(entity, raw.location, ref)
            problems.extend(p for p in entity_problems if p not in problems)
            if record is not None:
                records.append(record)
    spend = quarantined_spend(mapped.entities) if problems else None
    return MappedRaw(problems, mapped.notes, records, spend)


#: the values of a source record that its reading determines, in the order of Staged.source
SOURCE_COLUMNS = (
    "seq", "location", "line", "xpath", "sheet", "row", "data", "errors", "spend_partner",
    "spend_amount_cents", "spend_pay_date",
)  # fmt: skip
_SOURCE_INSERT = ("id", "batch_id", "status", *SOURCE_COLUMNS)


class Staged(NamedTuple):
    """A record read and mapped as the store writes it, in plain values (cheap to hand from
    the reading process to the storing one): its source record's values (SOURCE_COLUMNS),
    its reasons when it is quarantined (else None) and its model records prepared for the
    store (:func:`ketenkoppeling.store.convert.prepare`)."""

    source: tuple[Any, ...]
    problems: list[dict[str, Any]] | None
    records: tuple[Prepared, ...]


def stage(p: Pending) -> Staged:
    """``p`` as the store writes it (see :class:`Staged`)."""
    return _stage(p.seq, p.location, p.problems, p.notes, p.records, p.raw, p.spend)


def _stage(
    seq: int,
    location: Location,
    problems: list[Problem],
    notes: list[str],
    records: list[ModelRecord],
    raw: dict[str, Any] | None,
    spend: QuarantinedSpend | None,
) -> Staged:
    described = location.describe()
    errors = [q.as_dict() for q in problems] + [
        {"location": described, "field": None, "message": n, "level": "note"} for n in notes
    ]
    source: tuple[Any, ...]
    if not problems:
        source = (
            seq, described[:500], location.line, location.xpath, location.sheet, location.row,
            None, errors or None, None, None, None,
        )  # fmt: skip
        return Staged(source, None, tuple([prepare(r) for r in records]))
    source = (
        seq, described[:500], location.line, location.xpath, location.sheet, location.row,
        raw, errors, spend.partner if spend else None, spend.amount_cents if spend else None,
        spend.pay_date if spend else None,
    )  # fmt: skip
    return Staged(source, [q.as_dict() for q in problems], ())


_RANK = {Outcome.UNCHANGED: 0, Outcome.NEW: 1, Outcome.REPLACED: 2}
_BY_RANK = (Outcome.UNCHANGED, Outcome.NEW, Outcome.REPLACED)


class BatchWriter:
    def __init__(self, session: Session, batch_id: int, result: FileResult) -> None:
        self.session = session
        self.batch_id = batch_id
        self.result = result
        self.writer = RecordWriter(session)
        self.pending: list[Staged] = []

    def add(self, item: Pending | Staged) -> None:
        self.pending.append(item if isinstance(item, Staged) else stage(item))
        if len(self.pending) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        staged, result = self.pending, self.result
        connection = self.session.connection()
        ids = next_ids(connection, SourceRecordRow, len(staged))
        batch_id = self.batch_id
        insert_tuples(
            connection, SourceRecordRow, _SOURCE_INSERT,
            [
                (record_id, batch_id, "new" if s.problems is None else "quarantined", *s.source)
                for s, record_id in zip(staged, ids, strict=True)
            ],
        )  # fmt: skip
        items: list[tuple[Prepared, int | None]] = []
        owners: list[int] = []
        for index, (s, source_id) in enumerate(zip(staged, ids, strict=True)):
            if s.problems is not None:
                result.quarantined += 1
                if len(result.errors) < MAX_ERRORS_REPORTED:
                    result.errors.extend(s.problems)
                continue
            for record in s.records:
                items.append((record, source_id))
                owners.append(index)
        outcomes = self.writer.write(items)
        # a record's status is that of its main entities (a client read along counts only
        # when it is all the record holds): the highest of replaced, new, unchanged
        main: dict[int, int] = {}
        every: dict[int, int] = {}
        for (record, _), outcome, owner in zip(items, outcomes, owners, strict=True):
            rank = _RANK[outcome]
            if every.get(owner, -1) < rank:
                every[owner] = rank
            if record.kind != "client" and main.get(owner, -1) < rank:
                main[owner] = rank
        changed: dict[Outcome, list[int]] = {Outcome.UNCHANGED: [], Outcome.REPLACED: []}
        for owner, rank in every.items():
            status = _BY_RANK[main.get(owner, rank)]
            if status is Outcome.NEW:
                result.new += 1
            elif status is Outcome.REPLACED:
                result.replaced += 1
                changed[status].append(ids[owner])
            else:
                result.unchanged += 1
                changed[status].append(ids[owner])
        for status, record_ids in changed.items():
            for start in range(0, len(record_ids), 500):
                self.session.execute(
                    update(SourceRecordRow)
                    .where(SourceRecordRow.id.in_(record_ids[start : start + 500]))
                    .values(status=status.value)
                )
        self.pending = []


def import_file(
    db: Database,
    path: Path,
    *,
    mapping: str | None = None,
    mappings: dict[str, Mapping] | None = None,
    again: bool = False,
    user: str | None = None,
    progress: ProgressFn | None = None,
    cancel: Callable[[], bool] | None = None,
    waiting: Callable[[str], None] | None = None,
) -> FileResult:
    """Import one file (see the module docstring). A file imported before is read again only
    with ``again`` or when the mapping version that reads it now differs from the one that
    read it then.

    Imports into one database take turns: while another one runs, this one waits and says so
    (Dutch, "inlezen van x.xml loopt al bij jan sinds 12:01:33; wacht…") through ``waiting``,
    or without it as the phase of a ``progress`` report."""
    path = Path(path)
    refused = _may_import(db, path)
    if refused is not None:
        return refused
    with collector_set_aside():
        return _import_one(
            db, path, mapping=mapping, mappings=mappings, again=again, user=user,
            progress=progress, cancel=cancel, waiting=waiting,
        )  # fmt: skip


def _may_import(db: Database, path: Path) -> FileResult | None:
    """A refusal when the user's role may not import (a controller), else None."""
    try:
        require(db, Role.BACKOFFICE, Role.BEHEERDER, what="bestanden inlezen")
    except AccessDenied as exc:
        return FileResult(file=path.name, status="rejected", message=exc.message)
    return None


def _import_one(
    db: Database,
    path: Path,
    *,
    known: dict[str, ReferenceSet] | None = None,
    mapping: str | None = None,
    mappings: dict[str, Mapping] | None = None,
    again: bool = False,
    user: str | None = None,
    progress: ProgressFn | None = None,
    cancel: Callable[[], bool] | None = None,
    waiting: Callable[[str], None] | None = None,
    turn: ImportTurn | None = None,
) -> FileResult:
    """One file (see :func:`import_file`), the role already checked; under ``turn``'s import
    lock when given (a run of files), else under one of its own."""
    path = Path(path)
    result = FileResult(file=path.name, status="rejected")
    user = user or current_user()
    try:
        available = mappings if mappings is not None else available_mappings(db)
    except MappingError as exc:
        result.message = f"koppelingen zijn niet te laden: {exc}"
        return result
    if not path.is_file():
        result.message = f"{path} bestaat niet of is geen bestand"
        return result
    problem = file_problem(path)
    if problem is not None:  # an empty, binary or damaged file: refused before any mapping
        result.message = problem
        return result
    content_hash = file_hash(path)
    if mapping is not None:
        chosen = available.get(mapping)
        if chosen is None:
            result.message = (
                f"koppeling '{mapping}' bestaat niet; beschikbaar: {', '.join(sorted(available))}"
            )
            return result
    else:
        chosen, attempts = _detect_readable(path, available)
        if chosen is None:
            result.attempts = attempts
            tried = "; ".join(f"{a.mapping}: {a.reason}" for a in attempts) or "geen"
            found = f" ({describe_root(path)})" if file_format(path) == "xml" else ""
            result.message = f"indeling van {path.name}{found} niet herkend. Geprobeerd: {tried}"
            return result
    result.mapping, result.mapping_version = chosen.name, chosen.version

    def tell(message: str) -> None:
        if waiting is not None:
            waiting(message)
        elif progress is not None:
            progress(ImportProgress(path.name, 0, 0, message))

    # one import at a time per database (store/locks.py): a second one waits its turn, and
    # then finds a file that the first one stored as already imported
    try:
        with (
            turn.take(db, user, path.name, tell, cancel)
            if turn is not None
            else exclusive(
                db, IMPORT_LOCK, user=user, task=f"inlezen van {path.name}", waiting=tell,
                cancel=cancel,
            )
        ):  # fmt: skip
            _import_locked(
                db, path, chosen, content_hash, again, user, result, progress, cancel, known
            )
    except LockWaitCancelled:
        _reset(result, "cancelled", "afgebroken door de gebruiker; er is niets opgeslagen")
    return result


class ImportTurn:
    """The import lock (store/locks.py) for a run of files: taken when the first file that
    gets that far needs it, and held until :meth:`release` at the end of the run, so that
    each further file costs no lock of its own. The guarantees are those of a lock per file:
    one import at a time per database, each file's check for an earlier import and its
    transaction under the lock. What a lock per file gave besides, a colleague's turn
    between two files, it did not give in practice: whoever waits tries again every
    ``POLL`` seconds, and the next file took the lock again within a millisecond."""

    def __init__(self, files: int) -> None:
        self.remaining = files  # files of the run not yet begun
        self._held = ExitStack()
        self._taken = False

    def take(
        self,
        db: Database,
        user: str,
        name: str,
        waiting: Callable[[str], None],
        cancel: Callable[[], bool] | None,
    ) -> AbstractContextManager[None]:
        """The lock for the file ``name`` (waiting for it the first time, told on
        ``waiting``; :class:`LockWaitCancelled` when ``cancel`` says so meanwhile)."""
        if not self._taken:
            others = self.remaining
            task = f"inlezen van {name}" + (
                f" en nog {others} bestand{'en' if others > 1 else ''}" if others > 0 else ""
            )
            self._held.enter_context(
                exclusive(db, IMPORT_LOCK, user=user, task=task, waiting=waiting, cancel=cancel)
            )
            self._taken = True
        return nullcontext()

    def release(self) -> None:
        self._held.close()
        self._taken = False


RETRIES = 3  # tries of a file's transaction that lost a race with another one
_transient = lost_race  # a deadlock, serialization failure, … (store/locks.py): run it again


def _import_locked(
    db: Database,
    path: Path,
    chosen: Mapping,
    content_hash: str,
    again: bool,
    user: str,
    result: FileResult,
    progress: ProgressFn | None,
    cancel: Callable[[], bool] | None,
    known: dict[str, ReferenceSet] | None = None,
) -> None:
    """import_file once the import lock is held: already imported, or read and stored (the
    file's transaction tried again after a lost race). The check for an earlier import is
    made in the file's own transaction."""
    for attempt in range(1, RETRIES + 1):
        try:
            with db.session() as session:
                earlier = session.connection().execute(_EARLIER, {"hash": content_hash}).all()
                if _imported_before(earlier, chosen, again, result):
                    return
                _import_with(
                    db, path, chosen, content_hash, user, result, progress, cancel,
                    [b.id for b in earlier], known, session,
                )  # fmt: skip
            return
        except SourceRefused as exc:
            _reset(result, "rejected", exc.message)
            return
        except ImportCancelled:
            _reset(result, "cancelled", "afgebroken door de gebruiker; er is niets opgeslagen")
            return
        except DBAPIError as exc:
            if attempt == RETRIES or not _transient(exc):
                raise
            _reset(result, "rejected", None)
            time.sleep(0.2 * attempt)


def _imported_before(
    earlier: Sequence[Any], chosen: Mapping, again: bool, result: FileResult
) -> bool:
    """Whether the file was imported before with the same mapping version (``earlier``: its
    batches, newest first) and is not to be read again: ``result`` then says so."""
    newest = earlier[0] if earlier else None
    same = newest is not None and (newest.mapping_name, newest.mapping_version) == (
        chosen.name, chosen.version
    )  # fmt: skip
    if newest is None or not same or again:
        return False
    result.status = "already-imported"
    result.batch = newest.id
    result.message = (
        f"dit bestand is al ingelezen als batch {newest.id} ({newest.file_name}, "
        f"{newest.started_at:%d-%m-%Y %H:%M}) met {chosen.label}; gebruik --again om het "
        "opnieuw in te lezen"
    )
    return True


def _reset(result: FileResult, status: str, message: str | None) -> None:
    result.status, result.message, result.batch = status, message, None
    result.read = result.new = result.unchanged = result.replaced = result.quarantined = 0
    result.errors = []


def _import_with(
    db: Database,
    path: Path,
    mapping: Mapping,
    content_hash: str,
    user: str,
    result: FileResult,
    progress: ProgressFn | None,
    cancel: Callable[[], bool] | None,
    earlier_batches: list[int],
    known: dict[str, ReferenceSet] | None = None,
    session: Session | None = None,
) -> None:
    """Read and store the file in ``session``'s transaction (without one: a transaction of
    its own)."""
    if session is None:
        with db.session() as own:
            _import_with(
                db, path, mapping, content_hash, user, result, progress, cancel,
                earlier_batches, known, own,
            )  # fmt: skip
        return
    started = datetime.now(UTC).replace(tzinfo=None)

    def report(done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise ImportCancelled
        if progress is not None:
            progress(ImportProgress(path.name, done, total, "lezen"))

    # several files in one go read the reference data once (import_files)
    ref = known.get("ref") if known is not None else None
    if ref is None:
        ref = reference_set(session)
        if known is not None:
            known["ref"] = ref
    # the batch and its audit entry as plain statements (compiled once), not ORM objects:
    # for a small file the ORM's unit of work costs more than the file's own rows
    connection = session.connection()
    inserted = connection.execute(
        _NEW_BATCH,
        {
            "file_name": path.name, "content_hash": content_hash,
            "mapping_name": mapping.name, "mapping_version": mapping.version, "user": user,
            "started_at": started, "status": "importing",
        },
    ).inserted_primary_key  # fmt: skip
    assert inserted is not None
    batch_id = int(inserted[0])
    result.batch = batch_id
    writer = BatchWriter(session, batch_id, result)
    settings: dict[str, Any] = {}
    for item in _pending(mapping, path, ref, report, settings):
        result.read += 1
        writer.add(item)
        if result.read % CHUNK == 0 and cancel is not None and cancel():
            raise ImportCancelled
    writer.flush()
    if cancel is not None and cancel():
        raise ImportCancelled
    if result.read == 0:
        raise SourceRefused(
            f"de koppeling {mapping.label} vindt geen enkel record in {path.name}; "
            "er is niets vastgelegd"
        )
    if earlier_batches:  # read again: the earlier quarantine is superseded by this run
        session.execute(
            update(SourceRecordRow)
            .where(
                SourceRecordRow.batch_id.in_(earlier_batches),
                SourceRecordRow.status == "quarantined",
            )
            .values(status="reprocessed")
        )
    partner = settings.get("partner")
    _finish_import(
        connection, batch_id, path.name, result, user, {"mapping": mapping.label},
        partner=str(partner) if partner else None,
        settings=raw_values.settings_json(settings),
    )  # fmt: skip


_BATCH = ImportBatchRow.metadata.tables[ImportBatchRow.__tablename__]
_AUDIT = AuditLogRow.metadata.tables[AuditLogRow.__tablename__]
#: the batches of a file (by content hash) that have not been withdrawn (a withdrawn file may
#: come again), newest first
_EARLIER = (
    select(
        _BATCH.c.id, _BATCH.c.file_name, _BATCH.c.mapping_name, _BATCH.c.mapping_version,
        _BATCH.c.started_at,
    )
    .where(_BATCH.c.content_hash == bindparam("hash"), _BATCH.c.withdrawn_at.is_(None))
    .order_by(_BATCH.c.id.desc())
)  # fmt: skip
_NEW_BATCH = insert(_BATCH)
_CLOSE_BATCH = (
    update(_BATCH)
    .where(_BATCH.c.id == bindparam("batch_id"))
    .values(
        {
            name: bindparam(name)
            for name in (
                "status", "finished_at", "partner", "settings", "records_read", "records_new",
                "records_unchanged", "records_replaced", "records_quarantined",
            )
        }
    )
)  # fmt: skip
_NEW_AUDIT = insert(_AUDIT)


def _finish_import(
    connection: Connection,
    batch_id: int,
    file_name: str,
    result: FileResult,
    user: str,
    detail: dict[str, Any],
    *,
    partner: str | None,
    settings: dict[str, Any] | None,
) -> None:
    """Close an imported batch: what :func:`finish_batch` does, as two plain statements."""
    result.status = "imported"
    finished = datetime.now(UTC).replace(tzinfo=None)
    counts = result.to_json()["records"]
    connection.execute(
        _CLOSE_BATCH,
        {
            "batch_id": batch_id, "status": "imported", "finished_at": finished,
            "partner": partner, "settings": settings,
            **{f"records_{name}": value for name, value in counts.items()},
        },
    )  # fmt: skip
    connection.execute(
        _NEW_AUDIT,
        {
            "at": finished, "user": user, "action": "import", "subject": file_name,
            "detail": {"batch": batch_id, **detail, **counts},
        },
    )  # fmt: skip


#: Files from this size on are read and mapped in a second process while this one stores
#: (the environment variable KETENKOPPELING_OFFLOAD_BYTES sets another size; tests use 0).
OFFLOAD_BYTES = 8 << 20


def offload_bytes() -> int:
    configured = os.environ.get("KETENKOPPELING_OFFLOAD_BYTES", "")
    return int(configured) if configured.isdigit() else OFFLOAD_BYTES


PENDING_CHUNK = 500


def _pending_of(run: MappingRun) -> Iterator[Staged]:
    for seq, (raw, mapped) in enumerate(run, start=1):
        yield _stage(
            seq, raw.location, mapped.problems, mapped.notes, mapped.records,
            _raw_data(raw) if mapped.problems else None, mapped.spend,
        )  # fmt: skip


def produce_pending(mapping: Mapping, path: Path, ref: ReferenceSet) -> Iterator[Any]:
    """In the reading process: ``("records", [Staged, …])`` chunks, ``("progress", (done,
    total))`` now and then, and at the end ``("settings", {…})``."""
    with collector_set_aside():  # the reading process's modules (see there)
        reported: list[tuple[int, int]] = []
        run = MappingRun(mapping, path, ref, lambda done, total: reported.append((done, total)))
        chunk: list[Staged] = []
        for item in _pending_of(run):
            chunk.append(item)
            if len(chunk) >= PENDING_CHUNK:
                yield ("records", chunk)
                chunk = []
                if reported:
                    yield ("progress", reported[-1])
                    reported.clear()
        yield ("records", chunk)
        if reported:
            yield ("progress", reported[-1])
        yield ("settings", run.settings)


def _pending(
    mapping: Mapping,
    path: Path,
    ref: ReferenceSet,
    report: Callable[[int, int], None],
    settings: dict[str, Any],
) -> Iterator[Staged]:
    """The file's records through the mapping, in file order; a large file is read in a second
    process (:mod:`ketenkoppeling.sources.offload`). ``settings`` is filled at the end."""
    if path.stat().st_size < offload_bytes():
        run = MappingRun(mapping, path, ref, report)
        yield from _pending_of(run)
        settings.update(run.settings)
        return
    for kind, payload in offloaded(produce_pending, mapping, path, ref):
        if kind == "progress":
            report(*payload)
        elif kind == "settings":
            settings.update(payload)
        else:
            yield from payload


def finish_batch(
    session: Session,
    batch: ImportBatchRow,
    result: FileResult,
    status: str,
    user: str,
    detail: dict[str, Any],
) -> None:
    """Close a batch: its status and counts, and the audit log's entry for it."""
    batch.status = result.status = status
    batch.finished_at = datetime.now(UTC).replace(tzinfo=None)
    batch.records_read = result.read
    batch.records_new = result.new
    batch.records_unchanged = result.unchanged
    batch.records_replaced = result.replaced
    batch.records_quarantined = result.quarantined
    action = "import" if status == "imported" else "reprocess"
    session.add(
        AuditLogRow(
            at=batch.finished_at, user=user, action=action, subject=batch.file_name,
            detail={"batch": batch.id, **detail, **result.to_json()["records"]},
        )
    )  # fmt: skip


def import_files(
    db: Database,
    paths: list[Path],
    *,
    mapping: str | None = None,
    again: bool = False,
    user: str | None = None,
    progress: ProgressFn | None = None,
    cancel: Callable[[], bool] | None = None,
    waiting: Callable[[str], None] | None = None,
) -> list[FileResult]:
    """Import several files, each in its own transaction, in the order given (``waiting``:
    see :func:`import_file`)."""
    try:
        mappings = available_mappings(db)
    except MappingError as exc:
        return [
            FileResult(Path(p).name, "rejected", message=f"koppelingen niet te laden: {exc}")
            for p in paths
        ]
    if paths and (refused := _may_import(db, Path(paths[0]))) is not None:
        return [FileResult(Path(p).name, "rejected", message=refused.message) for p in paths]
    results = []
    known: dict[str, ReferenceSet] = {}  # the reference data, read once for all the files
    turn = ImportTurn(len(paths))  # the import lock, taken once for all the files
    user = user or current_user()
    with collector_set_aside():  # see there
        try:
            for path in paths:
                turn.remaining -= 1
                if cancel is not None and cancel():
                    results.append(
                        FileResult(Path(path).name, "cancelled", message="niet ingelezen")
                    )
                    continue
                results.append(
                    _import_one(
                        db, Path(path), known=known, mapping=mapping, mappings=mappings,
                        again=again, user=user, progress=progress, cancel=cancel, waiting=waiting,
                        turn=turn,
                    )
                )  # fmt: skip
        finally:
            turn.release()
    return results


_aside = {"depth": 0, "mine": 0}  # nesting depth; whether the outermost block froze
_aside_lock = threading.Lock()


@contextmanager
def collector_set_aside() -> Iterator[None]:
    """What lives now (the loaded libraries: SQLAlchemy, lxml, in the window Qt's; about 100k
    objects) outlives an import: the collector's full pass, due every so often as the
    records' short-lived objects come and go, need not walk it (tens of ms each time, a tenth
    of a large file's import). Set aside (gc.freeze) while the block runs, handed back to the
    collector when the outermost such block ends. When the process already set things aside
    (the window does once it is shown: ui/app.py), that stays as it is."""
    with _aside_lock:
        if _aside["depth"] == 0:
            _aside["mine"] = gc.get_freeze_count() == 0
            if _aside["mine"]:
                gc.freeze()
        _aside["depth"] += 1
    try:
        yield
    finally:
        with _aside_lock:
            _aside["depth"] -= 1
            if _aside["depth"] == 0 and _aside["mine"]:
                gc.unfreeze()


@dataclass
class QuarantinedRecord:
    batch: int
    seq: int
    location: str
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]


def quarantined_records(session: Session, batch_id: int) -> list[QuarantinedRecord]:
    """The quarantined records of a batch with their reasons, in file order."""
    rows = session.scalars(
        select(SourceRecordRow)
        .where(SourceRecordRow.batch_id == batch_id, SourceRecordRow.status == "quarantined")
        .order_by(SourceRecordRow.seq)
    )
    return [
        QuarantinedRecord(r.batch_id, r.seq, r.location, raw_values.display(r.data), r.errors or [])
        for r in rows
    ]


def list_batches(session: Session) -> list[ImportBatchRow]:
    """Every imported batch, newest first."""
    return list(session.scalars(select(ImportBatchRow).order_by(ImportBatchRow.id.desc())))
