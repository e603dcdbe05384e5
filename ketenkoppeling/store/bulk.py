"""Writing many rows at once, straight through the database driver.

SQLAlchemy's ``insert(table), rows`` works out the parameters of every row anew; for the tens of
thousands of rows of one import that costs more than the database's own work. Here each column's
conversion (the same bind processors SQLAlchemy uses: a date as text on SQLite, JSON as text) is
looked up once, the rows become tuples, and the driver's ``executemany`` stores them — on
PostgreSQL ``COPY … FROM STDIN``, the bulk path of the database itself.

Ids are handed out before the insert (:func:`next_ids`), so rows that refer to each other (a
spend line's attributions, a record's provenance) are written without RETURNING."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Column, Connection, Date, DateTime, Table, text

#: from this many rows on PostgreSQL loads them with COPY rather than executemany
COPY_FROM = 50

_Processor = Callable[[Any], Any] | None
_processors: dict[tuple[str, str, tuple[str, ...]], list[_Processor]] = {}


def _column_processors(
    connection: Connection, table: Table, names: tuple[str, ...]
) -> list[_Processor]:
    key = (connection.dialect.name, table.name, names)
    found = _processors.get(key)
    if found is None:
        columns: list[Column[Any]] = [table.c[name] for name in names]
        dialect = connection.dialect
        found = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns]
        # a JSON column without a conversion of the dialect's own (psycopg's JSON goes through
        # a wrapper at statement level): its text, as SQLAlchemy's default serializer writes it
        found = [
            json.dumps if process is None and isinstance(column.type, JSON) else process
            for process, column in zip(found, columns, strict=True)
        ]
        _processors[key] = found
    return found


def _table(table: Any) -> Table:
    """A table, or the table of an ORM class."""
    found = getattr(table, "__table__", table)
    assert isinstance(found, Table)
    return found


def insert_rows(
    connection: Connection,
    table: Any,
    rows: Sequence[dict[str, Any]],
    *,
    verbatim: Collection[str] = (),
) -> None:
    """Insert ``rows`` (dicts with the same keys, the column names) into ``table`` (a Table or
    an ORM class). The columns named in ``verbatim`` are given as they are stored (a JSON
    column as its JSON text) and are not converted."""
    if not rows:
        return
    names = tuple(rows[0])
    get = itemgetter(*names)
    picked = [(get(row),) for row in rows] if len(names) == 1 else [get(row) for row in rows]
    insert_tuples(connection, table, names, picked, verbatim=verbatim)


def insert_tuples(
    connection: Connection,
    table: Any,
    names: tuple[str, ...],
    rows: Sequence[Sequence[Any]],
    *,
    verbatim: Collection[str] = (),
) -> None:
    """Insert ``rows`` (sequences of the values of the columns ``names``, in that order) into
    ``table`` (a Table or an ORM class); ``verbatim`` as for :func:`insert_rows`."""
    if not rows:
        return
    table = _table(table)
    dialect = connection.dialect
    if dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy(connection, table, names, rows, verbatim)
        return
    processors = [
        None if name in verbatim else _memoised(process) if _repeats(table, name) else process
        for name, process in zip(names, _column_processors(connection, table, names), strict=True)
    ]
    values = _converted(rows, processors)
    connection.exec_driver_sql(_insert_sql(connection, table, names), values)


_inserts: dict[tuple[str, str, tuple[str, ...]], str] = {}


def _insert_sql(connection: Connection, table: Table, names: tuple[str, ...]) -> str:
    """The INSERT statement of ``names`` into ``table`` in the driver's own terms (made once)."""
    dialect = connection.dialect
    key = (dialect.name, table.name, names)
    found = _inserts.get(key)
    if found is None:
        preparer = dialect.identifier_preparer
        columns = ", ".join(preparer.quote(n) for n in names)
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        marks = ", ".join([mark] * len(names))
        found = _inserts[key] = (
            f"INSERT INTO {preparer.format_table(table)} ({columns}) VALUES ({marks})"
        )
    return found


def _repeats(table: Table, name: str) -> bool:
    """A date or time column: its values repeat (a run's moment, a month's pay dates)."""
    return isinstance(table.c[name].type, Date | DateTime)


