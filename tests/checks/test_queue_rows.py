"""The queue as plain tuples (issue 10): the same findings, filters and partners as the
objects, left alone by Python's cycle collector, and loops that let other threads run."""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import replace

import pytest

from ketenkoppeling.checks.decisions import Assign
from ketenkoppeling.checks.queue import (
    FIELD,
    NOBODY,
    ROW_FIELDS,
    Overtaken,
    QueueFilter,
    QueueItem,
    filter_queue,
    filter_rows,
    item_of,
    load_queue,
    load_queue_rows,
    paced,
    row_of,
)
from ketenkoppeling.checks.runner import run_checks
from ketenkoppeling.store import Database
from tests.checks.helpers import region
from tests.factories import benefit, deployment, spend

BSN = "111222333"
WW = ("UWV-RIB-WW-2008", "100")
FILTERS = [
    QueueFilter(),
    QueueFilter(statuses=()),
    QueueFilter(rules=("B7",)),
    QueueFilter(rules=("D1", "B7"), severities=("error",)),
    QueueFilter(partners=("GEM-0392",)),
    QueueFilter(partners=("UWV", "SVB"), statuses=()),
    QueueFilter(assignees=("bert",)),
    QueueFilter(assignees=(NOBODY,)),
    QueueFilter(severities=("nonsense",)),
    QueueFilter(statuses=("resolved",)),
]


def _checked(db: Database) -> None:
    region(
        db,
        benefit(BSN, "WW", "UWV", "2008-01-01"),
        deployment("UWV", "R1", BSN, "SCH", "2008-05-01"),
        deployment("GEM-0392", "T1", BSN, "SCH", "2008-05-03"),
        spend("UWV", "F1", "R1", BSN, "100.00", WW),
        spend("UWV", "F2", "R9", BSN, "100.00", WW),
        spend("UWV", "F3", "R8", BSN, "100.00", WW),
    )
    run_checks(db, user="anna")


def test_rows_are_the_items_without_details(any_db: Database) -> None:
    _checked(any_db)
    with any_db.session() as s:
        first = load_queue(s)[-1]
    Assign({first.id: first.version}, "bert", user="bert").do(any_db)
    with any_db.session() as s:
        items, rows = load_queue(s), load_queue_rows(s)
    assert len(rows) == len(items) >= 3
    assert [item_of(row) for row in rows] == [replace(i, details=None) for i in items]
    assert [row_of(item_of(row)) for row in rows] == rows
    assert all(type(row) is tuple and len(row) == len(ROW_FIELDS) for row in rows)
    assert rows[-1][FIELD["assignee"]] == "bert"
    for queue_filter in FILTERS:
        assert [item_of(r) for r in filter_rows(rows, queue_filter)] == [
            replace(i, details=None) for i in filter_queue(items, queue_filter)
        ], queue_filter


def test_rows_are_left_out_of_the_collectors_passes(any_db: Database) -> None:
    """What keeps a full collection short whatever the length of the queue."""
    _checked(any_db)
    with any_db.session() as s:
        rows = load_queue_rows(s)
    gc.collect()  # a pass sees the tuples of texts inside a row first, or
    gc.collect()  # the next one
    assert rows and not any(gc.is_tracked(row) for row in rows)
    item = item_of(rows[0])
    assert isinstance(item, QueueItem) and gc.is_tracked(item)  # the objects would be


def test_paced_lets_another_thread_run_and_stops_when_told() -> None:
    assert list(paced(range(10_000), every=0.0)) == list(range(10_000))
    stop = iter([False, False, True]).__next__
    with pytest.raises(Overtaken):
        for _ in paced(range(10_000), every=0.0, stop=stop):
            pass

    waits: list[float] = []
    done = threading.Event()

    def other() -> None:
        while not done.is_set():
            started = time.perf_counter()
            time.sleep(0.0002)  # gives the lock back; asks for it again after 0.2 ms
            waits.append(time.perf_counter() - started)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        deadline = time.perf_counter() + 0.3
        for _ in paced(iter(lambda: time.perf_counter() < deadline, False)):
            pass  # a busy Python loop of 0.3 s
    finally:
        done.set()
        thread.join()
    waits.sort()
    # without pacing the other thread waits the switch interval (5 ms) every time
    assert len(waits) > 20 and waits[len(waits) // 2] < 0.003
