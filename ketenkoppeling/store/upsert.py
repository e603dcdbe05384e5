"""Storing model records by key: new, unchanged or replaced (a correction, kept in history).

Set-based: a chunk of records is looked up by key in one query, and written with executemany.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    ARRAY,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from ketenkoppeling.model import Client, SpendLine
from ketenkoppeling.model.rounding import attribute_cents, percentage_to_bp
from ketenkoppeling.store import convert
from ketenkoppeling.store.bulk import insert_tuples, next_ids, rows_by_keys
from ketenkoppeling.store.tables import (
    AttributionRow,
    Base,
    BenefitPeriodRow,
    ClientRow,
    DeploymentRow,
    HistoryRow,
    OutflowRow,
    SpendLineRow,
)


class Outcome(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


@dataclass(frozen=True)
class _Kind:
    table: type[Base]
    key_columns: tuple[str, ...]
    columns: tuple[str, ...]  # the columns of a Prepared row


_TABLES: dict[str, type[Base]] = {
    "client": ClientRow,
    "benefit_period": BenefitPeriodRow,
    "deployment": DeploymentRow,
    "spend_line": SpendLineRow,
    "outflow": OutflowRow,
}
_KEYS: dict[str, tuple[str, ...]] = {
    "client": ("bsn",),
    "benefit_period": ("bsn", "regime", "executor", "start"),
    "deployment": ("partner", "reference"),
    "spend_line": ("partner", "invoice_number", "reference"),
    "outflow": ("partner", "bsn", "date"),
}
_KINDS: dict[str, _Kind] = {
    name: _Kind(table, _KEYS[name], convert.COLUMNS[name]) for name, table in _TABLES.items()
}
_HASH = -1  # a Prepared row's content hash: its last value
_ATTRIBUTION_COLUMNS = ("spend_line_id", "seq", "budget", "percentage_bp", "part_cents")


def merge_client(stored: Client, new: Client) -> Client:
    """A source that leaves an optional client field empty does not erase what is known."""
    return Client(
        bsn=new.bsn,
        birth_date=new.birth_date or stored.birth_date,
        surname=new.surname or stored.surname,
        initials=new.initials or stored.initials,
        postcode=new.postcode or stored.postcode,
    )


class RecordWriter:
    """Writes model records into a session, by key, reporting each one's outcome."""

    def __init__(self, session: Session, *, now: datetime | None = None) -> None:
        self.session = session
        self.now = now or datetime.now(UTC).replace(tzinfo=None)

    def write(
        self, items: Sequence[tuple[convert.ModelRecord | convert.Prepared, int | None]]
    ) -> list[Outcome]:
        """Store ``(record, source_record_id)`` pairs (a record as a model record, or as
        :func:`convert.prepare` made it); outcomes in the same order."""
        outcomes: list[Outcome | None] = [None] * len(items)
        by_kind: dict[str, list[tuple[int, convert.Prepared, int | None]]] = {}
        prepare = convert.prepare
        for index, (record, source) in enumerate(items):
            prepared = record if isinstance(record, convert.Prepared) else prepare(record)
            found = by_kind.get(prepared.kind)
            if found is None:
                found = by_kind[prepared.kind] = []
            found.append((index, prepared, source))
        for name, entries in by_kind.items():
            results = self._write_kind(_KINDS[name], [(p, s) for _, p, s in entries])
            for (i, _, _), outcome in zip(entries, results, strict=True):
                outcomes[i] = outcome
        return [o for o in outcomes if o is not None]

    def _write_kind(
        self, kind: _Kind, items: list[tuple[convert.Prepared, int | None]]
    ) -> list[Outcome]:
        table: Any = kind.table
        is_client = table is ClientRow
        stored: dict[tuple[Any, ...], Any] = {}
        keys = list(dict.fromkeys(p.key for p, _ in items))
        for found in self._stored(kind, keys):
            stored[tuple(getattr(found, c) for c in kind.key_columns)] = found

        pending_new: dict[tuple[Any, ...], tuple[convert.Prepared, int | None]] = {}
        outcomes: list[Outcome] = []
        for record, source_id in items:
            key = record.key
            earlier = pending_new.get(key)
            if earlier is not None:
                if is_client:
                    record = convert.merged_client(earlier[0].row, record)
                if record.row[_HASH] == earlier[0].row[_HASH]:
                    outcomes.append(Outcome.UNCHANGED)
                else:
                    pending_new[key] = (record, source_id)
                    outcomes.append(Outcome.REPLACED)
                continue
            existing = stored.get(key)
            if existing is None:
                pending_new[key] = (record, source_id)
                outcomes.append(Outcome.NEW)
                continue
            if is_client:
                record = convert.merged_client(
                    (existing.bsn, existing.birth_date, existing.surname, existing.initials,
                     existing.postcode),
                    record,
                )  # fmt: skip
            if record.row[_HASH] == existing.content_hash:
                outcomes.append(Outcome.UNCHANGED)
                continue
            self._replace(kind, existing, record, source_id)
            outcomes.append(Outcome.REPLACED)

        if pending_new:
            connection = self.session.connection()
            names = (*kind.columns, "source_record_id")
            if table is SpendLineRow:
                ids = next_ids(connection, SpendLineRow, len(pending_new))
                rows: list[tuple[Any, ...]] = []
                attributions: list[tuple[Any, ...]] = []
                for (record, source_id), line_id in zip(pending_new.values(), ids, strict=True):
                    rows.append((*record.row, source_id, line_id))
                    attributions.extend(
                        (line_id, seq, *part) for seq, part in enumerate(record.parts, start=1)
                    )
                insert_tuples(connection, SpendLineRow, (*names, "id"), rows)
                insert_tuples(connection, AttributionRow, _ATTRIBUTION_COLUMNS, attributions)
            else:
                rows = [(*record.row, source_id) for record, source_id in pending_new.values()]
                insert_tuples(connection, table, names, rows)
        return outcomes

    def _replace(
        self, kind: _Kind, existing: Any, record: convert.Prepared, source_id: int | None
    ) -> None:
        """A stored record corrected: the stored version kept in history, the new one in its
        place (later records of the same key in this chunk compare with it)."""
        table: Any = kind.table
        new_row = dict(zip(kind.columns, record.row, strict=True))
        self._keep_history(kind, existing, source_id)
        key_cols = [getattr(table, c) for c in kind.key_columns]
        self.session.execute(
            update(table)
            .where(*[c == v for c, v in zip(key_cols, record.key, strict=True)])
            .values(**new_row, source_record_id=source_id)
        )
        for col, value in new_row.items():
            setattr(existing, col, value)
        existing.source_record_id = source_id
        if table is SpendLineRow:
            self._replace_attributions(existing.id, record.parts)

    def _stored(self, kind: _Kind, keys: list[tuple[Any, ...]]) -> Iterator[Any]:
        """The stored rows of ``keys`` as plain rows (not ORM objects: much cheaper for the
        many that stay unchanged). The keys are joined as a table, so that the database looks
        each up in the key's index: on PostgreSQL as arrays (``unnest``), elsewhere as a
        ``VALUES`` list of 500 (a row-value ``IN`` list made SQLite scan the whole table for
        every chunk: an import grew with the square of the stored rows)."""
        table: Any = kind.table
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            columns = [table.__table__.c[c] for c in kind.key_columns]
            names = [f"k{i}" for i in range(len(columns))]
            keyed = lateral_keys(columns, names, keys)
            query = select(table.__table__).join(
                keyed, and_(*[c == keyed.c[n] for c, n in zip(columns, names, strict=True)])
            )
            for result in connection.execute(query):
                yield SimpleNamespace(**result._mapping)
            return
        # a single key as well: building a select with an IN list costs more than a small
        # import's own lookup (many small files)
        for row in rows_by_keys(connection, table, kind.key_columns, keys):
            yield SimpleNamespace(**row)

    def _keep_history(self, kind: _Kind, existing: Any, replaced_by: int | None) -> None:
        data = {c.name: getattr(existing, c.name) for c in kind.table.__table__.columns}
        if kind.table is SpendLineRow:
            data["attributions"] = [
                {"budget": a.budget, "percentage_bp": a.percentage_bp, "part_cents": a.part_cents}
                for a in self.session.execute(
                    select(AttributionRow)
                    .where(AttributionRow.spend_line_id == existing.id)
                    .order_by(AttributionRow.seq)
                ).scalars()
            ]
        key = "/".join(str(getattr(existing, c)) for c in kind.key_columns)
        self.session.execute(
            insert(HistoryRow).values(
                entity=kind.table.__tablename__,
                key=key,
                data=convert._plain(data),
                source_record_id=existing.source_record_id,
                replaced_at=self.now,
                replaced_by_record_id=replaced_by,
            )
        )

    def _replace_attributions(self, line_id: int, parts: tuple[tuple[str, int, int], ...]) -> None:
        self.session.execute(delete(AttributionRow).where(AttributionRow.spend_line_id == line_id))
        rows = [
            dict(zip(_ATTRIBUTION_COLUMNS, (line_id, seq, *part), strict=True))
            for seq, part in enumerate(parts, start=1)
        ]
        if rows:
            self.session.execute(insert(AttributionRow), rows)


def lateral_keys(columns: list[Any], names: list[str], keys: list[tuple[Any, ...]]) -> Any:
    """``unnest(:k0, :k1, …) AS keys(k0, k1, …)``: the keys as a table, one array per column
    (PostgreSQL)."""
    arrays = [
        bindparam(name, [k[i] for k in keys], type_=ARRAY(column.type))
        for i, (name, column) in enumerate(zip(names, columns, strict=True))
    ]
    return func.unnest(*arrays).table_valued(*names).render_derived(name="keys")


def attribution_rows(line_id: int, line: SpendLine) -> list[dict[str, Any]]:
    """Attribution rows of a spend line with their parts apportioned (spec/accounting.md)."""
    cents = convert.decimal_to_cents(line.amount)
    parts = attribute_cents(cents, [a.percentage for a in line.attributions])
    return [
        {
            "spend_line_id": line_id,
            "seq": seq,
            "budget": a.budget,
            "percentage_bp": percentage_to_bp(a.percentage),
            "part_cents": part,
        }
        for seq, (a, part) in enumerate(zip(line.attributions, parts, strict=True), start=1)
    ]
