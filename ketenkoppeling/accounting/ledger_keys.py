"""The spend lines of a ledger, by key, for its reservations.

A ledger's reservations are the open findings that touch its spend lines. A ledger over a
year of a whole region has millions of spend lines and the open findings name a few hundred
thousand, so :class:`LedgerSpendKeys` is asked about those (:meth:`LedgerSpendKeys.among`)
and looks them up in the spend lines' unique index, a chunk of keys per query, instead of
listing the ledger's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any

from sqlalchemy import Date, select
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.ledger_sums import owned_parts
from ketenkoppeling.accounting.lines import spend_key
from ketenkoppeling.store.tables import AttributionRow, BudgetRow, SpendLineRow

#: spend keys looked up in one query (three bound values each)
KEYS_PER_QUERY = 2000


class LedgerSpendKeys(AbstractSet[str]):
    """The spend lines of a ledger (their keys), looked up a few at a time with
    :meth:`among`: a ledger over a whole region has millions, and its reservations only need
    those the open findings name. As a set it lists them all (loaded when first asked)."""

    def __init__(self, session: Session, partner: str, date_from: date, date_to: date) -> None:
        self.session, self.partner = session, partner
        self.date_from, self.date_to = date_from, date_to
        self._all: set[str] | None = None

    def _keys(self) -> set[str]:
        if self._all is None:
            columns = (SpendLineRow.partner, SpendLineRow.invoice_number, SpendLineRow.reference)
            query = owned_parts(select(*columns), self.partner, self.date_from, self.date_to)
            self._all = {spend_key(*row) for row in self.session.execute(query.distinct())}
        return self._all

    def __contains__(self, key: object) -> bool:
        return key in self._keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def among(self, keys: set[str]) -> set[str]:
        """Those of ``keys`` that are spend lines of the ledger. The keys are joined as a
        ``VALUES`` table, ``KEYS_PER_QUERY`` at a time, each looked up in the spend lines'
        unique index (a row-value ``IN`` list would make SQLite scan the table per chunk);
        the statement is written once per chunk size (SQLAlchemy would compile every
        chunk's thousands of values anew)."""
        found: set[str] = set()
        parts = sorted({split for key in keys for split in _splits(key)})
        connection = self.session.connection()
        dialect = connection.dialect
        to_date = Date().dialect_impl(dialect).bind_processor(dialect)
        period: list[Any] = [self.date_from, self.date_to]
        if to_date is not None:
            period = [to_date(day) for day in period]
        statements: dict[int, str] = {}
        for start in range(0, len(parts), KEYS_PER_QUERY):
            chunk = parts[start : start + KEYS_PER_QUERY]
            sql = statements.get(len(chunk))
            if sql is None:
                sql = statements[len(chunk)] = _lookup_sql(dialect, len(chunk))
            params = [value for key in chunk for value in key] + [*period, self.partner]
            rows = connection.exec_driver_sql(sql, tuple(params))
            found.update(spend_key(*row) for row in rows)
        return found & keys


def _lookup_sql(dialect: Any, count: int) -> str:
    """The spend lines (partner, invoice number, reference) among ``count`` keys that are paid
    in a period and attributed to a budget of a partner (the last three values)."""
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.format_table
    spend, attribution, budget = (
        quote(row.__table__) for row in (SpendLineRow, AttributionRow, BudgetRow)
    )
    rows = ", ".join([f"({mark}, {mark}, {mark})"] * count)
    return (
        f"WITH wanted(p, i, r) AS (VALUES {rows}) "
        f"SELECT s.partner, s.invoice_number, s.reference FROM wanted "
        f"JOIN {spend} AS s ON s.partner = wanted.p AND s.invoice_number = wanted.i "
        f"AND s.reference = wanted.r "
        f"WHERE s.pay_date BETWEEN {mark} AND {mark} AND EXISTS (SELECT 1 FROM {attribution} "
        f"AS a JOIN {budget} AS b ON b.code = a.budget "
        f"WHERE a.spend_line_id = s.id AND b.owner = {mark})"
    )


def _splits(key: str) -> list[tuple[str, str, str]]:
    """The (partner, invoice number, reference) a spend key can stand for: an invoice number
    or reference may itself hold a ``/``."""
    partner, _, rest = key.partition("/")
    return [(partner, rest[:i], rest[i + 1 :]) for i, c in enumerate(rest) if c == "/"]
