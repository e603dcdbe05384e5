"""D1 — the same deployment registered more than once.

Two deployments are the same real deployment when they have the same BSN, the same instrument,
start dates at most ``d1_max_days`` apart and the same provider or a provider missing on
either side; deployments linked through such pairs form one cluster. Error when the cluster
spans more than one registering partner, warning within one partner.

Blocking: only deployments sharing (BSN, instrument) with another one are read (a window
count in SQL), ordered by start; within a block each deployment is compared only with the
later ones starting within the window.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import (
    Candidate,
    CheckSettings,
    content_hash,
    deployment_key,
    deployment_record,
    fmt_date,
    join_nl,
    provider_or_none,
    stream,
)
from ketenkoppeling.checks.reference import Reference, load_reference
from ketenkoppeling.store.tables import DeploymentRow

RULE = "D1"


class Dep(NamedTuple):
    partner: str
    reference: str
    bsn: str
    instrument: str
    provider: str | None
    start: date
    content_hash: str

    @property
    def key(self) -> str:
        return deployment_key(self.partner, self.reference)


def same_provider(a: str | None, b: str | None) -> bool:
    """The same provider, or a provider missing on either side."""
    a, b = provider_or_none(a), provider_or_none(b)
    return a is None or b is None or a == b


def clusters(block: Sequence[Dep], max_days: int) -> list[list[Dep]]:
    """Connected components (of two or more) of the duplicate pairs in one (BSN, instrument)
    block sorted by start date."""
    parent = list(range(len(block)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(block):
        for j in range(i + 1, len(block)):
            second = block[j]
            if (second.start - first.start).days > max_days:
                break
            if same_provider(first.provider, second.provider):
                parent[root(j)] = root(i)
    groups: dict[int, list[Dep]] = {}
    for i, dep in enumerate(block):
        groups.setdefault(root(i), []).append(dep)
    return [g for g in groups.values() if len(g) > 1]


def find(session: Session, settings: CheckSettings) -> Iterator[Candidate]:
    ref = load_reference(session)
    d = DeploymentRow
    counted = select(
        d.partner,
        d.reference,
        d.bsn,
        d.instrument,
        d.provider,
        d.start,
        d.content_hash,
        func.count().over(partition_by=(d.bsn, d.instrument)).label("n"),
    ).subquery()
    c = counted.c
    stmt = (
        select(c.partner, c.reference, c.bsn, c.instrument, c.provider, c.start, c.content_hash)
        .where(c.n > 1)
        .order_by(c.bsn, c.instrument, c.start, c.partner, c.reference)
    )
    rows = (Dep(*row) for row in stream(session, stmt))
    for _block_key, block in groupby(rows, key=itemgetter(2, 3)):
        for cluster in clusters(list(block), settings.d1_max_days):
            yield _candidate(cluster, settings, ref)


def _candidate(cluster: list[Dep], settings: CheckSettings, ref: Reference) -> Candidate:
    members = sorted(cluster, key=lambda dep: dep.key)
    partners = sorted({dep.partner for dep in members})
    across = len(partners) > 1
    instrument = ref.instrument_label(members[0].instrument)
    by_start = sorted(members, key=lambda dep: (dep.start, dep.key))
    listed = "; ".join(
        f"{dep.key} (start {fmt_date(dep.start)}, {ref.provider_label(dep.provider)})"
        for dep in by_start
    )
    message = (
        f"Dezelfde inzet lijkt {len(members)} keer geregistreerd: {instrument} voor dezelfde "
        f"klant, met startdatums die hooguit {settings.d1_max_days} dagen uit elkaar liggen "
        f"en dezelfde (of geen) aanbieder: {listed}."
    )
    if across:
        message += f" De registraties komen van verschillende partners ({join_nl(partners)})."
        suggestion = (
            "Spreek met de andere partner af wie deze inzet registreert en laat de dubbele "
            "registratie vervallen. Zijn het echt verschillende inzetten, accepteer de "
            "signalering dan met een reden."
        )
    else:
        message += f" Alle registraties zijn van {partners[0]}."
        suggestion = (
            f"Laat de dubbele registratie bij {partners[0]} vervallen of corrigeer haar. Zijn "
            "het echt verschillende inzetten, accepteer de signalering dan met een reden."
        )
    return Candidate(
        rule=RULE,
        severity="error" if across else "warning",
        identity="|".join(dep.key for dep in members),
        records=[deployment_record(dep.key) for dep in members],
        message=message,
        suggestion=suggestion,
        details={
            "instrument": members[0].instrument,
            "partners": partners,
            "deployments": [
                {"key": dep.key, "start": dep.start.isoformat(), "provider": dep.provider}
                for dep in by_start
            ],
        },
        content_hash=content_hash(dep.content_hash for dep in members),
    )
