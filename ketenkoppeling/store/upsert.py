"""Storing model records by key: new, unchanged or replaced (a correction, kept in history).

Set-based: a chunk of records is looked up by key in one query, and written with executemany.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
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

from ketenkoppeling.model import BenefitPeriod, Client, Deployment, Outflow, SpendLine
from ketenkoppeling.model.rounding import attribute_cents, percentage_to_bp
from ketenkoppeling.store import convert
from ketenkoppeling.store.bulk import insert_rows, next_ids, rows_by_keys
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
    to_row: Callable[[Any], dict[str, Any]]


_KINDS: dict[type[Any], _Kind] = {
    Client: _Kind(ClientRow, ("bsn",), convert.client_row),
    BenefitPeriod: _Kind(
        BenefitPeriodRow, ("bsn", "regime", "executor", "start"), convert.benefit_period_row
    ),
    Deployment: _Kind(DeploymentRow, ("partner", "reference"), convert.deployment_row),
    SpendLine: _Kind(
        SpendLineRow, ("partner", "invoice_number", "reference"), convert.spend_line_row
    ),
    Outflow: _Kind(OutflowRow, ("partner", "bsn", "date"), convert.outflow_row),
}


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

    def write(self, items: Sequence[tuple[convert.ModelRecord, int | None]]) -> list[Outcome]:
        """Store ``(record, source_record_id)`` pairs; outcomes in the same order."""
        outcomes: list[Outcome | None] = [None] * len(items)
        by_kind: dict[type[Any], list[int]] = {}
        for index, (record, _source) in enumerate(items):
            by_kind.setdefault(type(record), []).append(index)
        for record_type, indexes in by_kind.items():
            kind = _KINDS[record_type]
            results = self._write_kind(kind, [items[i] for i in indexes])
            for i, outcome in zip(indexes, results, strict=True):
                outcomes[i] = outcome
        return [o for o in outcomes if o is not None]

    def _write_kind(
        self, kind: _Kind, items: list[tuple[convert.ModelRecord, int | None]]
    ) -> list[Outcome]:
        table: Any = kind.table
        key_cols = [getattr(table, c) for c in kind.key_columns]
        keys = {tuple(getattr(r, c) for c in kind.key_columns) for r, _ in items}
        stored: dict[tuple[Any, ...], Any] = {}
        for found in self._stored(kind, list(keys)):
            stored[tuple(getattr(found, c) for c in kind.key_columns)] = found

        pending_new: dict[tuple[Any, ...], tuple[dict[str, Any], convert.ModelRecord]] = {}
        outcomes: list[Outcome] = []
        for record, source_id in items:
            key = tuple(getattr(record, c) for c in kind.key_columns)
            if key in pending_new:
                row, earlier = pending_new[key]
                if isinstance(record, Client) and isinstance(earlier, Client):
                    record = merge_client(earlier, record)
                new_row = kind.to_row(record)
                if new_row["content_hash"] == row["content_hash"]:
                    outcomes.append(Outcome.UNCHANGED)
                else:
                    pending_new[key] = ({**new_row, "source_record_id": source_id}, record)
                    outcomes.append(Outcome.REPLACED)
                continue
            existing = stored.get(key)
            if existing is None:
                pending_new[key] = ({**kind.to_row(record), "source_record_id": source_id}, record)
                outcomes.append(Outcome.NEW)
                continue
            if isinstance(record, Client):
                record = merge_client(convert.client_from_row(existing), record)
            new_row = kind.to_row(record)
            if new_row["content_hash"] == existing.content_hash:
                outcomes.append(Outcome.UNCHANGED)
                continue
            self._keep_history(kind, existing, source_id)
            self.session.execute(
                update(table)
                .where(*[c == v for c, v in zip(key_cols, key, strict=True)])
                .values(**new_row, source_record_id=source_id)
            )
            # later records of the same key in this chunk compare with this version
            for col, value in new_row.items():
                setattr(existing, col, value)
            existing.source_record_id = source_id
            if isinstance(record, SpendLine):
                self._replace_attributions(existing.id, record)
            outcomes.append(Outcome.REPLACED)

        if pending_new:
            connection = self.session.connection()
            rows = [row for row, _ in pending_new.values()]
            if table is SpendLineRow:
                ids = next_ids(connection, SpendLineRow, len(rows))
                attributions: list[dict[str, Any]] = []
                for (row, record), line_id in zip(pending_new.values(), ids, strict=True):
                    assert isinstance(record, SpendLine)
                    row["id"] = line_id
                    attributions.extend(attribution_rows(line_id, record))
                insert_rows(connection, SpendLineRow, rows)
                insert_rows(connection, AttributionRow, attributions)
            else:
                insert_rows(connection, table, rows)
        return outcomes

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

    def _replace_attributions(self, line_id: int, line: SpendLine) -> None:
        self.session.execute(delete(AttributionRow).where(AttributionRow.spend_line_id == line_id))
        rows = attribution_rows(line_id, line)
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
