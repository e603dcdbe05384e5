"""D2 — possible identity error (warning).

Two different BSNs with the same birth date and the same normalised surname (``surname_key``,
see ``model.names.surname_key``), and, where both sides have them, the same initials (letters
only) and the same postcode. One finding per pair.

Blocking: only clients sharing (birth date, surname key) with another client are read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from itertools import combinations, groupby
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    Candidate,
    CheckSettings,
    client_record,
    content_hash,
    fmt_date,
    stream,
)
from ketenkoppeling.model.names import initials_key
from ketenkoppeling.store.tables import ClientRow

RULE = "D2"


class Person(NamedTuple):
    bsn: str
    birth_date: date
    surname_key: str
    surname: str | None
    initials: str | None
    postcode: str | None
    content_hash: str

    def describe(self) -> str:
        name = self.surname or "?"
        if self.initials:
            name = f"{name}, {self.initials}"
        postcode = f", postcode {self.postcode}" if self.postcode else ""
        return f"client {self.bsn} ({name}, geboren {fmt_date(self.birth_date)}{postcode})"


def postcode_key(postcode: str | None) -> str:
    """``2011 ab`` → ``2011AB``."""
    return "".join((postcode or "").split()).upper()


def _differ(a: str, b: str) -> bool:
    """Both sides have a value and they differ."""
    return bool(a) and bool(b) and a != b


def same_person(a: Person, b: Person) -> bool:
    """Within a block (same birth date and surname key): initials and postcode agree where
    both sides have them."""
    if _differ(initials_key(a.initials), initials_key(b.initials)):
        return False
    return not _differ(postcode_key(a.postcode), postcode_key(b.postcode))


def pairs(block: Sequence[Person]) -> Iterator[tuple[Person, Person]]:
    for a, b in combinations(sorted(block, key=lambda p: p.bsn), 2):
        if a.bsn != b.bsn and same_person(a, b):
            yield a, b


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    c = ClientRow
    blocks = (
        select(c.birth_date, c.surname_key)
        .where(c.birth_date.is_not(None), c.surname_key.is_not(None), c.surname_key != "")
        .group_by(c.birth_date, c.surname_key)
        .having(func.count() > 1)
        .subquery()
    )
    stmt = (
        select(
            c.bsn, c.birth_date, c.surname_key, c.surname, c.initials, c.postcode, c.content_hash
        )
        .join(
            blocks,
            and_(c.birth_date == blocks.c.birth_date, c.surname_key == blocks.c.surname_key),
        )
        .order_by(c.birth_date, c.surname_key, c.bsn)
    )
    rows = (Person(*row) for row in stream(session, stmt))
    for _key, block in groupby(rows, key=itemgetter(1, 2)):
        for a, b in pairs(list(block)):
            yield _candidate(a, b)


def _candidate(a: Person, b: Person) -> Candidate:
    message = (
        f"Mogelijk is dezelfde persoon onder twee BSN's geregistreerd: {a.describe()} en "
        f"{b.describe()}. Geboortedatum en achternaam zijn gelijk"
    )
    same = [
        label
        for label, left, right in (
            ("voorletters", initials_key(a.initials), initials_key(b.initials)),
            ("postcode", postcode_key(a.postcode), postcode_key(b.postcode)),
        )
        if left and right
    ]
    message += f", net als {' en '.join(same)}." if same else "."
    return Candidate(
        rule=RULE,
        severity="warning",
        identity=f"{a.bsn}|{b.bsn}",
        records=[client_record(a.bsn), client_record(b.bsn)],
        message=message,
        suggestion=(
            "Controleer bij de bron welk BSN juist is en corrigeer de registraties met het "
            "onjuiste BSN. Zijn het twee verschillende personen, accepteer de signalering dan "
            "met een reden."
        ),
        details={"bsns": [a.bsn, b.bsn], "birth_date": a.birth_date.isoformat()},
        content_hash=content_hash([a.content_hash, b.content_hash]),
    )
