"""Reading a large file in a second process while this one stores what it read: the two cores
of a workstation each do half of an import.

``offloaded(produce, *args)`` runs the generator function ``produce(*args)`` in a child process
(started by a fork server, so that a window's threads are never forked) and yields what it
yields, in order, through a bounded queue: the child stays at most a few chunks ahead and the
memory stays flat. An exception in the child is raised here; leaving the loop early (the user
cancelled, the store failed) stops the child."""

from __future__ import annotations

import multiprocessing
import queue as queues
from collections.abc import Callable, Iterator
from typing import Any

AHEAD = 4  # chunks the child may run ahead of the store
_END = "__einde__"
_FAILED = "__fout__"
_context: Any = None  # multiprocessing's fork-server context, once made


def _start_context() -> Any:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ketenkoppeling.importing"])
        _context = context
    return _context


def _child(produce: Callable[..., Iterator[Any]], args: tuple[Any, ...], out: Any) -> None:
    try:
        for item in produce(*args):
            out.put(item)
    except BaseException as exc:
        try:
            out.put((_FAILED, exc))
        except Exception:  # an exception that cannot be pickled: its text
            out.put((_FAILED, RuntimeError(f"{type(exc).__name__}: {exc}")))
        return
    out.put((_END, None))


class ChildFailed(RuntimeError):
    """The reading process ended without a word (killed, out of memory)."""


def offloaded(produce: Callable[..., Iterator[Any]], *args: Any) -> Iterator[Any]:
    """What ``produce(*args)`` yields, produced in a second process (see the module text)."""
    context = _start_context()
    out: Any = context.Queue(maxsize=AHEAD)
    process = context.Process(target=_child, args=(produce, args, out), daemon=True)
    process.start()
    try:
        while True:
            try:
                item = out.get(timeout=0.5)
            except queues.Empty:
                if not process.is_alive():
                    raise ChildFailed(
                        f"het leesproces is onverwacht gestopt (code {process.exitcode})"
                    ) from None
                continue
            if isinstance(item, tuple) and len(item) == 2 and item[0] == _FAILED:
                raise item[1]
            if isinstance(item, tuple) and len(item) == 2 and item[0] == _END:
                return
            yield item
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
        out.close()
        out.join_thread()
