"""Background operations: off the GUI thread, progress and cancel, results in the GUI."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ketenkoppeling.ui.workers import Cancelled, Job, Operation, TaskManager


@pytest.fixture
def tasks(qapp: object) -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.shutdown(5000)


def test_operation_runs_off_the_gui_thread_and_reports_progress(
    qtbot: QtBot, tasks: TaskManager
) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}
    progress: list[int] = []
    successes: list[int] = []

    def work(job: Job) -> int:
        seen["thread"] = threading.get_ident()
        for step in range(1, 6):
            job.report(step, force=True)
        return 42

    operation = Operation(work, successes.append, progress=progress.append)
    with qtbot.waitSignal(operation.signals.succeeded, timeout=5000) as blocker:
        tasks.run(operation)
    assert blocker.args == [42]
    assert seen["thread"] != gui_thread
    assert successes == [42]
    qtbot.waitUntil(lambda: progress == [1, 2, 3, 4, 5])
    qtbot.waitUntil(lambda: not tasks.busy)


def test_progress_callbacks_run_in_the_gui_thread(qtbot: QtBot, tasks: TaskManager) -> None:
    threads: list[int] = []
    operation = Operation(
        lambda job: job.report("x", force=True),
        progress=lambda _value: threads.append(threading.get_ident()),
    )
    with qtbot.waitSignal(operation.signals.finished, timeout=5000):
        tasks.run(operation)
    assert threads == [threading.get_ident()]


def test_failure_reaches_on_failure(qtbot: QtBot, tasks: TaskManager) -> None:
    errors: list[BaseException] = []

    def work(_job: Job) -> None:
        raise ValueError("kapot")

    operation = Operation(work, on_failure=errors.append)
    with qtbot.waitSignal(operation.signals.failed, timeout=5000):
        tasks.run(operation)
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "kapot"


def test_unhandled_failure_goes_to_the_manager(qtbot: QtBot, tasks: TaskManager) -> None:
    def work(_job: Job) -> None:
        raise RuntimeError("stuk")

    with qtbot.waitSignal(tasks.unhandled_failure, timeout=5000) as blocker:
        tasks.run(Operation(work))
    assert isinstance(blocker.args[0], RuntimeError)


def test_cancel_stops_the_work(qtbot: QtBot, tasks: TaskManager) -> None:
    started = threading.Event()
    cancelled: list[bool] = []

    def work(job: Job) -> None:
        started.set()
        while True:
            job.check()
            time.sleep(0.005)

    operation = Operation(work, on_cancel=lambda: cancelled.append(True))
    tasks.run(operation)
    assert started.wait(5)
    with qtbot.waitSignal(operation.signals.cancelled, timeout=5000):
        operation.cancel()
    assert cancelled == [True]


def test_database_work_is_serialised(qtbot: QtBot, tasks: TaskManager) -> None:
    running = 0
    overlaps: list[int] = []
    lock = threading.Lock()

    def work(_job: Job) -> None:
        nonlocal running
        with lock:
            running += 1
            overlaps.append(running)
        time.sleep(0.02)
        with lock:
            running -= 1

    operations = [tasks.run(Operation(work)) for _ in range(4)]
    with qtbot.waitSignal(operations[-1].signals.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: not tasks.busy)
    assert max(overlaps) == 1


def test_busy_changed(qtbot: QtBot, tasks: TaskManager) -> None:
    states: list[bool] = []
    tasks.busy_changed.connect(states.append)
    operation = Operation(lambda _job: None)
    with qtbot.waitSignal(operation.signals.finished, timeout=5000):
        tasks.run(operation)
    qtbot.waitUntil(lambda: states == [True, False])


def test_job_throttles_but_delivers_the_last_value() -> None:
    sent: list[int] = []
    job = Job(sent.append, interval=10)
    for value in range(100):
        job.report(value)
    job.flush()
    assert sent == [0, 99]
    assert not job.cancelled()
    job.cancel()
    assert job.cancelled()
    with pytest.raises(Cancelled):
        job.check()
