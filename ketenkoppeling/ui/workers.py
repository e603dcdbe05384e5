"""Background work as small operation objects (after Anki's ``CollectionOp``/``QueryOp``).

An :class:`Operation` wraps a function that runs in a worker thread and receives a
:class:`Job`: a plain object (no Qt) carrying progress and cancel, which the engine's
``progress=`` and ``cancel=`` parameters accept as they are. Results, failures and progress
come back to the GUI thread through queued signals; a worker never touches a widget.

Database work is serialised on one worker thread (:class:`TaskManager`), so a SQLAlchemy
session never crosses threads and two operations never write at the same time; file-only
work (recognising a layout) may run beside it in a second lane.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import warnings
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

_POOLS: weakref.WeakSet[QThreadPool] = weakref.WeakSet()


class Cancelled(Exception):
    """The user stopped the operation."""


class Job:
    """Progress and cancel of one operation, shared by the GUI and the worker.

    In the worker: ``job.report(value)`` sends progress to the GUI (at most every
    ``interval`` seconds, the last value always arrives), ``job.cancelled()`` tells whether
    the user asked to stop (pass ``job.cancelled`` as an engine's ``cancel`` callable) and
    ``job.check()`` raises :class:`Cancelled` when so. In the GUI: ``job.cancel()``.
    """

    def __init__(self, sink: Callable[[Any], None] | None = None, interval: float = 0.05):
        self._stop = threading.Event()
        self._sink = sink
        self._interval = interval
        self._last_sent = 0.0
        self._unsent: list[Any] = []
        self.latest: Any = None

    def cancel(self) -> None:
        self._stop.set()

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def check(self) -> None:
        if self._stop.is_set():
            raise Cancelled

    def report(self, value: Any, *, force: bool = False) -> None:
        self.latest = value
        now = time.monotonic()
        if force or now - self._last_sent >= self._interval:
            self._last_sent = now
            self._unsent.clear()
            if self._sink is not None:
                self._sink(value)
        else:
            self._unsent[:] = [value]

    def flush(self) -> None:
        """Send the last progress value if throttling held it back."""
        if self._unsent and self._sink is not None:
            self._sink(self._unsent[-1])
        self._unsent.clear()


class OperationSignals(QObject):
    """Lives in the GUI thread; the worker emits the private signals, the slots here turn
    them into the public ones (always emitted in the GUI thread)."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    _progress_from_worker = Signal(object)
    _done_from_worker = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self._progress_from_worker.connect(self._on_progress)
        self._done_from_worker.connect(self._on_done)

    @Slot(object)
    def _on_progress(self, value: Any) -> None:
        self.progress.emit(value)

    @Slot(object, object)
    def _on_done(self, result: Any, error: Any) -> None:
        try:
            if isinstance(error, Cancelled):
                self.cancelled.emit()
            elif error is not None:
                self.failed.emit(error)
            else:
                self.succeeded.emit(result)
        finally:
            self.finished.emit()
            QTimer.singleShot(0, self._release)

    def _release(self) -> None:
        """Drop every connection once the outcome is delivered: a slot that refers to its
        operation (a closure, a bound method) would otherwise keep the operation and its
        result alive for good, through Qt, where Python's collector cannot see."""
        signals = (self.progress, self.succeeded, self.failed, self.cancelled, self.finished,
                   self._progress_from_worker, self._done_from_worker)  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for signal in signals:
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect()


class Operation(Generic[T]):
    """``fn(job)`` run in a worker; ``on_success(result)``, ``on_failure(exception)``,
    ``progress(value)`` and ``on_cancel()`` called in the GUI thread.

    A function that honours ``job.cancelled()`` by returning early still succeeds (with
    what it finished); one that raises :class:`Cancelled` ends in ``on_cancel``.
    """

    def __init__(
        self,
        fn: Callable[[Job], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        progress: Callable[[Any], None] | None = None,
        *,
        on_cancel: Callable[[], None] | None = None,
        label: str = "",
        long_running: bool = False,
    ) -> None:
        self.fn = fn
        self.label = label
        self.long_running = long_running  # the user started it and would miss it if stopped
        self.signals = OperationSignals()
        self.job = Job(self.signals._progress_from_worker.emit)
        self.handles_failure = on_failure is not None
        self.result: T | None = None
        self.error: BaseException | None = None
        self.done = False
        self.signals.succeeded.connect(self._remember_result)
        self.signals.failed.connect(self._remember_error)
        if on_success is not None:
            self.signals.succeeded.connect(on_success)
        if on_failure is not None:
            self.signals.failed.connect(on_failure)
        if progress is not None:
            self.signals.progress.connect(progress)
        if on_cancel is not None:
            self.signals.cancelled.connect(on_cancel)

    def _remember_result(self, result: T) -> None:
        self.result = result

    def _remember_error(self, error: BaseException) -> None:
        self.error = error

    def cancel(self) -> None:
        self.job.cancel()

    def execute(self) -> None:
        """Run ``fn`` here (the worker thread) and hand the outcome to the GUI thread."""
        result: Any = None
        error: BaseException | None = None
        try:
            self.job.check()
            result = self.fn(self.job)
            self.job.flush()
        except Cancelled as exc:
            error = exc
        except Exception as exc:
            log.debug("operation %s failed", self.label or self.fn, exc_info=True)
            error = exc
        self.signals._done_from_worker.emit(result, error)


class _Runnable(QRunnable):
    def __init__(self, operation: Operation[Any]) -> None:
        super().__init__()
        self.operation: Operation[Any] | None = operation
        self.setAutoDelete(True)

    def run(self) -> None:
        operation, self.operation = self.operation, None
        # the runnable's Python side may outlive the run: it must not keep the operation
        # (and its result) alive; whoever started it holds it until the result is delivered
        if operation is not None:
            operation.execute()


class TaskManager(QObject):
    """Runs operations: database work one at a time on one worker thread, file-only work
    in a second lane. ``busy_changed`` tells the window when work starts and ends."""

    busy_changed = Signal(bool)
    unhandled_failure = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database_pool = QThreadPool(self)
        self._database_pool.setMaxThreadCount(1)
        self._file_pool = QThreadPool(self)
        self._file_pool.setMaxThreadCount(2)
        for pool in (self._database_pool, self._file_pool):
            _POOLS.add(pool)
        self._active: list[Operation[Any]] = []

    @property
    def busy(self) -> bool:
        return bool(self._active)

    @property
    def running_user_work(self) -> bool:
        """An import, a check run or a report is under way (closing would stop it)."""
        return any(op.long_running for op in self._active)

    def run(self, operation: Operation[T], *, database: bool = True) -> Operation[T]:
        """Start ``operation`` (queued behind earlier database work when ``database``)."""
        self._active.append(operation)
        operation.signals.finished.connect(lambda: self._finished(operation))
        if not operation.handles_failure:
            operation.signals.failed.connect(self.unhandled_failure.emit)
        if len(self._active) == 1:
            self.busy_changed.emit(True)
        pool = self._database_pool if database else self._file_pool
        pool.start(_Runnable(operation))
        return operation

    def _finished(self, operation: Operation[Any]) -> None:
        operation.done = True
        if operation in self._active:
            self._active.remove(operation)
            if not self._active:
                self.busy_changed.emit(False)

    def cancel_all(self) -> None:
        for operation in list(self._active):
            operation.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (results still arrive as events)."""
        ok_db = self._database_pool.waitForDone(msecs)
        ok_file = self._file_pool.waitForDone(msecs)
        return ok_db and ok_file

    def shutdown(self, msecs: int = 10000) -> bool:
        """Ask every operation to stop and wait for the threads (on closing the window)."""
        self.cancel_all()
        return self.wait(msecs)


def _live_pools() -> list[QThreadPool]:
    pools = [pool for pool in list(_POOLS) if shiboken6.isValid(pool)]
    return [QThreadPool.globalInstance(), *pools]


def active_thread_count() -> int:
    """Threads busy in the global pool and in every task manager's pools."""
    return sum(pool.activeThreadCount() for pool in _live_pools())


def wait_for_all(msecs: int = 5000) -> bool:
    """Wait for every pool to be idle (tests call this at teardown)."""
    ok = True
    for pool in _live_pools():
        ok = pool.waitForDone(msecs) and ok
    return ok


def run_detached(operation: Operation[T]) -> Operation[T]:
    """Run ``operation`` in the global thread pool: work that touches no database (sorting a
    long list), beside the task manager's lanes and not shown as the window being busy."""
    QThreadPool.globalInstance().start(_Runnable(operation))
    return operation
