"""Records prepared for the store as plain tuples (store/convert.py ``prepare``): the same rows,
content hashes and apportioned parts as the model records' own conversion, and the same
outcomes when a writer is given them instead of the records."""

from __future__ import annotations

import hashlib
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from ketenkoppeling.model import Attribution, Client, SpendLine
from ketenkoppeling.model.records import ModelRecord
from ketenkoppeling.store import Database, convert
from ketenkoppeling.store.bulk import insert_tuples
from ketenkoppeling.store.tables import AttributionRow, ClientRow, SpendLineRow
from ketenkoppeling.store.upsert import Outcome, RecordWriter, attribution_rows, merge_client
from tests.factories import benefit, client, deployment, outflow, spend

ROWS = {
    "client": convert.client_row,
    "benefit_period": convert.benefit_period_row,
    "deployment": convert.deployment_row,
    "spend_line": convert.spend_line_row,
    "outflow": convert.outflow_row,
}


def _hash_as_before(record: ModelRecord) -> str:
    """The content hash as it was first written: each field's token in declaration order."""
    payload = "\x1f".join(convert._token(getattr(record, f.name)) for f in fields(record))
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


RECORDS: list[ModelRecord] = [
    client("111222333"),
    client("111222333", surname="de Vries", initials="J.", postcode="2011AB"),
    Client("111222333", date(1970, 1, 1), "", None, None),  # empty text is not None
    benefit("111222333", "WW", "UWV", "2008-01-01"),
    benefit("111222333", "WW", "UWV", "2008-01-01", "2008-12-31"),
    deployment("UWV", "R1", "111222333", "SCH", "2008-06-01"),
    deployment("GEM-0392", "T1", "111222333", "WF", "2008-01-01", end="2008-03-01"),
    spend("UWV", "F1", "R1", "111222333", "100.00", ("B1", "33.33"), ("B2", "66.67")),
    spend("UWV", "F2", "R1", "111222333", "100.10", ("B1", "100")),
    spend("UWV", "F3", "R1", "111222333", "0.01", ("B1", "50"), ("B2", "50")),
    spend("UWV", "F4", "R1", "111222333", "12.50", ("B1", "100.00")),
    spend("UWV", "F5", "R1", "111222333", "99.99", ("B1", "40"), ("B2", "40")),  # not 100 %
    outflow("111222333", "2008-05-01"),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_prepared_rows_are_the_records_rows(record: ModelRecord) -> None:
    prepared = convert.prepare(record)
    row = ROWS[prepared.kind](record)  # type: ignore[operator]
    assert prepared.row == tuple(row[c] for c in convert.COLUMNS[prepared.kind])
    assert prepared.row[-1] == convert.content_hash(record) == _hash_as_before(record)
    if isinstance(record, SpendLine):
        parts = attribution_rows(7, record)
        assert [(7, seq, *p) for seq, p in enumerate(prepared.parts, start=1)] == [
            (r["spend_line_id"], r["seq"], r["budget"], r["percentage_bp"], r["part_cents"])
            for r in parts
        ]
    else:
        assert prepared.parts == ()


def test_a_hash_tells_decimals_apart_only_by_value() -> None:
    base = spend("UWV", "F1", "R1", "111222333", "12.50", ("B1", "100"))
    same = spend("UWV", "F1", "R1", "111222333", "12.5", ("B1", "100.00"))
    other = spend("UWV", "F1", "R1", "111222333", "12.51", ("B1", "100"))
    assert convert.prepare(base).row[-1] == convert.prepare(same).row[-1]
    assert convert.prepare(base).row[-1] != convert.prepare(other).row[-1]
    line = SpendLine(
        "UWV", "F1", "R1", "111222333", "UWV", date(2008, 5, 1), date(2008, 3, 1),
        date(2008, 3, 31), Decimal("10.00"), (Attribution("B1", Decimal("100")),), None,
    )  # fmt: skip
    assert convert.prepare(line).row[-1] == _hash_as_before(line)


@pytest.mark.parametrize(
    ("stored", "new"),
    [
        (client("111222333", surname="de Vries", postcode="2011AB"), client("111222333")),
        (client("111222333"), client("111222333", surname="Jansen", initials="P.")),
        (client("111222333", surname="Berg"), client("111222333", surname="van den Berg")),
    ],
)
def test_a_merged_client_is_what_merge_client_makes(stored: Client, new: Client) -> None:
    merged = convert.merged_client(convert.prepare(stored).row, convert.prepare(new))
    expected = convert.client_row(merge_client(stored, new))
    assert merged.row == tuple(expected[c] for c in convert.COLUMNS["client"])


def test_a_writer_given_prepared_records_does_what_it_does_with_the_records(
    db: Database,
) -> None:
    first = [
        client("111222333", surname="de Vries"),
        deployment("UWV", "R1", "111222333", "SCH", "2008-06-01"),
        spend("UWV", "F1", "R1", "111222333", "100.00", ("B1", "33.33"), ("B2", "66.67")),
    ]
    second = [
        client("111222333", initials="J."),  # merged: replaced
        deployment("UWV", "R1", "111222333", "SCH", "2008-06-01"),  # unchanged
        spend("UWV", "F1", "R1", "111222333", "200.00", ("B1", "100")),  # replaced
        spend("UWV", "F2", "R1", "111222333", "5.00", ("B1", "100")),  # new
        spend("UWV", "F2", "R1", "111222333", "5.00", ("B1", "100")),  # unchanged, same write
    ]
    with db.session() as s:
        items: list[tuple[Any, int | None]] = [(r, None) for r in first]
        assert RecordWriter(s).write(items) == [Outcome.NEW] * 3
    with db.session() as s:
        mixed: list[tuple[Any, int | None]] = [
            (convert.prepare(r) if i % 2 else r, None) for i, r in enumerate(second)
        ]
        assert RecordWriter(s).write(mixed) == [
            Outcome.REPLACED, Outcome.UNCHANGED, Outcome.REPLACED, Outcome.NEW,
            Outcome.UNCHANGED,
        ]  # fmt: skip
    with db.session() as s:
        stored = s.execute(select(ClientRow.surname, ClientRow.initials)).one()
        assert tuple(stored) == ("de Vries", "J.")
        lines = s.execute(select(SpendLineRow.invoice_number, SpendLineRow.amount_cents)).all()
        assert sorted(tuple(line) for line in lines) == [("F1", 20000), ("F2", 500)]
        parts = s.execute(
            select(AttributionRow.budget, AttributionRow.part_cents).order_by(AttributionRow.id)
        ).all()
        assert [tuple(p) for p in parts] == [("B1", 20000), ("B1", 500)]


def test_insert_tuples_converts_as_insert_rows(db: Database) -> None:
    with db.session() as s:
        connection = s.connection()
        names = ("bsn", "birth_date", "surname", "content_hash")
        insert_tuples(
            connection, ClientRow, names,
            [["111222333", date(1970, 1, 2), "Berg", "h1"], ("123456782", None, None, "h2")],
        )  # fmt: skip
        found = s.execute(select(ClientRow.bsn, ClientRow.birth_date).order_by(ClientRow.bsn))
        assert [tuple(r) for r in found] == [
            ("111222333", date(1970, 1, 2)),
            ("123456782", None),
        ]