def _memoised(process: _Processor) -> _Processor:
    """``process`` remembering what it made of each value (for one insert)."""
    if process is None:
        return None
    made: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        found = made.get(value)
        if found is None:
            found = made[value] = process(value)
        return found

    return convert


def _converted(rows: Sequence[Sequence[Any]], processors: list[_Processor]) -> list[Any]:
    """The rows as tuples, converted where a column needs it: only the columns with a
    conversion are looked at one by one (most columns are stored as they are)."""
    converting = [(i, process) for i, process in enumerate(processors) if process is not None]
    if not converting:
        return [row if type(row) is tuple else tuple(row) for row in rows]
    values: list[Any] = []
    for row in rows:
        out = list(row)
        for i, process in converting:
            value = out[i]
            if value is not None:
                out[i] = process(value)
        values.append(tuple(out))
    return values


def _copy(
    connection: Connection,
    table: Table,
    names: tuple[str, ...],
    rows: Sequence[Sequence[Any]],
    verbatim: Collection[str],
) -> None:
    """PostgreSQL's COPY through psycopg: the values go as Python objects (psycopg adapts them),
    a JSON column's as its text (``json.dumps``, SQLAlchemy's own default)."""
    preparer = connection.dialect.identifier_preparer
    as_json = [
        i for i, n in enumerate(names) if isinstance(table.c[n].type, JSON) and n not in verbatim
    ]
    columns = ", ".join(preparer.quote(n) for n in names)
    driver = connection.connection.driver_connection
    assert driver is not None
    statement = f"COPY {preparer.format_table(table)} ({columns}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            if as_json:
                row = list(row)
                for i in as_json:
                    if row[i] is not None:
                        row[i] = json.dumps(row[i])
            write(row)


def next_ids(connection: Connection, table: Any, count: int) -> list[int]:
    """``count`` new ids for ``table``'s integer key (a Table or an ORM class). On SQLite the
    caller must already hold the write lock (have written in this transaction), so no one else
    can take them meanwhile."""
    if count == 0:
        return []
    table = _table(table)
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}
        ).scalar_one()
        found = connection.execute(
            text("SELECT nextval(:s) FROM generate_series(1, :n)"), {"s": sequence, "n": count}
        ).scalars()
        return list(found)
    preparer = connection.dialect.identifier_preparer
    highest = connection.exec_driver_sql(
        f"SELECT COALESCE(MAX(id), 0) FROM {preparer.format_table(table)}"
    ).scalar_one()
    return list(range(int(highest) + 1, int(highest) + 1 + count))


def rows_by_keys(
    connection: Connection, table: Any, key_columns: Sequence[str], keys: Sequence[tuple[Any, ...]]
) -> Iterator[dict[str, Any]]:
    """The stored rows of ``table`` whose ``key_columns`` hold one of ``keys``, as dicts of
    column values (converted as SQLAlchemy converts them: a date as a date). The keys are
    joined as a ``VALUES`` table of 500 at a time, so the database looks each up in the key's
    index (a row-value ``IN`` list makes SQLite scan the whole table). Not for PostgreSQL,
    which gets its keys as arrays (store/upsert.py)."""
    table = _table(table)
    dialect = connection.dialect
    preparer = dialect.identifier_preparer
    columns = list(table.columns)
    names = [c.name for c in columns]
    readers = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]
    binders = _column_processors(connection, table, tuple(key_columns))
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quoted = preparer.format_table(table)
    selected = ", ".join(f"t.{preparer.quote(n)}" for n in names)
    labels = ", ".join(f"k{i}" for i in range(len(key_columns)))
    joined = " AND ".join(f"t.{preparer.quote(c)} = keys.k{i}" for i, c in enumerate(key_columns))
    row_marks = "(" + ", ".join([mark] * len(key_columns)) + ")"
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        sql = (
            f"WITH keys({labels}) AS (VALUES {', '.join([row_marks] * len(chunk))}) "
            f"SELECT {selected} FROM {quoted} AS t JOIN keys ON {joined}"
        )
        params = tuple(
            value if bind is None or value is None else bind(value)
            for key in chunk
            for bind, value in zip(binders, key, strict=True)
        )
        for row in connection.exec_driver_sql(sql, params):
            yield {
                name: (read(value) if read is not None and value is not None else value)
                for name, read, value in zip(names, readers, row, strict=True)
            }
