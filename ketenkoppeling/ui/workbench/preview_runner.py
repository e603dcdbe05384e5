"""Running the preview in the background: a moment after the last edit (debounced), the first
records of the sample are mapped and the whole file is counted; a newer edit cancels a count
still running. The saved version's counts are computed once per sample, for the comparison.

No database work here: the reference data is read once (in the database lane) and handed to
the preview as plain data, so previews run beside other work in the file lane."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ketenkoppeling.importing import ImportCancelled
from ketenkoppeling.mapping.loader import MappingError
from ketenkoppeling.preview import PreviewCounts, preview_counts, preview_records
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.ui.context import AppContext
from ketenkoppeling.ui.engine import error_message
from ketenkoppeling.ui.workers import Cancelled, Job, Operation

PREVIEW_DEBOUNCE_MS = 400
PREVIEW_LIMIT = 50


class PreviewRunner(QObject):
    """``mapping()`` (given by the workbench) returns the Mapping being edited or raises
    MappingError; results arrive through the signals, stale ones are dropped."""

    started = Signal()
    records_ready = Signal(list)
    problem = Signal(str)
    counts_started = Signal()
    counts_progress = Signal(int, int)
    counts_ready = Signal(object, object)  # PreviewCounts, saved PreviewCounts | None
    counts_stopped = Signal(str)

    def __init__(self, ctx: AppContext, mapping: Callable[[], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.mapping = mapping
        self.reference: Any = None
        self.path: Path | None = None
        self.saved: Any = None  # the saved version's Mapping, to compare with
        self.saved_key = ""
        self.counts: PreviewCounts | None = None
        self.saved_counts: PreviewCounts | None = None
        self._saved_cache: dict[tuple[str, str], PreviewCounts] = {}
        self._generation = 0
        self._records_op: Operation[Any] | None = None
        self._counts_op: Operation[Any] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_now)

    # --- inputs ---------------------------------------------------------------------------

    def set_reference(self, reference: Any) -> None:
        self.reference = reference
        self._saved_cache.clear()
        self.schedule()

    def set_sample(self, path: Path | None) -> None:
        self.path = path
        self.schedule()

    def set_saved(self, key: str, mapping: Any) -> None:
        """The saved version to compare with (``key`` names it, e.g. 'name 3')."""
        self.saved_key = key
        self.saved = mapping

    @property
    def busy(self) -> bool:
        return self.timer.isActive() or any(
            op is not None and not op.done for op in (self._records_op, self._counts_op)
        )

    # --- running --------------------------------------------------------------------------

    def schedule(self) -> None:
        """Preview again a moment after the last change."""
        self.cancel_counts()
        if self.path is not None:
            self.timer.start()

    def cancel_counts(self) -> None:
        if self._counts_op is not None and not self._counts_op.done:
            self._counts_op.cancel()

    def run_now(self) -> None:
        self.timer.stop()
        if self.path is None or self.reference is None:
            return
        try:
            mapping = self.mapping()
        except MappingError as exc:
            self.problem.emit(str(exc))
            return
        if mapping is None:
            return
        self._generation += 1
        generation = self._generation
        self.cancel_counts()
        self.started.emit()
        path, reference = self.path, self.reference

        def records(_job: Job) -> list[Any]:
            return preview_records(reference, mapping, path, limit=PREVIEW_LIMIT)

        def shown(found: list[Any]) -> None:
            if generation == self._generation:
                self.records_ready.emit(found)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.problem.emit(
                    error_message(exc) if isinstance(exc, SourceRefused) else str(exc)
                )

        self._records_op = self.ctx.run(
            Operation(records, shown, failed, label="preview"), database=False
        )
        self._count(generation, mapping, path, reference)

    def _count(self, generation: int, mapping: Any, path: Path, reference: Any) -> None:
        saved = self.saved
        cache_key = (self.saved_key, str(path))
        cached = self._saved_cache.get(cache_key)

        def count(job: Job) -> tuple[PreviewCounts, PreviewCounts | None]:
            def progress(done: int, total: int) -> None:
                job.report((done, total))

            try:
                mine = preview_counts(
                    reference, mapping, path, progress=progress, cancel=job.cancelled
                )
                theirs = cached
                if theirs is None and saved is not None:
                    try:
                        theirs = preview_counts(
                            reference, saved, path, progress=progress, cancel=job.cancelled
                        )
                    except SourceRefused:
                        theirs = None
            except ImportCancelled:
                raise Cancelled from None
            return mine, theirs

        def done(result: tuple[PreviewCounts, PreviewCounts | None]) -> None:
            mine, theirs = result
            if theirs is not None:
                self._saved_cache[cache_key] = theirs
            if generation != self._generation:
                return
            self.counts, self.saved_counts = mine, theirs
            self.counts_ready.emit(mine, theirs)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.counts_stopped.emit(error_message(exc))

        def progressed(value: Any) -> None:
            if generation == self._generation and isinstance(value, tuple):
                self.counts_progress.emit(int(value[0]), int(value[1]))

        def cancelled() -> None:
            if generation == self._generation:
                self.counts_stopped.emit("")

        self.counts = None
        self.counts_started.emit()
        self._counts_op = self.ctx.run(
            Operation(count, done, failed, progressed, on_cancel=cancelled, label="preview-counts"),
            database=False,
        )
