"""The findings queue over many findings (issue 10): rows kept as tuples, arranged in a
worker with the sort in chunks, counted for the chart in the same go, and shown in one step;
each piece gives what the plain versions give."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ketenkoppeling.checks.queue import QueueRow, item_of
from ketenkoppeling.checks.stats import AGE_BUCKETS, age_bucket, age_counts
from ketenkoppeling.ui.main_window import MainWindow
from ketenkoppeling.ui.models import findings_queue
from ketenkoppeling.ui.models.findings import finding_columns
from ketenkoppeling.ui.models.findings_queue import (
    arrange_all,
    arrange_rows,
    chart_counts_of,
    first_of_age,
    sort_keys,
    sort_positions,
)
from ketenkoppeling.ui.models.table import FilterProxy, arrange, order_key
from ketenkoppeling.ui.pages.findings import AGE_COLUMN, FindingsPage, chart_counts
from tests.ui.conftest import wait_idle

RULES = ("D1", "D2", "B3", "B7")


def _rows(n: int, seed: int = 3) -> list[QueueRow]:
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for i in range(1, n + 1):
        created = now - timedelta(days=rng.choice((0, 3, 12, 40, 200)), hours=rng.randrange(5))
        records = json.dumps(
            [f"deployment UWV/R{rng.randrange(9)}" for _ in range(rng.randrange(1, 3))]
        )
        rows.append(
            (i, rng.choice(RULES), rng.choice(("error", "warning")),
             rng.choice(("open", "resolved")), records,
             f"BSN 12345678{rng.randrange(10)} {rng.choice(('Aap', 'noot', 'mies', ''))}",
             None, created, created, rng.choice((None, "bert", "Anna")), None, 1,
             '["UWV"]', (now.date() - created.date()).days)
        )  # fmt: skip
    return rows


def test_sorting_in_chunks_is_the_stable_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(findings_queue, "CHUNK", 7)
    rng = random.Random(5)
    for keys in ([rng.randrange(6) for _ in range(100)], [rng.choice("abcAB") for _ in range(61)]):
        for descending in (False, True):
            expected = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
            assert sort_positions(keys, descending) == expected


def test_plain_keys_order_as_the_proxy_keys() -> None:
    for values in ([3, 1, 2.5, True, 0], ["b", "A", None, "a", ""], [2, "x", None, 1.5, "B"]):
        keys = sort_keys(values)
        order = sorted(range(len(values)), key=keys.__getitem__)
        assert [order_key(values[i]) for i in order] == sorted(order_key(v) for v in values)


def test_arranged_as_the_plain_proxy_arranges(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(findings_queue, "CHUNK", 16)
    rows, columns = _rows(300), finding_columns()
    for needle in ("", "aap", "b3", "zzz"):
        for column in (-1, *range(len(columns))):
            for descending in (False, True):
                got = arrange_rows(rows, columns, column, descending, needle, None)
                assert got == arrange(rows, columns, column, descending, needle, None)
    arranged = arrange_all(rows, columns, (AGE_COLUMN, True, "noot"))
    assert [arranged.inverse[i] for i in arranged.shown] == list(range(len(arranged.shown)))
    assert arranged.inverse.count(-1) == len(rows) - len(arranged.shown)
    assert arranged.counts == chart_counts([item_of(rows[i]) for i in arranged.shown])


def test_chart_counts_and_the_first_of_an_age() -> None:
    rows = _rows(200)
    items = [item_of(row) for row in rows]
    by_rule, by_age = chart_counts_of(rows)
    assert by_rule == dict(sorted(Counter(i.rule for i in items).items()))
    assert by_age == age_counts(i.created_at for i in items)
    for descending in (False, True):
        order = sorted(range(len(rows)), key=lambda i: rows[i][-1], reverse=descending)
        for bucket, _low, _high in AGE_BUCKETS:
            linear = next((n for n, i in enumerate(order) if age_bucket(rows[i][-1]) == bucket), -1)
            assert first_of_age(rows, order, bucket, True, descending) == linear
            assert first_of_age(rows, order, bucket, False, descending) == linear


def test_a_long_queue_is_shown_in_one_step(
    qtbot: QtBot, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filtered, sorted and counted in one worker: the proxy takes the order as it is and
    has nothing left to arrange; the selected finding stays selected."""
    monkeypatch.setattr(FilterProxy, "SYNC_LIMIT", 2)
    sample_window.show_place("findings")
    page = sample_window.page("findings")
    assert isinstance(page, FindingsPage)
    page.refresh()
    wait_idle(qtbot, sample_window)
    qtbot.waitUntil(lambda: not page.busy)
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page.busy)
    page.view.selectRow(3)
    chosen = page.current
    assert chosen is not None
    arranged: list[int] = []
    original = findings_queue.FindingsProxy._rearrange

    def counted(proxy: Any) -> None:
        arranged.append(1)
        original(proxy)

    monkeypatch.setattr(findings_queue.FindingsProxy, "_rearrange", counted)
    combo = page.filters.severity_combo
    combo.setCurrentIndex(combo.findData(chosen.severity))
    qtbot.waitUntil(lambda: not page.busy)
    wait_idle(qtbot, sample_window)
    assert arranged == []  # shown as the worker arranged it
    listed = page.listed()
    ids = [f.id for f in listed]
    assert ids == sorted(ids, reverse=True) and {f.severity for f in listed} == {chosen.severity}
    assert page.chart.counts() == chart_counts(listed)
    assert page.current is not None and page.current.id == chosen.id
    assert page.view.currentIndex().row() == ids.index(chosen.id)
    assert page.count_label.text().startswith(f"{len(ids)} van ")


def test_a_long_queue_is_filtered_on_the_text_when_the_typing_pauses(
    qtbot: QtBot, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FilterProxy, "SYNC_LIMIT", 2)
    sample_window.show_place("findings")
    page = sample_window.page("findings")
    assert isinstance(page, FindingsPage)
    wait_idle(qtbot, sample_window)
    qtbot.waitUntil(lambda: not page.busy)
    total = page.proxy.rowCount()
    rule = page.listed()[0].rule
    for length in range(1, len(rule) + 1):
        page.filter.setText(rule[:length])
        assert page.busy and page.proxy.filter_text() == ""  # not yet: still typing
    qtbot.waitUntil(lambda: not page.busy)
    assert page.proxy.filter_text() == rule
    shown = page.proxy.rowCount()
    assert 0 < shown <= total and rule in {f.rule for f in page.listed()}
    assert page.count_label.text().startswith(f"{shown} ")
    page.filter.setText("zzz-niets")
    page.filter.returnPressed.emit()  # Enter filters at once
    assert page.proxy.filter_text() == "zzz-niets"
    qtbot.waitUntil(lambda: not page.busy)
    assert page.proxy.rowCount() == 0
